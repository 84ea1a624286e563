// `check` in CI is never green without looking: a target the command line names and that cannot
// be checked exits 3 (after printing what was found) unless --allow-unchecked says otherwise; a
// root that is not a Keystroke project, or where no file was analysed, exits 2; every format
// carries each target's state, reason and time; SARIF fingerprints survive unrelated edits.
import test from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createStandIn, STANDIN_BIN_DIR, type StandIn, type StandInState } from "../cloud/standin";
import { runCli, type Ran } from "../support/run-cli";
import { tempDirs } from "../support/temp-dirs";

const temp = tempDirs("ks-targets-");
const ACTION = `import { defineAction } from "@keystrokehq/keystroke/action";
import { defineCredential } from "@keystrokehq/keystroke/credentials";
const exa = defineCredential({ key: "exa", fields: ["apiKey"] });
export const search = defineAction({ slug: "search", credentials: [exa] as const, run: async (input, { exa }) => exa.apiKey });
`;

const run = (args: string[], env: NodeJS.ProcessEnv): Promise<Ran> => runCli(args, { env });

/** A stand-in cloud and a project with one action needing `exa`; the local store home is empty. */
function setup(state: StandInState = { credentials: [{ key: "exa", scope: "organization", fields: ["apiKey"] }] }): StandIn & { home: string } {
  const standIn = createStandIn(state);
  mkdirSync(path.join(standIn.project, "src"));
  writeFileSync(path.join(standIn.project, "src/search.ts"), ACTION);
  return { ...standIn, home: temp() };
}

function check(s: StandIn & { home: string }, extra: string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return run(["check", "--root", s.project, ...extra], { ...s.env, KEYSTROKE_CREDENTIALS_HOME: s.home, ...env });
}

type Sarif = {
  runs: {
    invocations: { executionSuccessful: boolean; exitCode: number; toolExecutionNotifications: { level: string; message: { text: string }; properties?: { target: string } }[] }[];
    tool: { driver: { rules: { id: string; helpUri: string; help: { markdown: string } }[] } };
    results: { ruleId: string; partialFingerprints: Record<string, string>; locations: { physicalLocation: { region: { startLine: number } } }[] }[];
  }[];
};

const NO_CLI = { PATH: path.dirname(process.execPath) };

