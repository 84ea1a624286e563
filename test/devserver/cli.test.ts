// The CLI side: `keystroke-credentials serve` runs the same server; `check --local-store DIR`
// reads a live store's metadata read-only; without local flags, check uses the default store
// (KEYSTROKE_CREDENTIALS_HOME here) when it has a credentials.json, else "local" is unchecked.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { DevServerClient } from "../../server/devserver/client";
import { ROOT, removeDir, spawnServer, tempDir, type Spawned } from "./harness";

const CLI = path.join(ROOT, "dist/cli.js");
const EXAMPLE = path.join(ROOT, "examples/acme-support");
let server: Spawned;
const dirs: string[] = [];

interface CheckJson {
  diagnostics: { code: string; credential: string | null; target: string | null }[];
  targets: { local: { state: string }; cloud: { state: string } };
}

function check(args: string[], env: NodeJS.ProcessEnv = {}): { status: number | null; json: CheckJson | null; stderr: string } {
  const run = spawnSync(process.execPath, [CLI, "check", "--root", EXAMPLE, "--format", "json", ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
  let json: CheckJson | null = null;
  try {
    json = JSON.parse(run.stdout) as CheckJson;
  } catch {
    json = null;
  }
  return { status: run.status, json, stderr: run.stderr };
}

const localMissing = (json: CheckJson | null, key: string) => json?.diagnostics.some((d) => d.target === "local" && d.credential === key && d.code === "KS001");

before(async () => {
  server = await spawnServer({ entry: [CLI, "serve"], args: ["--root", EXAMPLE] });
  dirs.push(server.storeDir);
});

after(async () => {
  await server?.stop();
  dirs.forEach(removeDir);
});

test("`serve` reads --root's keystroke.config.ts for the current project", async () => {
  const client = new DevServerClient({ host: "127.0.0.1", port: server.port, token: server.token });
  assert.equal((await client.health()).project, "support-bot");
  client.close();
});

test("check --local-store reads the running server's store", async () => {
  const before = check(["--local-store", server.storeDir]);
  assert.equal(before.json?.targets.local.state, "checked", before.stderr);
  assert.ok(localMissing(before.json, "exa"), "exa missing before it is set");

  const client = new DevServerClient({ host: "127.0.0.1", port: server.port, token: server.token });
  await client.put({ key: "exa", scope: "organization", fields: { apiKey: "from-test" } });
  client.close();
  const afterPut = check(["--local-store", server.storeDir]);
  assert.equal(localMissing(afterPut.json, "exa"), false, "exa resolves locally once set");
});

test("without local flags, check uses the default store only when it has a credentials.json", () => {
  const fromDefault = check([], { KEYSTROKE_CREDENTIALS_HOME: server.storeDir });
  assert.equal(fromDefault.json?.targets.local.state, "checked");
  const empty = tempDir();
  dirs.push(empty);
  const none = check([], { KEYSTROKE_CREDENTIALS_HOME: empty });
  assert.equal(none.json?.targets.local.state, "unchecked");
  assert.equal(none.json?.diagnostics.some((d) => d.target === "local"), false, "unchecked is not missing");
});

test("serve and dist/devserver.js refuse a --store that is a file and a --root that does not exist (exit 2)", () => {
  const file = path.join(ROOT, "package.json");
  const store = tempDir();
  dirs.push(store);
  for (const entry of [[CLI, "serve"], [path.join(ROOT, "dist/devserver.js")]]) {
    for (const [args, message] of [
      [["--store", file], /--store .*package\.json is not a directory/],
      [["--store", store, "--root", path.join(ROOT, "no-such-project")], /--root .*no-such-project does not exist/],
    ] as const) {
      const run = spawnSync(process.execPath, [...entry, ...args], { cwd: ROOT, encoding: "utf8", timeout: 20_000 });
      assert.equal(run.status, 2, `${entry.join(" ")} ${args.join(" ")}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /unexpected error|^\s+at /m);
    }
  }
});

test("check rejects --local-store with --local-snapshot, and a store directory that does not exist", () => {
  assert.equal(check(["--local-store", server.storeDir, "--local-snapshot", "x.json"]).status, 2);
  const missing = check(["--local-store", path.join(server.storeDir, "nope")]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /does not exist/);
});

test("`open` prints a fresh single-use link each time (never the token); without a server it says how to start one", async () => {
  const open = (args: string[]) => spawnSync(process.execPath, [CLI, "open", ...args], { cwd: ROOT, encoding: "utf8" });
  const links = [open(["--store", server.storeDir]), open(["--store", server.storeDir])].map((run) => {
    assert.equal(run.status, 0, run.stderr);
    assert.ok(!run.stdout.includes(server.token));
    assert.match(run.stdout, /valid for 60 s/);
    assert.match(run.stdout, /keystroke-credentials open --store /, "names the command for this store");
    return /Credential manager: (\S+)/.exec(run.stdout)![1]!;
  });
  assert.notEqual(links[0], links[1]);
  assert.notEqual(links[0], server.link);
  // Each printed link opens the page (until it is used).
  const page = await fetch(links[0]!);
  assert.equal(page.status, 200);

  const empty = tempDir();
  dirs.push(empty);
  const none = open(["--store", empty]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no dev server is running .*keystroke-credentials serve/);
});
