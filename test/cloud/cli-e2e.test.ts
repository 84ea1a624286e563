// The built command line (dist/cli.js) against the stand-in `keystroke`: `check --cloud live`,
// `cloud list|snapshot|push|status|connect|deploy`, Ctrl-C, and the masked prompt on a real pty.
import test, { after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { STANDIN_PATH, createStandIn, sha256, waitFor, waitForExit, type StandIn, type StandInState } from "./standin";

import { CLI, runCli, type Ran } from "../support/run-cli";
const SECRET = "lin_api_3b9f2c71d8e54a06aa91";
const SECRET2 = "sk-exa-77c1d0e2f3a4b5c6d7e8";

const standIns: StandIn[] = [];
after(() => {
  for (const s of standIns) s.cleanup();
});

/** A project needing `exa` (apiKey) and `linear` (token) from one action, in the stand-in's project folder. */
function setup(state: StandInState = {}): StandIn {
  const standIn = createStandIn(state, 'import { defineConfig } from "@keystrokehq/keystroke/config";\nexport default defineConfig({ organization: "acme", project: "support-bot" });\n');
  standIns.push(standIn);
  const src = path.join(standIn.project, "src");
  mkdirSync(path.join(src, "credentials"), { recursive: true });
  mkdirSync(path.join(src, "actions"), { recursive: true });
  writeFileSync(
    path.join(src, "credentials", "exa.ts"),
    'import { defineCredential } from "@keystrokehq/keystroke/credentials";\nimport { z } from "zod";\nexport const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });\n',
  );
  writeFileSync(
    path.join(src, "credentials", "linear.ts"),
    'import { defineCredential } from "@keystrokehq/keystroke/credentials";\nimport { z } from "zod";\nexport const linear = defineCredential({ key: "linear", fields: { token: z.string() } });\n',
  );
  writeFileSync(
    path.join(src, "actions", "triage.ts"),
    'import { defineAction } from "@keystrokehq/keystroke/action";\nimport { exa } from "../credentials/exa";\nimport { linear } from "../credentials/linear";\n\nexport const triage = defineAction({\n  slug: "triage",\n  credentials: [exa, linear] as const,\n  async run() {\n    return {};\n  },\n});\n',
  );
  // A local store that has everything, so any error finding comes from the cloud.
  writeFileSync(
    path.join(standIn.dir, "local.json"),
    JSON.stringify({ version: 1, credentials: [{ key: "exa", scope: "organization", fields: ["apiKey"] }, { key: "linear", scope: "organization", fields: ["token"] }] }),
  );
  return standIn;
}

const cli = (standIn: StandIn, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> => runCli(args, { cwd: standIn.dir, env: { ...standIn.env, ...env } });

function check(standIn: StandIn, extra: string[] = [], env: NodeJS.ProcessEnv = {}) {
  return cli(standIn, ["check", "--root", standIn.project, "--cloud", "live", "--local-snapshot", path.join(standIn.dir, "local.json"), ...extra], env);
}

type JsonReport = { diagnostics: { code: string; credential: string | null; target: string | null }[]; targets: { local: { state: string }; cloud: { state: string } } };

function assertNoSecrets(standIn: StandIn, ...texts: string[]) {
  for (const secret of [SECRET, SECRET2]) {
    for (const text of [standIn.logText(), readFileSync(standIn.statePath, "utf8"), ...texts]) assert.ok(!text.includes(secret), "a secret value leaked");
  }
}

test("built CLI exists", () => {
  assert.ok(existsSync(CLI), "run `node scripts/build.mjs` first");
});

test("check --cloud live: resolves against `keystroke credentials list` (stand-in on PATH)", async () => {
  const standIn = setup({ credentials: [{ key: "exa", scope: "organization", fields: ["apiKey"] }] });
  const ran = await check(standIn, ["--format", "json"]);
  assert.equal(ran.code, 1, ran.stderr);
  const report = JSON.parse(ran.stdout) as JsonReport;
  assert.deepEqual([report.targets.local.state, report.targets.cloud.state], ["checked", "checked"]);
  assert.deepEqual(
    report.diagnostics.map((d) => [d.code, d.credential, d.target]),
    [["KS001", "linear", "cloud"]],
  );
  assert.deepEqual(standIn.calls().map((c) => [c.argv, c.cwd]), [[["credentials", "list"], standIn.project]]);
});

test("check --cloud live: --project override becomes --project for the CLI; KEYSTROKE_CLI works without PATH", async () => {
  const standIn = setup({ credentials: [] });
  const ran = await check(standIn, ["--project", "other-bot", "--format", "json"], { PATH: path.dirname(process.execPath), KEYSTROKE_CLI: STANDIN_PATH });
  assert.equal(ran.code, 1, ran.stderr);
  assert.deepEqual(standIn.calls().map((c) => c.argv), [["credentials", "list", "--project", "other-bot"]]);
});

test("check --cloud live: a failed listing leaves the cloud not checked, with the reason, and fails the run (exit 3)", async () => {
  const cases: { state: StandInState; env?: NodeJS.ProcessEnv; reason: RegExp }[] = [
    { state: { loggedIn: false }, reason: /cloud: not checked \(The keystroke CLI is not logged in; run `keystroke auth login`/ },
    { state: { mode: "not-linked" }, reason: /cloud: not checked \(This folder is not linked to a Keystroke project; run `keystroke projects link --project <slug>`/ },
    { state: { mode: "exit1", stderr: "Error: upstream unavailable (503)" }, reason: /cloud: not checked \(`keystroke credentials list` failed \(exit 1\)\. The CLI said: Error: upstream unavailable \(503\)\)/ },
    { state: {}, env: { PATH: path.dirname(process.execPath) }, reason: /cloud: not checked \(The keystroke CLI was not found on PATH or in node_modules\/\.bin; install it with `npm i -g @keystrokehq\/cli` or pass --cli PATH\.\)/ },
  ];
  for (const c of cases) {
    const standIn = setup(c.state);
    const ran = await check(standIn, [], c.env);
    assert.equal(ran.code, 3, `${ran.stdout}${ran.stderr}`);
    assert.match(ran.stdout, c.reason);
    assert.match(ran.stdout, /No credential problems found/);
    assert.equal((await check(standIn, ["--allow-unchecked"], c.env)).code, 0);
  }
});

test("cloud push: values from the named environment variables, fanned out; never in argv, logs or output", async () => {
  const standIn = setup();
  const ran = await cli(
    standIn,
    ["cloud", "push", "exa", "--set", "apiKey=@env:EXA_KEY", "--set", "token=@env:SECOND", "--scope", "organization", "--scope", "user", "--project", "billing", "--root", standIn.project],
    { EXA_KEY: SECRET2, SECOND: SECRET },
  );
  assert.equal(ran.code, 0, ran.stderr);
  assert.match(ran.stdout, /Pushed exa \(apiKey, token\) to organization, user, project billing\./);
  const [set, list] = standIn.calls();
  const names = set!.argv.filter((a) => a.includes("=@env:")).map((a) => a.split("=@env:")[1]!);
  assert.equal(names.length, 2);
  for (const n of names) assert.match(n, /^KS_SECRET_[0-9A-F]{16}$/);
  assert.deepEqual(set!.argv, [
    "credentials", "set", "exa",
    "--set", `apiKey=@env:${names[0]}`, "--set", `token=@env:${names[1]}`,
    "--scope", "org", "--scope", "user", "--scope", "project", "--project-slug", "billing",
  ]);
  assert.deepEqual(set!.env.sort(), [...names].sort());
  assert.deepEqual(list!.argv, ["credentials", "list"]);
  const stored = standIn.readState().credentials ?? [];
  assert.equal(stored.length, 3);
  for (const e of stored) assert.deepEqual(e.received, { apiKey: { length: SECRET2.length, sha256: sha256(SECRET2) }, token: { length: SECRET.length, sha256: sha256(SECRET) } });
  assertNoSecrets(standIn, ran.stdout, ran.stderr);

  // --scope project alone targets keystroke.config.ts's project.
  const own = await cli(standIn, ["cloud", "push", "linear", "--set", "token=@env:T", "--scope", "project", "--root", standIn.project], { T: SECRET });
  assert.equal(own.code, 0, own.stderr);
  assert.deepEqual(standIn.calls().at(-2)?.argv.slice(-4), ["--scope", "project", "--project-slug", "support-bot"]);
});

test("cloud push --local: `keystroke --local credentials set`", async () => {
  const standIn = setup();
  const ran = await cli(standIn, ["cloud", "push", "exa", "--local", "--set", "apiKey=@env:K", "--root", standIn.project], { K: SECRET });
  assert.equal(ran.code, 0, ran.stderr);
  const [call] = standIn.calls();
  assert.deepEqual(call!.argv.slice(0, 5), ["--local", "credentials", "set", "exa", "--set"]);
  assert.equal(standIn.readState().local?.[0]?.received?.apiKey?.sha256, sha256(SECRET));
  assertNoSecrets(standIn, ran.stdout, ran.stderr);
});

test("cloud push refuses values on the command line, missing variables, and prompts without a terminal", async () => {
  const standIn = setup();
  const literal = await cli(standIn, ["cloud", "push", "exa", "--set", `apiKey=${SECRET}`, "--root", standIn.project]);
  assert.equal(literal.code, 2);
  assert.match(literal.stderr, /refusing a value for apiKey on the command line/);
  const unset = await cli(standIn, ["cloud", "push", "exa", "--set", "apiKey=@env:NOT_SET_ANYWHERE", "--root", standIn.project]);
  assert.equal(unset.code, 2);
  assert.match(unset.stderr, /environment variable NOT_SET_ANYWHERE \(for apiKey\) is not set/);
  const prompt = await cli(standIn, ["cloud", "push", "exa", "--set", "apiKey", "--root", standIn.project]);
  assert.equal(prompt.code, 2);
  assert.match(prompt.stderr, /not on a terminal/);
  const positional = await cli(standIn, ["cloud", "push", "exa", SECRET, "--set", "apiKey=@env:X", "--root", standIn.project], { X: "x" });
  assert.equal(positional.code, 2);
  assert.deepEqual(standIn.calls(), [], "nothing reached the CLI");
  assertNoSecrets(standIn, literal.stdout, literal.stderr, positional.stdout, positional.stderr);
});

test("cloud: a --root that is missing or a file is named as such (exit 2), not blamed on the CLI", async () => {
  const standIn = setup();
  for (const root of [path.join(standIn.dir, "no-such-project"), path.join(standIn.dir, "local.json")]) {
    const ran = await cli(standIn, ["cloud", "list", "--root", root]);
    assert.equal(ran.code, 2, ran.stderr);
    assert.match(ran.stderr, /project root .* (no such file or directory|is not a directory)/);
    assert.doesNotMatch(ran.stderr, /could not be started/);
  }
  assert.deepEqual(standIn.calls(), [], "the CLI was not run");
});

test("cloud: a slug, key or filter the adapter refuses is a usage error (exit 2), and runs nothing", async () => {
  const standIn = setup();
  const runs = [
    await cli(standIn, ["cloud", "connect", "evil;rm", "--root", standIn.project]),
    await cli(standIn, ["cloud", "deploy", "--filter", "../../etc", "--root", standIn.project]),
    await cli(standIn, ["cloud", "push", "bad key!", "--set", "apiKey=@env:X", "--root", standIn.project], { X: SECRET }),
  ];
  for (const ran of runs) assert.equal(ran.code, 2, ran.stderr);
  assert.deepEqual(standIn.calls(), [], "the CLI was not run");
  assertNoSecrets(standIn, ...runs.flatMap((r) => [r.stdout, r.stderr]));
});

test("cloud push --set FIELD asks on the terminal with a masked prompt (real pty via script(1))", async (t) => {
  const script = spawnSync("script", ["--version"]);
  if (script.error) return t.skip("script(1) is not installed");
  const standIn = setup();
  const command = [process.execPath, CLI, "cloud", "push", "exa", "--set", "apiKey", "--root", standIn.project].map((a) => `'${a}'`).join(" ");
  const child = spawn("script", ["-qfec", command, "/dev/null"], { env: standIn.env, stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stdout.setEncoding("utf8").on("data", (d: string) => (out += d));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  await waitFor(() => out.includes("Value for apiKey:"), "the prompt");
  child.stdin.write(`${SECRET}\r`);
  await waitFor(() => /Pushed exa/.test(out) || /error|refus/i.test(out), "the push to finish", 15_000);
  child.stdin.end();
  assert.equal(await closed, 0, out);
  assert.match(out, /Value for apiKey: \*{10,}/);
  assert.equal(standIn.readState().credentials?.[0]?.received?.apiKey?.sha256, sha256(SECRET));
  assertNoSecrets(standIn, out);
});

test("cloud list (text, json), snapshot --out, and check --cloud-snapshot on that file", async () => {
  const standIn = setup({
    credentials: [
      { key: "exa", scope: "organization", fields: ["apiKey"], name: "Exa prod" },
      { key: "linear", scope: "project", project: "support-bot", fields: ["token"] },
    ],
  });
  const text = await cli(standIn, ["cloud", "list", "--root", standIn.project]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /^Cloud credentials \(organization acme, project support-bot\), fetched \d{4}-/);
  assert.match(text.stdout, /exa\s+organization\s+default "Exa prod"\s+apiKey/);
  assert.match(text.stdout, /linear\s+project support-bot\s+default\s+token/);
  const json = await cli(standIn, ["cloud", "list", "--format", "json", "--root", standIn.project]);
  const snapshot = JSON.parse(json.stdout) as { version: number; credentials: unknown[] };
  assert.equal(snapshot.version, 1);
  assert.equal(snapshot.credentials.length, 2);

  const out = path.join(standIn.dir, "cloud.json");
  const snap = await cli(standIn, ["cloud", "snapshot", "--out", out, "--root", standIn.project]);
  assert.equal(snap.code, 0, snap.stderr);
  const offline = await cli(standIn, ["check", "--root", standIn.project, "--cloud-snapshot", out, "--local-snapshot", path.join(standIn.dir, "local.json")]);
  assert.equal(offline.code, 0, offline.stdout);
  assert.match(offline.stdout, /No credential problems found/);

  standIn.writeState({ mode: "non-json" });
  const failed = await cli(standIn, ["cloud", "list", "--root", standIn.project]);
  assert.equal(failed.code, 1);
  assert.match(failed.stderr, /Could not read the output of `keystroke credentials list`/);
});

test("cloud status, connect and deploy run the matching keystroke commands", async () => {
  const standIn = setup();
  const status = await cli(standIn, ["cloud", "status", "--root", standIn.project]);
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, /Logged in as dev@example\.com \(organizations: acme\)\./);
  const connect = await cli(standIn, ["cloud", "connect", "slack", "--root", standIn.project]);
  assert.equal(connect.code, 0, connect.stderr);
  assert.match(connect.stdout, /connect\/slack/);
  const deploy = await cli(standIn, ["cloud", "deploy", "--filter", "agents/support", "--root", standIn.project]);
  assert.equal(deploy.code, 0, deploy.stderr);
  assert.match(deploy.stdout, /✓ lint passed[\s\S]*✓ Deployed support-bot \(filter: agents\/support\)/);
  assert.deepEqual(standIn.calls().map((c) => c.argv), [["auth", "status"], ["connect", "slack"], ["deploy", "--filter", "agents/support"]]);
  assert.deepEqual(standIn.readState().connected, ["slack"]);

  standIn.writeState({ loggedIn: false });
  const out = await cli(standIn, ["cloud", "status", "--root", standIn.project]);
  assert.equal(out.code, 1);
  assert.match(out.stdout, /Not logged in: run `keystroke auth login`/);
});

test("Ctrl-C during a slow `cloud list` stops the keystroke CLI too", async () => {
  const standIn = setup({ mode: "slow", slowMs: 60_000 });
  const child = spawn(process.execPath, [CLI, "cloud", "list", "--root", standIn.project], { cwd: standIn.dir, env: standIn.env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (t: string) => (stderr += t));
  const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
  await waitFor(() => standIn.calls().length === 1, "the stand-in to start");
  const pid = standIn.calls()[0]!.pid;
  child.kill("SIGINT");
  assert.equal(await closed, 1);
  assert.match(stderr, /`keystroke credentials list` was cancelled/);
  await waitForExit(pid);
});
