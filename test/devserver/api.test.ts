// API round trips against a spawned dev server on the real keychain: values land in the keychain
// (read back with secret-tool) and never in credentials.json; files are 0600; exit cleans up.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DevServerClient, DevServerError, readDevServerInfo } from "../../server/devserver/client";
import { StoreFile } from "../../server/core/schema";
import { readCredentialsFile, removeDir, secretToolLookup, spawnServer, tempDir, type Spawned } from "./harness";

let server: Spawned;
let client: DevServerClient;
let projectDir: string;

before(async () => {
  projectDir = tempDir("ks-project-");
  writeFileSync(path.join(projectDir, "keystroke.config.ts"), 'export default { organization: "acme", project: "support-bot" };\n');
  server = await spawnServer({ args: ["--root", projectDir] });
  const info = await readDevServerInfo(server.storeDir);
  assert.ok(info, "devserver.json names the running server");
  client = new DevServerClient(info);
});

after(async () => {
  client?.close();
  await server?.stop();
  removeDir(server.storeDir);
  removeDir(projectDir);
});

test("health is public and reports the backend and current project", async () => {
  const health = await client.health();
  assert.equal(health.ok, true);
  assert.equal(health.secretBackend, "keychain");
  assert.equal(health.secretsUnavailable, null);
  assert.equal(health.project, "support-bot");
});

test("devserver.json is 0600 and describes this server", async () => {
  const info = await readDevServerInfo(server.storeDir);
  assert.equal(info?.port, server.port);
  assert.equal(info?.pid, server.child.pid);
  assert.equal(statSync(path.join(server.storeDir, "devserver.json")).mode & 0o777, 0o600);
});

test("PUT stores values in the keychain only; list, reveal, patch, delete round-trip", async () => {
  const created = await client.put({ key: "acme", scope: "organization", fields: { apiKey: "sk-round-trip-1" }, name: "Acme org" });
  assert.equal(created.key, "acme");
  assert.deepEqual(created.fields, ["apiKey"]);
  assert.equal(created.default, true);
  assert.equal(JSON.parse(secretToolLookup(created.id) ?? "null").apiKey, "sk-round-trip-1");
  const file = readCredentialsFile(server.storeDir);
  assert.ok(!file.includes("sk-round-trip-1"), "no value in credentials.json");
  assert.ok(StoreFile.safeParse(JSON.parse(file)).success);
  assert.equal(statSync(path.join(server.storeDir, "credentials.json")).mode & 0o777, 0o600);

  // Same key, scope and project: updated in place (same id), values replaced.
  const replaced = await client.put({ key: "acme", scope: "organization", fields: { apiKey: "sk-round-trip-2", region: "eu" } });
  assert.equal(replaced.id, created.id);
  assert.equal(replaced.name, "Acme org");
  assert.deepEqual(replaced.fields, ["apiKey", "region"]);
  assert.equal((await client.list()).filter((e) => e.key === "acme").length, 1);

  const revealed = await client.reveal(created.id);
  assert.deepEqual(revealed.fields, { apiKey: "sk-round-trip-2", region: "eu" });
  assert.ok((await client.list()).find((e) => e.id === created.id)?.lastUsedAt, "reveal records lastUsedAt");

  const patched = await client.patch(created.id, { name: "Renamed", default: false, fields: { region: "us" } });
  assert.equal(patched.name, "Renamed");
  assert.equal(patched.default, false);
  assert.deepEqual(JSON.parse(secretToolLookup(created.id)!), { apiKey: "sk-round-trip-2", region: "us" });

  await client.remove(created.id);
  assert.equal(secretToolLookup(created.id), null, "value removed from the keychain");
  assert.equal((await client.list()).some((e) => e.id === created.id), false);
  await assert.rejects(client.reveal(created.id), (e: DevServerError) => e.status === 404);
});

test("project scope defaults to the --root project; resolve follows the documented order", async () => {
  const org = await client.put({ key: "exa", scope: "organization", fields: { apiKey: "org-value" } });
  const proj = await client.put({ key: "exa", scope: "project", fields: { apiKey: "project-value" } });
  assert.equal(proj.project, "support-bot");
  const other = await client.put({ key: "exa", scope: "project", project: "other-project", fields: { apiKey: "other" } });
  await client.put({ key: "slack", scope: "user", fields: { token: "user-token" } });

  const picked = await client.resolve("exa");
  assert.equal(picked.resolved, true);
  assert.equal(picked.entry?.id, proj.id);
  assert.equal(picked.scope, "project");
  assert.equal(picked.values, undefined, "no values unless asked");

  const pinned = await client.resolve("exa", { scope: "organization", values: true });
  assert.equal(pinned.entry?.id, org.id);
  assert.deepEqual(pinned.values, { apiKey: "org-value" });

  const elsewhere = await client.resolve("exa", { project: "other-project" });
  assert.equal(elsewhere.entry?.id, other.id);

  const userOnly = await client.resolve("slack");
  assert.equal(userOnly.resolved, false);
  assert.equal(userOnly.code, "KS002");
  assert.deepEqual(userOnly.existsAt, ["user"]);
  assert.equal((await client.resolve("slack", { scope: "user" })).resolved, true);
  assert.equal((await client.resolve("nothing-here")).code, "KS001");
});