test("--cloud live with no keystroke CLI: exit 3, the reason in text, JSON and SARIF; findings still printed", async (t) => {
  const s = setup();
  t.after(s.cleanup);
  const text = await check(s, ["--cloud", "live"], NO_CLI);
  assert.equal(text.code, 3, text.stdout + text.stderr);
  assert.match(text.stdout, /^No credential problems found in 2 files analysed \(1 action, 1 credential requirement\); 0 not analysed\.$/m);
  assert.match(
    text.stdout,
    /^cloud: not checked \(The keystroke CLI was not found on PATH or in node_modules\/\.bin; install it with `npm i -g @keystrokehq\/cli` or pass --cli PATH\.\); asked for on the command line, so the run fails \(exit 3; --allow-unchecked=cloud accepts it\)$/m,
  );
  assert.match(text.stdout, /^local: not checked \(no local store at .*\)$/m, "the local store was not asked for: no exit-3 note");

  const json = await check(s, ["--cloud", "live", "--format", "json"], NO_CLI);
  assert.equal(json.code, 3);
  const body = JSON.parse(json.stdout) as { exitCode: number; targets: Record<string, { state: string; reason?: string; at: string; requested: boolean; allowed?: boolean }> };
  assert.equal(body.exitCode, 3);
  assert.equal(body.targets.cloud?.state, "unchecked");
  assert.match(body.targets.cloud!.reason!, /keystroke CLI was not found/);
  assert.equal(body.targets.cloud?.requested, true);
  assert.equal(body.targets.cloud?.allowed, false);
  assert.ok(Math.abs(Date.parse(body.targets.cloud!.at) - Date.now()) < 60_000, body.targets.cloud!.at);
  assert.equal(body.targets.local?.requested, false);

  const sarif = await check(s, ["--cloud", "live", "--format", "sarif"], NO_CLI);
  assert.equal(sarif.code, 3);
  const inv = (JSON.parse(sarif.stdout) as Sarif).runs[0]!.invocations[0]!;
  assert.equal(inv.executionSuccessful, false);
  assert.equal(inv.exitCode, 3);
  const byTarget = Object.fromEntries(inv.toolExecutionNotifications.filter((n) => n.properties).map((n) => [n.properties!.target, n]));
  assert.equal(byTarget.cloud?.level, "error");
  assert.match(byTarget.cloud!.message.text, /^cloud: not checked \(The keystroke CLI was not found/);
  assert.equal(byTarget.local?.level, "note", "not asked for: a note");
});

test("--cli PATH that is not an executable: the message names --cli, not the editor setting", async (t) => {
  const s = setup();
  t.after(s.cleanup);
  const ran = await check(s, ["--cloud", "live", "--cli", path.join(s.dir, "nope")]);
  assert.equal(ran.code, 3, ran.stderr);
  assert.match(ran.stdout, /cloud: not checked \(The keystroke CLI was not found at .*nope \(from --cli\): it is not an executable file; fix --cli/);
  assert.doesNotMatch(ran.stdout, /keystroke\.cliPath/);
  const cloud = await run(["cloud", "list", "--root", s.project, "--cli", path.join(s.dir, "nope")], { ...s.env });
  assert.equal(cloud.code, 1);
  assert.match(cloud.stderr + cloud.stdout, /\(from --cli\): it is not an executable file; fix --cli/);
});

test("a logged-out CLI: exit 3 with its reason; --cli names the stand-in explicitly", async (t) => {
  const s = setup({ loggedIn: false });
  t.after(s.cleanup);
  const ran = await check(s, ["--cloud", "live", "--cli", path.join(STANDIN_BIN_DIR, "keystroke")], NO_CLI);
  assert.equal(ran.code, 3, ran.stderr);
  assert.match(ran.stdout, /cloud: not checked \(The keystroke CLI is not logged in; run `keystroke auth login`.*exit 3/);
});

test("--allow-unchecked: bare for every target, =cloud or `cloud` for one; =local does not cover the cloud", async (t) => {
  const s = setup({ loggedIn: false });
  t.after(s.cleanup);
  for (const flags of [["--allow-unchecked"], ["--allow-unchecked=cloud"], ["--allow-unchecked", "cloud"], ["--allow-unchecked", "--format", "text"]]) {
    const ran = await check(s, ["--cloud", "live", ...flags]);
    assert.equal(ran.code, 0, `${flags.join(" ")}: ${ran.stdout}${ran.stderr}`);
    assert.match(ran.stdout, /cloud: not checked \(The keystroke CLI is not logged in.*\); asked for, allowed by --allow-unchecked$/m);
  }
  const local = await check(s, ["--cloud", "live", "--allow-unchecked=local"]);
  assert.equal(local.code, 3);
  const sarif = JSON.parse((await check(s, ["--cloud", "live", "--allow-unchecked", "--format", "sarif"])).stdout) as Sarif;
  assert.equal(sarif.runs[0]!.invocations[0]!.executionSuccessful, true);
  assert.equal(sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.find((n) => n.properties?.target === "cloud")?.level, "warning");
  const bad = await check(s, ["--allow-unchecked=everything"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--allow-unchecked takes local or cloud \(or nothing, for both\), not "everything"/);
});

test("an explicit --local-store that is corrupt, of a newer version or empty: exit 3 with why; the default store is never required", async (t) => {
  const s = setup();
  t.after(s.cleanup);
  const corrupt = temp();
  writeFileSync(path.join(corrupt, "credentials.json"), "{ not json");
  const newer = temp();
  writeFileSync(path.join(newer, "credentials.json"), JSON.stringify({ version: 99, entries: [] }));
  const empty = temp();
  for (const [dir, reason] of [[corrupt, /credentials\.json/], [newer, /version 99|newer/], [empty, /no local store at /]] as const) {
    const ran = await check(s, ["--local-store", dir]);
    assert.equal(ran.code, 3, `${dir}: ${ran.stdout}${ran.stderr}`);
    assert.match(ran.stdout, /^local: not checked \(.*\); asked for on the command line, so the run fails \(exit 3; --allow-unchecked=local accepts it\)$/m);
    assert.match(ran.stdout.split("\n").find((l) => l.startsWith("local:"))!, reason);
    assert.equal((await check(s, ["--local-store", dir, "--allow-unchecked=local"])).code, 0);
  }
  // The same corrupt store as the default (not named on the command line): reported, not required.
  const ran = await check(s, [], { KEYSTROKE_CREDENTIALS_HOME: corrupt });
  assert.equal(ran.code, 0, ran.stdout + ran.stderr);
  assert.match(ran.stdout, /^local: not checked \(.*credentials\.json.*\)$/m);
});

test("a requested target that fails with error findings still exits 3, after printing them", async (t) => {
  const s = setup();
  t.after(s.cleanup);
  writeFileSync(path.join(s.project, "src/broken.ts"), `import { defineAction } from "@keystrokehq/keystroke/action";\nexport const b = defineAction({ slug: "b", credentials: [], run: async (i, c) => c.exa });\n`);
  const ran = await check(s, ["--cloud", "live"], NO_CLI);
  assert.equal(ran.code, 3);
  assert.match(ran.stdout, /src\/broken\.ts:2:\d+ error KS014/);
});

test("not a Keystroke project, or nothing analysed: exit 2 with the reason, never \"no problems\"", async () => {
  const env = { ...process.env, KEYSTROKE_CREDENTIALS_HOME: temp() };
  const empty = temp();
  const ran = await run(["check", "--root", empty], env);
  assert.equal(ran.code, 2);
  assert.match(ran.stderr, new RegExp(`not a Keystroke project: ${empty} has no keystroke\\.config\\.ts and no package\\.json; pass --root with the project's directory`));
  assert.equal(ran.stdout, "");

  const other = temp();
  writeFileSync(path.join(other, "package.json"), JSON.stringify({ name: "web", dependencies: { react: "19.0.0" }, devDependencies: { keystroke: "1.0.0" } }));
  writeFileSync(path.join(other, "index.ts"), "export const x = 1;\n");
  const notOurs = await run(["check", "--root", other, "--format", "sarif"], env);
  assert.equal(notOurs.code, 2);
  assert.match(notOurs.stderr, /not a Keystroke project: .* its package\.json does not depend on @keystrokehq\/keystroke; pass --root/);

  const broken = temp();
  writeFileSync(path.join(broken, "package.json"), "{ nope");
  assert.match((await run(["check", "--root", broken], env)).stderr, /not a Keystroke project: .*package\.json cannot be read/);

  // A dependency on Keystroke counts without a config; a project whose only sources are skipped does not pass.
  const nothing = temp();
  writeFileSync(path.join(nothing, "package.json"), JSON.stringify({ devDependencies: { "@keystrokehq/keystroke": "^1.0.0" } }));
  const none = await run(["check", "--root", nothing], env);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /nothing to analyse: .* holds no TypeScript or JavaScript file/);
  mkdirSync(path.join(nothing, "src"));
  writeFileSync(path.join(nothing, "src/huge.ts"), `export const big = "${"x".repeat(2_100_000)}";\n`);
  const skipped = await run(["check", "--root", nothing], env);
  assert.equal(skipped.code, 2);
  assert.match(skipped.stderr, /note: src\/huge\.ts was not analysed/);
  assert.match(skipped.stderr, /nothing was analysed: none of the 1 source files under .* could be read/);
  writeFileSync(path.join(nothing, "src/ok.ts"), "export const ok = 1;\n");
  const one = await run(["check", "--root", nothing], env);
  assert.equal(one.code, 0, one.stderr);
  assert.match(one.stdout, /^No credential problems found in 1 file analysed \(0 actions, 0 credential requirements\); 1 not analysed, so not checked:\n  src\/huge\.ts: /m);
});

test("SARIF: rules link their README section and carry the fix; fingerprints survive an edit above the finding", async (t) => {
  const s = setup();
  t.after(s.cleanup);
  const file = path.join(s.project, "src/broken.ts");
  const broken = `import { defineAction } from "@keystrokehq/keystroke/action";\nexport const b = defineAction({ slug: "b", credentials: [], run: async (i, c) => [c.exa, c.exa] });\n`;
  writeFileSync(file, broken);
  const sarifOf = async () => JSON.parse((await check(s, ["--format", "sarif"])).stdout) as Sarif;
  const before = await sarifOf();
  const rules = before.runs[0]!.tool.driver.rules;
  for (const rule of rules) {
    assert.equal(rule.helpUri, `https://github.com/keystroke/keystroke-credentials-vscode#${rule.id.toLowerCase()}`);
    assert.match(rule.help.markdown, new RegExp(`^\\*\\*Fix:\\*\\* .+\\n\\n\\[${rule.id} in the README\\]\\(${rule.helpUri.replace(/[.]/g, "\\.")}\\)$`));
  }
  const prints = (sarif: Sarif) => sarif.runs[0]!.results.map((r) => `${r.ruleId} ${Object.values(r.partialFingerprints).join()}`);
  const first = prints(before);
  assert.equal(first.length, 2, "two KS014 findings, one per read");
  assert.equal(new Set(first).size, 2, "identical findings in one file are told apart");
  writeFileSync(file, `// a comment\n\n${broken.replace("export const b", "\nexport const b")}`);
  const after = await sarifOf();
  assert.notDeepEqual(after.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.region.startLine), before.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.region.startLine));
  assert.deepEqual(prints(after), first);
  assert.ok(readFileSync(file, "utf8").startsWith("// a comment"));
});
