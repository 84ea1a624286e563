// Without a Secret Service the server still starts and lists metadata, and every secret operation
// answers 503 with what to do; the same when the keychain is locked while the server runs, with
// nothing half-written. The opt-in file backend works, keeps values in a 0600 file, and says so
// loudly (stderr and /health).
import test, { after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DevServerClient, DevServerError } from "../../server/devserver/client";
import { ROOT, readCredentialsFile, removeDir, spawnServer, tempDir, type Spawned } from "./harness";

const NO_SECRET_SERVICE = { DBUS_SESSION_BUS_ADDRESS: "unix:path=/nonexistent" };
const dirs: string[] = [];
const servers: Spawned[] = [];
after(async () => {
  for (const s of servers) await s.stop();
  dirs.forEach(removeDir);
});

const seeded = {
  version: 1,
  entries: [
    {
      id: "0123456789abcdef",
      key: "acme",
      scope: "organization",
      default: true,
      name: "Acme",
      kind: "api_key",
      fields: ["apiKey"],
      createdAt: "2026-01-01T00:00:00.000Z",
      updatedAt: "2026-01-01T00:00:00.000Z",
    },
  ],
};

test("keychain unavailable: metadata listed, secret operations 503 with an actionable message", async () => {
  const storeDir = tempDir();
  dirs.push(storeDir);
  writeFileSync(path.join(storeDir, "credentials.json"), JSON.stringify(seeded), { mode: 0o600 });
  const before = readCredentialsFile(storeDir);
  const server = await spawnServer({ storeDir, env: NO_SECRET_SERVICE });
  servers.push(server);
  assert.match(server.stderr(), /OS keychain is not available/);
  const client = new DevServerClient({ host: "127.0.0.1", port: server.port, token: server.token });
  const health = await client.health();
  assert.equal(health.secretBackend, "keychain");
  assert.match(health.secretsUnavailable ?? "", /--secret-backend file/);
  assert.deepEqual((await client.list()).map((e) => e.key), ["acme"]);
  assert.equal((await client.snapshot()).credentials.length, 1);
  assert.equal((await client.resolve("acme")).resolved, true, "resolution needs no secrets");

  const secretOps: [string, () => Promise<unknown>][] = [
    ["put", () => client.put({ key: "new", scope: "organization", fields: { apiKey: "x" } })],
    ["reveal", () => client.reveal("0123456789abcdef")],
    ["rotate", () => client.patch("0123456789abcdef", { fields: { apiKey: "y" } })],
    ["delete", () => client.remove("0123456789abcdef")],
    ["resolve with values", () => client.resolve("acme", { values: true })],
    ["import", () => client.importDotenv({ content: "A=1", mapping: [{ env: "A", key: "acme", field: "apiKey", scope: "organization" }] })],
  ];
  for (const [name, op] of secretOps) {
    await assert.rejects(op(), (e: DevServerError) => {
      assert.equal(e.status, 503, name);
      assert.equal(e.code, "secrets_unavailable");
      assert.match(e.message, /Start gnome-keyring/);
      return true;
    });
  }
  // Metadata-only changes still work.
  assert.equal((await client.patch("0123456789abcdef", { name: "Renamed" })).name, "Renamed");
  assert.notEqual(readCredentialsFile(storeDir), before);
  client.close();
});