test("snapshot lists field names only, with ids, and the project context", async () => {
  const snapshot = await client.snapshot();
  assert.equal(snapshot.project, "support-bot");
  assert.equal(snapshot.organization, "acme");
  const exa = snapshot.credentials.find((c) => c.key === "exa" && c.scope === "organization");
  assert.ok(exa?.id);
  assert.deepEqual(exa?.fields, ["apiKey"]);
  assert.ok(!JSON.stringify(snapshot).includes("org-value"));
});

test("requirements: the --root code's requirements, resolved against this store; the cloud not listed yet", async () => {
  mkdirSync(path.join(projectDir, "src"), { recursive: true });
  writeFileSync(
    path.join(projectDir, "src/actions.ts"),
    [
      `import { defineCredential } from "@keystrokehq/keystroke/credentials";`,
      `import { defineAction } from "@keystrokehq/keystroke/action";`,
      `import { z } from "zod";`,
      `const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });`,
      `const linear = defineCredential({ key: "linear", fields: { token: z.string() } });`,
      `export const search = defineAction({ slug: "search", credentials: [exa, linear] as const, async run() {} });`,
    ].join("\n"),
  );
  const view = await client.requirements();
  assert.ok(view.available, "available with --root");
  const byKey = new Map(view.requirements.map((r) => [r.key, r]));
  assert.deepEqual([...byKey.keys()].sort(), ["exa", "linear"]);
  assert.equal(byKey.get("exa")?.root, projectDir);
  assert.equal(byKey.get("exa")?.file, "src/actions.ts");
  assert.equal(byKey.get("exa")?.action.name, "search");
  const exaLocal = byKey.get("exa")?.targets.local;
  assert.equal(exaLocal?.status, "resolved");
  // The earlier tests stored exa at project and organization scope: the project default wins.
  assert.equal(exaLocal?.status === "resolved" ? exaLocal.scope : null, "project");
  assert.equal(byKey.get("linear")?.targets.local.status, "missing");
  assert.equal(byKey.get("linear")?.targets.cloud.status, "unchecked");
  assert.match((byKey.get("linear")?.targets.cloud as { reason: string }).reason, /not been listed yet/);

  // The code is read again at every request: a fixed file changes the answer.
  writeFileSync(path.join(projectDir, "src/actions.ts"), `export const nothing = 1;\n`);
  const after = await client.requirements();
  assert.ok(after.available);
  assert.deepEqual(after.requirements, []);
});

test("import from .env maps variables to fields; unmapped ones are ignored", async () => {
  const content = [
    "# comment",
    "export STRIPE_KEY=sk_live_from_env",
    'STRIPE_WEBHOOK="whsec_quoted # not a comment"',
    "UNRELATED=ignored",
  ].join("\n");
  const result = await client.importDotenv({
    content,
    mapping: [
      { env: "STRIPE_KEY", key: "stripe", field: "apiKey", scope: "organization" },
      { env: "STRIPE_WEBHOOK", key: "stripe", field: "webhookSecret", scope: "organization" },
    ],
  });
  assert.equal(result.imported, 1);
  const entry = result.entries[0]!;
  assert.deepEqual(entry.fields.sort(), ["apiKey", "webhookSecret"]);
  assert.deepEqual(JSON.parse(secretToolLookup(entry.id)!), { apiKey: "sk_live_from_env", webhookSecret: "whsec_quoted # not a comment" });
  assert.ok(!readCredentialsFile(server.storeDir).includes("sk_live_from_env"));

  await assert.rejects(
    client.importDotenv({ content, mapping: [{ env: "MISSING_VAR", key: "stripe", field: "apiKey", scope: "organization" }] }),
    (e: DevServerError) => e.status === 400 && e.message.includes("MISSING_VAR"),
  );
});

test("SIGTERM removes devserver.json and the lock", async () => {
  const storeDir = tempDir();
  mkdirSync(storeDir, { recursive: true });
  const second = await spawnServer({ storeDir });
  assert.ok(existsSync(path.join(storeDir, "devserver.json")));
  assert.ok(existsSync(path.join(storeDir, "devserver.lock")));
  assert.equal(await second.stop(), 0);
  assert.equal(existsSync(path.join(storeDir, "devserver.json")), false);
  assert.equal(existsSync(path.join(storeDir, "devserver.lock")), false);
  assert.equal(await readDevServerInfo(storeDir), null);
  removeDir(storeDir);
});
