// `check` never drops a file silently and never floods its output: files it could not analyse
// (nested deeper than our walks go, deeper than TypeScript's parser goes) are listed in text,
// JSON and SARIF; UTF-16 sources are decoded as TypeScript decodes them; each file lists at most
// 20 findings of one code plus a summary, while the counts and the exit status use every finding.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { tempDirs } from "../support/temp-dirs";

const CLI = path.join(process.cwd(), "dist/cli.js");
const temp = tempDirs("ks-coverage-");
const HEAD = `import { defineAction } from "@keystrokehq/keystroke/action";\nimport { defineCredential } from "@keystrokehq/keystroke/credentials";\n`;

function projectWith(files: Record<string, string | Buffer>): string {
  const root = temp();
  writeFileSync(path.join(root, "keystroke.config.ts"), "export default {};\n");
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  writeFileSync(path.join(root, "snapshot.json"), JSON.stringify({ version: 1, credentials: [] }));
  return root;
}

function check(root: string, format: string) {
  const home = temp();
  const r = spawnSync(process.execPath, [CLI, "check", "--root", root, "--local-snapshot", path.join(root, "snapshot.json"), "--format", format], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, KEYSTROKE_CREDENTIALS_HOME: home },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An action with one error (an undeclared read) wrapped in `depth` chained `.scope("user")` calls. */
function chained(depth: number): string {
  return `${HEAD}export const a = defineAction({ slug: "a", credentials: [], run: async (i, c) => c.exa })${'.scope("user")'.repeat(depth)};\n`;
}

test("a file nested deeper than the walk goes is reported as not analysed, not as clean", () => {
  const root = projectWith({ "src/shallow.ts": chained(10), "src/deep.ts": chained(2000) });
  const text = check(root, "text");
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /src\/shallow\.ts:3:\d+ error KS014/);
  assert.match(text.stdout, /; 1 not analysed, so not checked:\n  src\/deep\.ts: the code is nested more than \d+ levels deep/);
  const json = JSON.parse(check(root, "json").stdout) as { version: number; skipped: { file: string; reason: string }[] };
  assert.equal(json.version, 2);
  assert.deepEqual(json.skipped.map((s) => s.file), ["src/deep.ts"]);
  const sarif = JSON.parse(check(root, "sarif").stdout) as { runs: { invocations: { toolExecutionNotifications: { message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[] };
  const notes = sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.filter((n) => n.locations !== undefined);
  assert.equal(notes.length, 1);
  assert.equal(notes[0]!.locations[0]!.physicalLocation.artifactLocation.uri, "src/deep.ts");
  assert.match(notes[0]!.message.text, /not analysed/);
});

test("brackets nested deeper than TypeScript's parser goes: reported, and the run does not crash", () => {
  const deep = `${HEAD}export const a = defineAction({ slug: "a", credentials: [], run: async (i, c) => ${"(".repeat(6000)}c.exa${")".repeat(6000)} });\n`;
  const root = projectWith({ "src/deep.ts": deep });
  const json = check(root, "json");
  const body = JSON.parse(json.stdout) as { skipped: { file: string; reason: string }[] };
  assert.deepEqual(body.skipped.map((s) => s.file), ["src/deep.ts"], json.stderr);
  assert.match(body.skipped[0]!.reason, /nested/);
});

test("a UTF-16LE file with a byte-order mark is analysed like its UTF-8 twin", () => {
  const source = `${HEAD}export const a = defineAction({ slug: "a", credentials: [], run: async (i, c) => c.exa });\n`;
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, "utf16le")]);
  const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(source, "utf16le").swap16()]);
  const root = projectWith({ "src/utf8.ts": source, "src/utf16le.ts": le, "src/utf16be.ts": be });
  const body = JSON.parse(check(root, "json").stdout) as { diagnostics: { file: string; code: string; line: number }[] };
  assert.deepEqual(body.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`).sort(), ["src/utf16be.ts:3 KS014", "src/utf16le.ts:3 KS014", "src/utf8.ts:3 KS014"]);
});

test("10,000 duplicate elements: 20 listed plus one summary, counted in full, with a bounded output", () => {
  const list = Array.from({ length: 10_001 }, () => "exa").join(", ");
  const source = `${HEAD}const exa = defineCredential({ key: "exa" });\nexport const a = defineAction({ slug: "a", credentials: [${list}] });\n`;
  const root = projectWith({ "src/dup.ts": source });
  const json = check(root, "json");
  const body = JSON.parse(json.stdout) as { diagnostics: { code: string; severity: string; message: string }[]; summary: { warnings: number } };
  const dups = body.diagnostics.filter((d) => d.code === "KS015");
  assert.equal(dups.length, 21);
  assert.match(dups[20]!.message, /and 9980 more KS015 findings in this file/);
  assert.equal(body.summary.warnings, 10_000);
  const sarif = check(root, "sarif");
  assert.ok(sarif.stdout.length < 200_000, `${sarif.stdout.length} bytes of SARIF`);
});

test("a literal quoted in a message is cut to about 40 characters", () => {
  const long = "x".repeat(5000);
  const source = `${HEAD}const exa = defineCredential({ key: "exa" });\nexport const a = defineAction({ slug: "a", credentials: [exa.scope("${long}")] });\n`;
  const body = JSON.parse(check(projectWith({ "src/a.ts": source }), "json").stdout) as { diagnostics: { code: string; message: string }[] };
  const ks010 = body.diagnostics.find((d) => d.code === "KS010");
  assert.ok(ks010 && ks010.message.length < 300, ks010?.message.slice(0, 400));
});