/** A private D-Bus session with its own unlocked gnome-keyring (test/support/keyring-session.sh), until close(). */
function privateKeyring(): Promise<{ address: string; close: () => void }> {
  const session = spawn("bash", [path.join(ROOT, "test/support/keyring-session.sh"), "bash", "-c", 'echo "bus=$DBUS_SESSION_BUS_ADDRESS"; exec cat'], {
    env: { ...process.env, KEYSTROKE_INSIDE_DBUS: "" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const close = () => session.stdin.end();
  return new Promise((resolve, reject) => {
    let out = "";
    session.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const address = /^bus=(.+)$/m.exec(out)?.[1];
      if (address) resolve({ address, close });
    });
    session.once("exit", (code) => reject(new Error(`the keyring session exited with ${code} before naming its bus`)));
  });
}

function lockLoginCollection(address: string): void {
  const lock = spawnSync("dbus-send", [
    `--bus=${address}`,
    "--dest=org.freedesktop.secrets",
    "--print-reply",
    "/org/freedesktop/secrets",
    "org.freedesktop.Secret.Service.Lock",
    "array:objpath:/org/freedesktop/secrets/collection/login",
  ], { encoding: "utf8" });
  assert.equal(lock.status, 0, `dbus-send Lock failed: ${lock.stderr}`);
}

const hasTool = (name: string) => spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;
const lockable = ["dbus-run-session", "gnome-keyring-daemon", "dbus-send"].every(hasTool);

test("keychain locked while the server runs: secret operations 503 with the unlock hint, nothing half-written", { skip: lockable ? false : "needs dbus-run-session, gnome-keyring-daemon and dbus-send", timeout: 60_000 }, async () => {
  const storeDir = tempDir();
  dirs.push(storeDir);
  const keyring = await privateKeyring();
  try {
    const server = await spawnServer({ storeDir, env: { DBUS_SESSION_BUS_ADDRESS: keyring.address } });
    servers.push(server);
    const client = new DevServerClient({ host: "127.0.0.1", port: server.port, token: server.token });
    const stored = await client.put({ key: "acme", scope: "organization", fields: { apiKey: "before-the-lock" } });
    assert.deepEqual((await client.reveal(stored.id)).fields, { apiKey: "before-the-lock" });
    const before = readCredentialsFile(storeDir);

    // A headless unlock prompt is dismissed at once; with a display, the call deadline ends the wait.
    lockLoginCollection(keyring.address);
    const secretOps: [string, () => Promise<unknown>][] = [
      ["put", () => client.put({ key: "new", scope: "organization", fields: { apiKey: "x" } })],
      ["reveal", () => client.reveal(stored.id)],
      ["rotate", () => client.patch(stored.id, { fields: { apiKey: "after-the-lock" } })],
      ["delete", () => client.remove(stored.id)],
    ];
    for (const [name, op] of secretOps) {
      await assert.rejects(op(), (e: DevServerError) => {
        assert.equal(e.status, 503, name);
        assert.equal(e.code, "secrets_unavailable", name);
        assert.match(e.message, /unlock your keychain/, name);
        return true;
      });
    }
    assert.equal(readCredentialsFile(storeDir), before, "no operation left a half-written entry");
    assert.deepEqual((await client.list()).map((e) => e.key), ["acme"]);
    assert.match((await client.health()).secretsUnavailable ?? "", /unlock your keychain/);
    client.close();
  } finally {
    keyring.close();
  }
});

test("file backend: values in a 0600 secrets.json, loud warning, reported by /health", async () => {
  const storeDir = tempDir();
  dirs.push(storeDir);
  const server = await spawnServer({ storeDir, args: ["--secret-backend", "file"], env: NO_SECRET_SERVICE });
  servers.push(server);
  assert.match(server.stderr(), /WARNING: secret values are stored UNENCRYPTED/);
  const client = new DevServerClient({ host: "127.0.0.1", port: server.port, token: server.token });
  const requirements = await client.requirements();
  assert.ok(!requirements.available && /started without --root/.test(requirements.reason), "no --root: the code is unknown, and the reason says so");
  const health = await client.health();
  assert.equal(health.secretBackend, "file");
  assert.equal(health.secretsUnavailable, null);
  const entry = await client.put({ key: "acme", scope: "organization", fields: { apiKey: "file-secret" } });
  assert.deepEqual((await client.reveal(entry.id)).fields, { apiKey: "file-secret" });
  const secretsFile = path.join(storeDir, "secrets.json");
  assert.equal(statSync(secretsFile).mode & 0o777, 0o600);
  assert.match(readFileSync(secretsFile, "utf8"), /file-secret/);
  assert.ok(!readCredentialsFile(storeDir).includes("file-secret"));
  await client.remove(entry.id);
  assert.ok(!readFileSync(secretsFile, "utf8").includes("file-secret"));
  client.close();
});
