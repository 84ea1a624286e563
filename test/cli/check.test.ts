// `keystroke-credentials check` as users run it: the built dist/cli.js in a child process,
// asserting output formats (text, json, SARIF 2.1.0) and exit codes 0/1/2 (3: check-targets.test.ts).
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { FINDING_CODES } from "../../server/core/schema";

const REPO = process.cwd();
const CLI = path.join(REPO, "dist/cli.js");
const FIXTURES = path.join(REPO, "test/fixtures/projects");
const FINDINGS = path.join(FIXTURES, "findings");
const CLEAN = path.join(FIXTURES, "clean");

// An empty store home, so `check` without a local flag never reads this machine's real store.
const STORE_HOME = mkdtempSync(path.join(os.tmpdir(), "ks-check-home-"));
test.after(() => rmSync(STORE_HOME, { recursive: true, force: true }));

function run(args: string[], cwd = REPO) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, KEYSTROKE_CREDENTIALS_HOME: STORE_HOME },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const snapshots = (root: string) => [
  "check",
  "--root", root,
  "--local-snapshot", path.join(root, ".keystroke/local-snapshot.json"),
  "--cloud-snapshot", path.join(root, ".keystroke/cloud-snapshot.json"),
];

function assertNoStack(text: string): void {
  assert.doesNotMatch(text, /^\s+at .+:\d+:\d+\)?$/m, "no stack trace");
}

test("text: one line per finding with cwd-relative path, 1-based position, severity, code, [target]; exit 1", () => {
  const { code, stdout, stderr } = run(snapshots(FINDINGS));
  assert.equal(code, 1, stderr);
  const lines = stdout.split("\n").filter((l) => /^\S+:\d+:\d+ /.test(l));
  assert.ok(lines.includes(`test/fixtures/projects/findings/src/actions/resolution.ts:7:5 error KS001 [local] "missing" is not set at project or organization scope (tried project "bot", then organization). Set it locally at project scope (quick fix "Set local credential").`), lines.join("\n"));
  assert.ok(lines.some((l) => /^test\/fixtures\/projects\/findings\/src\/actions\/authoring\.ts:11:16 error KS010 \.scope\("org"\)/.test(l)));
  assert.ok(lines.some((l) => / information KS011 /.test(l)));
  assert.match(stdout, /\d+ errors, \d+ warnings, 1 note in 8 files analysed \(8 actions, 17 credential requirements\); 0 not analysed\./);
  assert.match(stdout, /^local: checked against .*local-snapshot\.json$/m);
  assert.match(stdout, /^cloud: checked against .*cloud-snapshot\.json$/m);
});

test("text: a correct project prints no findings and exits 0", () => {
  const { code, stdout } = run(snapshots(CLEAN));
  assert.equal(code, 0);
  assert.match(stdout, /^No credential problems found in 20 files analysed \(10 actions, 16 credential requirements\); 0 not analysed\./);
});

test("json: the documented shape, root-relative paths, 1-based lines and columns, target null for authoring", () => {
  const { code, stdout } = run([...snapshots(FINDINGS), "--format", "json"]);
  assert.equal(code, 1);
  const body = JSON.parse(stdout) as {
    version: number;
    diagnostics: Record<string, unknown>[];
    targets: Record<string, Record<string, unknown>>;
    summary: Record<string, number>;
    exitCode: number;
  };
  assert.equal(body.version, 2);
  assert.equal(body.exitCode, 1);
  for (const target of ["local", "cloud"]) {
    const t = body.targets[target]!;
    assert.deepEqual(Object.keys(t).sort(), ["at", "requested", "source", "state"]);
    assert.equal(t.state, "checked");
    assert.equal(t.requested, true);
    assert.match(String(t.source), new RegExp(`${target}-snapshot\\.json$`));
    assert.ok(!Number.isNaN(Date.parse(String(t.at))), `at is a time: ${String(t.at)}`);
  }
  assert.deepEqual(Object.keys(body.summary).sort(), ["actions", "analyzed", "errors", "files", "notes", "requirements", "warnings"]);
  assert.equal(body.summary.analyzed, 8);
  assert.deepEqual((body as unknown as { skipped: unknown[] }).skipped, []);
  assert.equal(body.summary.errors, body.diagnostics.filter((d) => d.severity === "error").length);
  const ks001 = body.diagnostics.find((d) => d.code === "KS001" && d.target === "local" && d.line === 7);
  assert.deepEqual(ks001 && Object.keys(ks001).sort(), ["code", "column", "credential", "endColumn", "endLine", "file", "line", "message", "severity", "target"]);
  assert.equal(ks001?.file, "src/actions/resolution.ts");
  assert.equal(ks001?.column, 5);
  assert.equal(ks001?.endColumn, 12);
  assert.equal(ks001?.credential, "missing");
  const ks012 = body.diagnostics.find((d) => d.code === "KS012");
  assert.equal(ks012?.target, null);
});

