// The adapter against the stand-in CLI, as real child processes: the exact argv of every
// operation, values travelling only through the environment, and every failure mode.
import test, { after } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { KeystrokeCloud, cloudSnapshotParams, cloudTargetInput, locateCli, type CloudOptions, type CloudResult } from "../../server/cloud";
import { STANDIN_BIN_DIR, STANDIN_PATH, createStandIn, sha256, waitFor, waitForExit, type StandIn, type StandInState } from "./standin";

const standIns: StandIn[] = [];
const tempDirs: string[] = [];
after(() => {
  for (const s of standIns) s.cleanup();
  for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
});

const SECRET = "sk-live-9f8e7d6c5b4a39281706";
const SECRET2 = "whsec_0123456789abcdefXYZ";
const GENERATED = /^KS_SECRET_[0-9A-F]{16}$/;

function setup(state: StandInState = {}, options: Partial<CloudOptions> = {}) {
  const standIn = createStandIn(state);
  standIns.push(standIn);
  const cloud = new KeystrokeCloud({
    root: standIn.project,
    env: standIn.env,
    config: { organization: "acme", project: "support-bot" },
    killGraceMs: 200,
    progressIntervalMs: 50,
    ...options,
  });
  return { standIn, cloud };
}

function expectOk<T>(result: CloudResult<T>): T {
  if (!result.ok) assert.fail(`expected success, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

function expectError<T>(result: CloudResult<T>, kind: string) {
  assert.equal(result.ok, false, "expected a failure");
  if (result.ok) throw new Error("unreachable");
  assert.equal(result.error.kind, kind, result.error.message);
  return result.error;
}

/** `--set field=@env:NAME` pairs of an argv, with NAME checked to be a generated one. */
function envNames(argv: string[]): string[] {
  return argv.flatMap((a, i) => {
    if (argv[i - 1] !== "--set") return [];
    const name = a.split("=@env:")[1];
    assert.ok(name && GENERATED.test(name), `generated env name in ${a}`);
    return [name];
  });
}

function assertNoSecrets(standIn: StandIn, ...texts: string[]) {
  const haystacks = [standIn.logText(), JSON.stringify(standIn.calls()), ...texts];
  for (const secret of [SECRET, SECRET2]) for (const text of haystacks) assert.ok(!text.includes(secret), "a secret value leaked");
}

const ORG_EXA = { key: "exa", scope: "organization" as const, fields: ["apiKey"] };

test("locateCli: setting, then KEYSTROKE_CLI, then PATH, then node_modules/.bin", () => {
  const root = mkdtempSync(path.join(os.tmpdir(), "ks-locate-"));
  tempDirs.push(root);
  const emptyPath = path.join(root, "empty");
  mkdirSync(emptyPath);
  const binDir = path.join(root, "node_modules", ".bin");
  mkdirSync(binDir, { recursive: true });

  assert.deepEqual(locateCli({ root, cliPath: STANDIN_PATH, env: { PATH: emptyPath, KEYSTROKE_CLI: "/nope" } }), {
    ok: true,
    value: { path: STANDIN_PATH, source: "setting" },
  });
  assert.deepEqual(locateCli({ root, env: { PATH: emptyPath, KEYSTROKE_CLI: STANDIN_PATH } }), {
    ok: true,
    value: { path: STANDIN_PATH, source: "env" },
  });
  assert.deepEqual(locateCli({ root, env: { PATH: [emptyPath, STANDIN_BIN_DIR].join(path.delimiter) } }), {
    ok: true,
    value: { path: STANDIN_PATH, source: "path" },
  });

  const none = expectError(locateCli({ root, env: { PATH: emptyPath } }), "cli-not-found");
  assert.match(none.message, /npm i -g @keystrokehq\/cli/);
  assert.match(none.message, /keystroke\.cliPath/);
  // The dev server's page may be open outside VS Code: no editor setting there.
  const served = expectError(locateCli({ root, env: { PATH: emptyPath }, cliPathOrigin: "KEYSTROKE_CLI" }), "cli-not-found");
  assert.match(served.message, /or start the dev server with KEYSTROKE_CLI set to its path\.$/);
  assert.doesNotMatch(served.message, /keystroke\.cliPath/);

  symlinkSync(STANDIN_PATH, path.join(binDir, "keystroke"));
  assert.deepEqual(locateCli({ root, env: { PATH: emptyPath } }), {
    ok: true,
    value: { path: path.join(binDir, "keystroke"), source: "workspace" },
  });

  // A configured path that is wrong is reported, not silently replaced by PATH.
  const notExecutable = path.join(root, "keystroke-not-executable");
  writeFileSync(notExecutable, "#!/bin/sh\n");
  chmodSync(notExecutable, 0o644);
  const bad = expectError(locateCli({ root, cliPath: notExecutable, env: { PATH: STANDIN_BIN_DIR } }), "cli-not-found");
  assert.match(bad.message, /keystroke\.cliPath/);
  assert.match(expectError(locateCli({ root, env: { PATH: STANDIN_BIN_DIR, KEYSTROKE_CLI: "missing/keystroke" } }), "cli-not-found").message, /KEYSTROKE_CLI/);
});

test("every operation reports a missing CLI with the install hint and runs nothing", async () => {
  const { standIn } = setup({ credentials: [ORG_EXA] });
  const emptyPath = path.join(standIn.dir, "empty-bin");
  mkdirSync(emptyPath);
  const cloud = new KeystrokeCloud({ root: standIn.project, env: { ...standIn.env, PATH: emptyPath } });
  const listing = await cloud.listCloud();
  const results: CloudResult<unknown>[] = [
    await cloud.authStatus(),
    listing,
    await cloud.push({ key: "exa", fields: { apiKey: SECRET } }),
    await cloud.pushLocal({ key: "exa", fields: { apiKey: SECRET } }),
    cloud.connect("slack"),
    await cloud.deploy(),
  ];
  for (const r of results) assert.match(expectError(r, "cli-not-found").message, /install it with `npm i -g @keystrokehq\/cli` or set keystroke\.cliPath/);
  assert.deepEqual(standIn.calls(), []);
  assert.deepEqual(cloudTargetInput(listing), { unchecked: expectError(listing, "cli-not-found").message });
});

test("authStatus: `keystroke auth status`, logged in or not", async () => {
  const { standIn, cloud } = setup({ user: "ada@example.com", organizations: [{ slug: "acme", name: "Acme" }, { slug: "beta", name: "Beta" }] });
  const status = expectOk(await cloud.authStatus());
  assert.equal(status.loggedIn, true);
  assert.equal(status.user, "ada@example.com");
  assert.deepEqual(status.organizations, ["acme", "beta"]);
  assert.deepEqual(standIn.calls().map((c) => c.argv), [["auth", "status"]]);
  assert.equal(standIn.calls()[0]?.cwd, standIn.project);

  standIn.writeState({ loggedIn: false });
  const out = expectOk(await cloud.authStatus());
  assert.equal(out.loggedIn, false);
});

test("listCloud: `keystroke credentials list` in the project root, parsed, cached, refreshed on demand", async () => {
  const { standIn, cloud } = setup({
    credentials: [ORG_EXA, { key: "linear", scope: "project", project: "support-bot", fields: ["token"], default: true }, { key: "gmail", scope: "user", fields: [] }],
  });
  const before = Date.now();
  const snapshot = expectOk(await cloud.listCloud());
  assert.deepEqual(standIn.calls().map((c) => c.argv), [["credentials", "list"]]);
  assert.equal(standIn.calls()[0]?.cwd, standIn.project);
  assert.equal(snapshot.organization, "acme");
  assert.equal(snapshot.project, "support-bot");
  assert.ok(snapshot.fetchedAt && Date.parse(snapshot.fetchedAt) >= before - 1000);
  assert.deepEqual(
    snapshot.credentials.map((c) => [c.key, c.scope, c.project ?? null, c.fields]),
    [
      ["exa", "organization", null, ["apiKey"]],
      ["linear", "project", "support-bot", ["token"]],
      ["gmail", "user", null, []],
    ],
  );
  assert.deepEqual(cloudTargetInput({ ok: true, value: snapshot }), { snapshot });
  assert.deepEqual(cloudSnapshotParams({ ok: true, value: snapshot }), { snapshot });

  expectOk(await cloud.listCloud());
  assert.equal(standIn.calls().length, 1, "the second list is served from the cache");
  assert.equal(cloud.cachedSnapshot, snapshot);
  expectOk(await cloud.listCloud({ refresh: true }));
  assert.equal(standIn.calls().length, 2);
});

test("listCloud: the array shape, and explicit targeting as --organization/--project", async () => {
  const { standIn, cloud } = setup({ listShape: "array", credentials: [ORG_EXA] }, { targeting: { organization: "beta", project: "other" } });
  const snapshot = expectOk(await cloud.listCloud());
  assert.deepEqual(standIn.calls().map((c) => c.argv), [["credentials", "list", "--organization", "beta", "--project", "other"]]);
  assert.equal(snapshot.organization, "beta");
  assert.equal(snapshot.project, "other");
});

test("push: values only in the child's environment under generated names; the cloud is re-listed", async () => {
  const { standIn, cloud } = setup();
  const pushed = expectOk(await cloud.push({ key: "exa", fields: { apiKey: SECRET } }));
  const calls = standIn.calls();
  assert.equal(calls.length, 2);
  const set = calls[0]!;
  const [name] = envNames(set.argv);
  assert.deepEqual(set.argv, ["credentials", "set", "exa", "--set", `apiKey=@env:${name}`, "--scope", "org"]);
  assert.deepEqual(set.env, [name], "the stand-in received the generated variable");
  assert.deepEqual(calls[1]?.argv, ["credentials", "list"], "re-listed after the push");

  const stored = standIn.readState().credentials ?? [];
  assert.deepEqual(stored[0]?.received, { apiKey: { length: SECRET.length, sha256: sha256(SECRET) } }, "the value really travelled");
  assert.deepEqual(pushed.targets, [{ scope: "organization" }]);
  const cloudAfter = expectOk(pushed.cloud);
  assert.deepEqual(cloudAfter.credentials.map((c) => [c.key, c.scope, c.fields]), [["exa", "organization", ["apiKey"]]]);
  assert.equal(cloud.cachedSnapshot, cloudAfter, "the cache holds the fresh listing");
  assert.equal(process.env[name!], undefined, "the value never entered this process's environment");
  assertNoSecrets(standIn, JSON.stringify(pushed));
});

test("push: fan-out to several scopes and projects with repeated flags, two fields", async () => {
  const { standIn, cloud } = setup({}, { targeting: { organization: "acme" } });
  const pushed = expectOk(
    await cloud.push({
      key: "stripe",
      fields: { apiKey: SECRET, webhookSecret: SECRET2 },
      targets: [{ scope: "organization" }, { scope: "project" }, { scope: "project", project: "billing" }, { scope: "user" }, { scope: "organization" }],
    }),
  );
  const set = standIn.calls()[0]!;
  const [a, b] = envNames(set.argv);
  assert.notEqual(a, b);
  assert.deepEqual(set.argv, [
    "credentials", "set", "stripe",
    "--set", `apiKey=@env:${a}`, "--set", `webhookSecret=@env:${b}`,
    "--scope", "org",
    "--scope", "project", "--project-slug", "support-bot",
    "--scope", "project", "--project-slug", "billing",
    "--scope", "user",
    "--organization", "acme",
  ]);
  assert.deepEqual(set.env.sort(), [a, b].sort());
  assert.deepEqual(pushed.targets, [
    { scope: "organization" },
    { scope: "project", project: "support-bot" },
    { scope: "project", project: "billing" },
    { scope: "user" },
  ]);
  const stored = standIn.readState().credentials ?? [];
  assert.equal(stored.length, 4);
  for (const entry of stored) assert.equal(entry.received?.webhookSecret?.sha256, sha256(SECRET2));
  assertNoSecrets(standIn, JSON.stringify(pushed));
});

test("push: refuses bad requests before running anything, without echoing values", async () => {
  const { standIn } = setup();
  const noProject = new KeystrokeCloud({ root: standIn.project, env: standIn.env });
  assert.match(expectError(await noProject.push({ key: "exa", fields: { apiKey: SECRET }, targets: [{ scope: "project" }] }), "not-linked").message, /projects link/);
  const cloud = new KeystrokeCloud({ root: standIn.project, env: standIn.env, config: { project: "support-bot" } });
  const bad = [
    await cloud.push({ key: "--scope", fields: { apiKey: SECRET } }),
    await cloud.push({ key: "exa", fields: {} }),
    await cloud.push({ key: "exa", fields: { "api key": SECRET } }),
    await cloud.push({ key: "exa", fields: { apiKey: `${SECRET}\0` } }),
    await cloud.push({ key: "exa", fields: { apiKey: SECRET }, targets: [{ scope: "project", project: "--evil" }] }),
    await cloud.pushLocal({ key: "exa", fields: { apiKey: "" } }),
  ];
  for (const r of bad) assertNoSecrets(standIn, expectError(r, "invalid-request").message);
  assert.deepEqual(standIn.calls(), []);
});

test("pushLocal: `keystroke --local credentials set` with the value in the environment", async () => {
  const { standIn, cloud } = setup();
  expectOk(await cloud.pushLocal({ key: "exa", fields: { apiKey: SECRET } }));
  const [call] = standIn.calls();
  const [name] = envNames(call!.argv);
  assert.deepEqual(call!.argv, ["--local", "credentials", "set", "exa", "--set", `apiKey=@env:${name}`]);
  assert.deepEqual(call!.env, [name]);
  assert.equal(standIn.readState().local?.[0]?.received?.apiKey?.sha256, sha256(SECRET));
  assert.equal(standIn.calls().length, 1, "a local push does not re-list the cloud");
  assertNoSecrets(standIn);
});

test("connect: the argv to run in a terminal; bad slugs refused", () => {
  const { standIn, cloud } = setup();
  assert.deepEqual(expectOk(cloud.connect("slack")), { command: STANDIN_PATH, args: ["connect", "slack"], cwd: standIn.project });
  const targeted = new KeystrokeCloud({ root: standIn.project, env: standIn.env, targeting: { organization: "beta" } });
  assert.deepEqual(expectOk(targeted.connect("slack")).args, ["connect", "slack", "--organization", "beta"]);
  expectError(cloud.connect("--help"), "invalid-request");
  expectError(cloud.connect(""), "invalid-request");
  assert.deepEqual(standIn.calls(), [], "connect itself runs nothing");
});

test("deploy: `keystroke deploy --filter <path>` streams lines in order", async () => {
  const { standIn, cloud } = setup();
  const lines: string[] = [];
  const result = expectOk(await cloud.deploy({ filter: "agents/support", onLine: (line) => lines.push(line) }));
  assert.equal(result.exitCode, 0);
  assert.deepEqual(standIn.calls().map((c) => c.argv), [["deploy", "--filter", "agents/support"]]);
  assert.equal(lines[0], "Linting src/ (oxlint)…");
  assert.equal(lines.at(-1), "✓ Deployed support-bot (filter: agents/support)");
  expectError(await cloud.deploy({ filter: "agents/*" }), "invalid-request");
  expectOk(await cloud.deploy());
  assert.deepEqual(standIn.calls().at(-1)?.argv, ["deploy"]);
});

test("deploy: a failing deploy reports the CLI's own reason", async () => {
  const { cloud } = setup({ deploy: { exitCode: 1 } });
  const error = expectError(await cloud.deploy(), "exit");
  assert.match(error.message, /`keystroke deploy` failed \(exit 1\)/);
  assert.match(error.message, /no-explicit-any/);
});

test("deploy: cancelled while running, the CLI is killed", async () => {
  const { standIn, cloud } = setup({ mode: "slow", slowMs: 60_000 });
  const controller = new AbortController();
  const lines: string[] = [];
  const pending = cloud.deploy({ signal: controller.signal, onLine: (l) => lines.push(l) });
  await waitFor(() => lines.length > 0, "the first deploy line");
  controller.abort();
  expectError(await pending, "cancelled");
  await waitForExit(standIn.calls()[0]!.pid);
});

test("not logged in → `keystroke auth login`; the cloud is not checked, never missing", async () => {
  const { cloud } = setup({ loggedIn: false });
  const listing = await cloud.listCloud();
  const error = expectError(listing, "not-logged-in");
  assert.match(error.message, /run `keystroke auth login`/);
  assert.deepEqual(cloudTargetInput(listing), { unchecked: error.message });
  assert.deepEqual(cloudSnapshotParams(listing), { snapshot: null, reason: error.message });
  assert.equal(cloud.cachedSnapshot, null);
  expectError(await cloud.push({ key: "exa", fields: { apiKey: SECRET } }), "not-logged-in");
});

test("not linked → `keystroke projects link --project <slug>`", async () => {
  const { cloud } = setup({ mode: "not-linked" });
  assert.match(expectError(await cloud.listCloud(), "not-linked").message, /run `keystroke projects link --project <slug>`/);
  assert.match(expectError(await cloud.deploy(), "not-linked").message, /projects link/);
});

test("exit 1: stderr in the message, with the secret the CLI echoed redacted", async () => {
  const { standIn, cloud } = setup({ mode: "exit1", echoValues: true, stderr: "Error: the platform rejected the credential." });
  const error = expectError(await cloud.push({ key: "exa", fields: { apiKey: SECRET, other: SECRET2 } }), "exit");
  assert.match(error.message, /failed \(exit 1\)/);
  assert.match(error.message, /the platform rejected the credential/);
  assert.match(error.message, /Rejected values: \[redacted\], \[redacted\]/);
  assertNoSecrets(standIn, error.message);
  assert.equal(standIn.calls().length, 1, "no re-list after a failed push");
  assert.equal(cloud.cachedSnapshot, null);
});

test("output that is not JSON → bad-output, cloud unchecked", async () => {
  const { cloud } = setup({ mode: "non-json", credentials: [ORG_EXA] });
  const listing = await cloud.listCloud();
  const error = expectError(listing, "bad-output");
  assert.match(error.message, /Could not read the output of `keystroke credentials list`: the output is not JSON/);
  assert.ok("unchecked" in cloudTargetInput(listing));
});

test("a hanging CLI → timeout, and its process group is killed (even if it ignores SIGTERM)", async () => {
  for (const ignoreSigterm of [false, true]) {
    const { standIn, cloud } = setup({ mode: "hang", ignoreSigterm }, { timeouts: { list: 800 } });
    const started = Date.now();
    const error = expectError(await cloud.listCloud(), "timeout");
    assert.match(error.message, /`keystroke credentials list` did not finish within 800 ms and was stopped/);
    assert.ok(Date.now() - started < 5000);
    await waitForExit(standIn.calls()[0]!.pid);
  }
});

test("a slow list reports progress and completes", async () => {
  const { cloud } = setup({ mode: "slow", slowMs: 400, credentials: [ORG_EXA] });
  const progress: { elapsedMs: number; lastLine?: string }[] = [];
  const snapshot = expectOk(await cloud.listCloud({ onProgress: (p) => progress.push(p) }));
  assert.equal(snapshot.credentials.length, 1);
  assert.ok(progress.length >= 2);
  assert.ok(progress.some((p) => p.lastLine === "Fetching credentials…"));
  assert.ok(progress.at(-1)!.elapsedMs >= progress[0]!.elapsedMs);
});

test("a slow list can be cancelled: result cancelled, CLI killed, nothing cached", async () => {
  const { standIn, cloud } = setup({ mode: "slow", slowMs: 60_000, credentials: [ORG_EXA] });
  const controller = new AbortController();
  let progressed = false;
  // A line from the CLI itself proves it is running (and has logged its pid), unlike a timer tick.
  const pending = cloud.listCloud({ signal: controller.signal, onProgress: (p) => (progressed ||= p.lastLine !== undefined) });
  await waitFor(() => progressed, "progress from the slow list");
  controller.abort();
  const error = expectError(await pending, "cancelled");
  assert.match(error.message, /`keystroke credentials list` was cancelled/);
  await waitForExit(standIn.calls()[0]!.pid);
  assert.equal(cloud.cachedSnapshot, null);
  const aborted = new AbortController();
  aborted.abort();
  expectError(await cloud.listCloud({ signal: aborted.signal }), "cancelled");
});