test("json: without snapshots both targets are unchecked, with why, not asked for, and there are no resolution findings", () => {
  const { code, stdout } = run(["check", "--root", FINDINGS, "--format", "json"]);
  assert.equal(code, 1); // KS010, KS012, KS014 are errors without any store; unasked targets change nothing
  const body = JSON.parse(stdout) as { diagnostics: { target: string | null }[]; targets: Record<string, { state: string; reason: string; requested: boolean; allowed: boolean; at: string }> };
  assert.equal(body.targets.local?.state, "unchecked");
  assert.match(body.targets.local!.reason, /^no local store at .*credentials\.json/);
  assert.deepEqual({ ...body.targets.cloud, at: "" }, { state: "unchecked", reason: "no --cloud-snapshot or --cloud given", requested: false, allowed: false, at: "" });
  assert.equal(body.diagnostics.filter((d) => d.target !== null).length, 0);
});

test("json --json-version 1: the old layout, targets as strings, for one release", () => {
  const { code, stdout } = run([...snapshots(FINDINGS), "--format", "json", "--json-version", "1"]);
  assert.equal(code, 1);
  const body = JSON.parse(stdout) as { version: number; targets: unknown; summary: Record<string, number> };
  assert.equal(body.version, 1);
  assert.deepEqual(body.targets, { local: "checked", cloud: "checked" });
  assert.deepEqual(Object.keys(body.summary).sort(), ["actions", "errors", "files", "notes", "requirements", "warnings"]);
  assert.deepEqual(Object.keys(body).sort(), ["diagnostics", "skipped", "summary", "targets", "version"]);
  const bad = run([...snapshots(FINDINGS), "--format", "json", "--json-version", "3"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--json-version must be 1 or 2, not "3"/);
});

test("sarif: 2.1.0 with one rule per code and results with ruleId, level and locations", () => {
  const { code, stdout } = run([...snapshots(FINDINGS), "--format", "sarif"]);
  assert.equal(code, 1);
  const sarif = JSON.parse(stdout);
  assert.equal(sarif.version, "2.1.0");
  assert.match(sarif.$schema, /sarif-2\.1\.0/);
  const run0 = sarif.runs[0];
  assert.equal(run0.tool.driver.name, "keystroke-credentials");
  assert.deepEqual(run0.tool.driver.rules.map((r: { id: string }) => r.id), [...FINDING_CODES]);
  for (const rule of run0.tool.driver.rules) assert.ok(["error", "warning", "note"].includes(rule.defaultConfiguration.level));
  assert.ok(run0.results.length > 0);
  for (const result of run0.results) {
    assert.equal(run0.tool.driver.rules[result.ruleIndex].id, result.ruleId);
    assert.ok(["error", "warning", "note"].includes(result.level));
    assert.ok(result.message.text.length > 0);
    const loc = result.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uriBaseId, "%SRCROOT%");
    assert.doesNotMatch(loc.artifactLocation.uri, /^\/|\\/);
    assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1);
  }
  const ks011 = run0.results.find((r: { ruleId: string }) => r.ruleId === "KS011");
  assert.equal(ks011.level, "note");
  assert.equal(run0.results.find((r: { ruleId: string }) => r.ruleId === "KS001").locations[0].physicalLocation.artifactLocation.uri, "src/actions/resolution.ts");
});

test("--project overrides keystroke.config.ts: other projects' credentials stop counting", () => {
  const { code, stdout } = run([...snapshots(CLEAN), "--project", "someone-else", "--format", "json"]);
  assert.equal(code, 1);
  const body = JSON.parse(stdout) as { diagnostics: { code: string; credential: string; target: string }[] };
  assert.ok(body.diagnostics.some((d) => d.code === "KS001" && d.credential === "pagerduty" && d.target === "local"));
});

test("--exclude is repeatable and skips files and directories", () => {
  const { stdout } = run([...snapshots(FINDINGS), "--format", "json", "--exclude", "src/dup", "--exclude", "src/workflows/**"]);
  const codes = new Set((JSON.parse(stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code));
  assert.equal(codes.has("KS016"), false);
  assert.equal(codes.has("KS020"), false);
  assert.equal(codes.has("KS001"), true);
});

test("exit 2: unreadable root, invalid snapshot (message names file and path), unknown flag, bad format", () => {
  const badRoot = run(["check", "--root", "/nonexistent/keystroke-project"]);
  assert.equal(badRoot.code, 2);
  assert.match(badRoot.stderr, /Cannot read the project root \/nonexistent\/keystroke-project: no such file or directory/);
  assertNoStack(badRoot.stderr);

  const invalid = run(["check", "--root", CLEAN, "--local-snapshot", path.join(FIXTURES, "../snapshots/invalid-scope.json")]);
  assert.equal(invalid.code, 2);
  assert.match(invalid.stderr, /invalid-scope\.json is invalid: credentials\.1\.scope: /);
  assertNoStack(invalid.stderr);

  const missing = run(["check", "--root", CLEAN, "--cloud-snapshot", "nope.json"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /Cannot read snapshot .*nope\.json/);

  const unknown = run(["check", "--frobnicate"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /--frobnicate/);
  assert.match(unknown.stderr, /Usage: keystroke-credentials check/);

  const format = run(["check", "--root", CLEAN, "--format", "xml"]);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /--format must be one of text, json, sarif/);

  const positional = run(["check", "somewhere"]);
  assert.equal(positional.code, 2);
});

test("exit 2, not a silent fallback: an empty --root, a file given as --root or --local-store", () => {
  const empty = run(["check", "--root="]);
  assert.equal(empty.code, 2, empty.stdout);
  assert.match(empty.stderr, /--root needs a directory/);

  const fileRoot = run(["check", "--root", path.join(REPO, "package.json")]);
  assert.equal(fileRoot.code, 2);
  assert.match(fileRoot.stderr, /is not a directory/);

  const fileStore = run(["check", "--root", CLEAN, "--local-store", path.join(REPO, "package.json")]);
  assert.equal(fileStore.code, 2, fileStore.stdout);
  assert.match(fileStore.stderr, /--local-store: .*package\.json is not a directory/);
  assertNoStack(fileStore.stderr);
});

test("a snapshot saved with a UTF-8 byte-order mark is read", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ks-bom-"));
  try {
    const file = path.join(dir, "cloud.json");
    writeFileSync(file, `\uFEFF${JSON.stringify({ version: 1, credentials: [] })}`);
    const ran = run(["check", "--root", CLEAN, "--cloud-snapshot", file, "--format", "json"]);
    assert.notEqual(ran.code, 2, ran.stderr);
    assert.equal((JSON.parse(ran.stdout) as { targets: { cloud: { state: string } } }).targets.cloud.state, "checked");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("top level: help exits 0, no command or an unknown command exits 2", () => {
  assert.equal(run(["--help"]).code, 0);
  assert.match(run(["--help"]).stdout, /check/);
  assert.equal(run(["check", "--help"]).code, 0);
  assert.equal(run([]).code, 2);
  const unknown = run(["frobnicate"]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
});
