// The file-system adapter: which files are read, exclude globs, tsconfig with one extends level,
// and snapshot files whose errors name the file and the path inside it.
import test, { after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DiskIndex, globMatches, isAnalyzableFile, loadWorkspace, matchesExclude, readSnapshotFile, readTsconfigPaths, WorkspaceError } from "../../server/workspace";

const temp = mkdtempSync(path.join(os.tmpdir(), "ks-workspace-"));
after(() => rmSync(temp, { recursive: true, force: true }));

function write(root: string, files: Record<string, string>): string {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

test("isAnalyzableFile: source extensions, no declaration files, nothing under node_modules or dist", () => {
  for (const f of ["a.ts", "a.tsx", "a.mts", "a.cts", "a.js", "a.mjs", "a.cjs", "src/x/y.ts"]) assert.equal(isAnalyzableFile(f), true, f);
  for (const f of ["a.d.ts", "a.d.mts", "a.json", "a.md", "node_modules/x/a.ts", "dist/a.js", "src/dist/a.ts"]) assert.equal(isAnalyzableFile(f), false, f);
});

test("matchesExclude: globs, directories and bare names", () => {
  assert.equal(matchesExclude("src/gen/a.ts", ["src/gen/**"]), true);
  assert.equal(matchesExclude("src/gen/a.ts", ["src/gen"]), true);
  assert.equal(matchesExclude("src/gen/a.ts", ["./src/gen/"]), true);
  assert.equal(matchesExclude("src/general.ts", ["src/gen"]), false);
  assert.equal(matchesExclude("src/a.test.ts", ["*.test.ts"]), true);
  assert.equal(matchesExclude("src/deep/fixtures/a.ts", ["fixtures"]), true);
  assert.equal(matchesExclude("src/a.ts", ["**/*.{mts,cts}"]), false);
  assert.equal(matchesExclude("src/a.mts", ["**/*.{mts,cts}"]), true);
  assert.equal(matchesExclude("src/a1.ts", ["src/a?.ts"]), true);
  assert.equal(matchesExclude("src/ab.ts", ["src/a[0-9].ts"]), false);
  assert.equal(matchesExclude("src/a.ts", []), false);
});

test("globMatches: globstars, classes, nested braces, and literal fallbacks", () => {
  assert.equal(globMatches("src/**/x.ts", "src/x.ts"), true);
  assert.equal(globMatches("src/**/x.ts", "src/a/b/x.ts"), true);
  assert.equal(globMatches("src/**", "src/a/b"), true);
  assert.equal(globMatches("src/*.ts", "src/a/b.ts"), false, "* stays within a segment");
  assert.equal(globMatches("src/?.ts", "src/ab.ts"), false);
  assert.equal(globMatches("a[!0-9]", "a1"), false);
  assert.equal(globMatches("a[!0-9]", "ab"), true);
  assert.equal(globMatches("a[^/]", "a/"), false, "a class never matches /");
  assert.equal(globMatches("{a,b{c,d}}.ts", "bd.ts"), true);
  assert.equal(globMatches("{a,b{c,d}}.ts", "b.ts"), false);
  assert.equal(globMatches("a{b", "a{b"), true, "an unclosed brace is literal");
  assert.equal(globMatches("a[b", "a[b"), true, "an unclosed class is literal");
  const explosive = "{a,b}".repeat(10);
  assert.equal(globMatches(explosive, "abababababa"), false, "1,024 alternatives: taken literally");
  assert.equal(globMatches(explosive, explosive), true);
});

test("globMatches stays linear on patterns that make a backtracking regex explode", { timeout: 10_000 }, () => {
  const long = "a".repeat(5000);
  assert.equal(globMatches(`${"*a".repeat(14)}*b`, long), false);
  // The pattern that took picomatch 125 s (why glob.ts is ours), in milliseconds here.
  const started = performance.now();
  assert.equal(globMatches(`${"*a".repeat(12)}*b`, "a".repeat(40)), false);
  assert.ok(performance.now() - started < 100, `${performance.now() - started} ms`);
  assert.equal(globMatches(`${"**a".repeat(14)}**b`, `${"a/".repeat(2500)}`), false);
  assert.equal(matchesExclude(`${"a/".repeat(200)}x.ts`, [`${"**/".repeat(30)}*b*b*b*b*b*b*b*b*c`]), false);
});

test("loadWorkspace skips node_modules, dist, dot-directories, .d.ts, excluded and >2 MB files (reported)", () => {
  const action = `import { defineAction } from "@keystrokehq/keystroke/action";\nexport const a = defineAction({ slug: "a", credentials: [nothing] });\n`;
  const root = write(path.join(temp, "skip"), {
    "src/a.ts": action,
    "node_modules/pkg/index.ts": action,
    "dist/index.js": action,
    ".cache/x.ts": action,
    "src/types.d.ts": action,
    "src/gen/x.ts": action,
    "src/big.ts": `${action}//${"x".repeat(2 * 1024 * 1024)}`,
  });
  const { index, skipped } = loadWorkspace(root, { exclude: ["src/gen/**"] });
  assert.deepEqual(index.model().files, ["src/a.ts"]);
  assert.equal(skipped.length, 1);
  assert.equal(skipped[0]?.file, "src/big.ts");
  assert.match(skipped[0]?.reason ?? "", /larger than 2 MB/);
});

test("loadWorkspace: an unreadable root is a WorkspaceError with the path", () => {
  assert.throws(() => loadWorkspace(path.join(temp, "does-not-exist")), (e: unknown) => e instanceof WorkspaceError && /does-not-exist/.test(e.message));
  const file = write(path.join(temp, "file-root"), { "x.ts": "" });
  assert.throws(() => loadWorkspace(path.join(file, "x.ts")), /not a directory/);
});

test("readTsconfigPaths: one extends level; own baseUrl keeps inherited paths; broken JSON is reported", () => {
  const root = write(path.join(temp, "tsconfig"), {
    "tsconfig.json": `{ "extends": "./configs/base.json", "compilerOptions": { "baseUrl": "./src" } }`,
    "configs/base.json": `{ "compilerOptions": { "baseUrl": "..", "paths": { "@/*": ["*"] } } }`,
  });
  assert.deepEqual(readTsconfigPaths(root), { paths: { baseUrl: "src", paths: { "@/*": ["*"] } } });
  const inherit = write(path.join(temp, "tsconfig2"), {
    "tsconfig.json": `{ "extends": "./base" }`,
    "base.json": `{ "compilerOptions": { "paths": { "#x": ["lib/x.ts"] } } }`,
  });
  assert.deepEqual(readTsconfigPaths(inherit), { paths: { baseUrl: "", paths: { "#x": ["lib/x.ts"] } } });
  const broken = write(path.join(temp, "tsconfig3"), { "tsconfig.json": `{ "compilerOptions": ` });
  assert.equal(readTsconfigPaths(broken).problem?.file, "tsconfig.json");
  assert.deepEqual(readTsconfigPaths(path.join(temp, "skip")), {});
});

test("readSnapshotFile: unknown properties are dropped; errors name the file and the zod path", () => {
  const dir = path.join(temp, "snapshots");
  write(dir, {
    "ok.json": JSON.stringify({ version: 1, extra: true, credentials: [{ key: "exa", scope: "project", color: "blue" }] }),
    "bad-scope.json": JSON.stringify({ version: 1, credentials: [{ key: "exa", scope: "org" }] }),
    "bad-json.json": "{ nope",
    "no-version.json": JSON.stringify({ credentials: [] }),
  });
  const ok = readSnapshotFile(path.join(dir, "ok.json"));
  assert.deepEqual(ok, { ok: true, snapshot: { version: 1, credentials: [{ key: "exa", scope: "project" }] } });
  const badScope = readSnapshotFile(path.join(dir, "bad-scope.json"));
  assert.equal(badScope.ok, false);
  assert.match(!badScope.ok ? badScope.message : "", /bad-scope\.json.*credentials\.0\.scope/);
  assert.match(JSON.stringify(readSnapshotFile(path.join(dir, "bad-json.json"))), /bad-json\.json is not valid JSON/);
  assert.match(JSON.stringify(readSnapshotFile(path.join(dir, "no-version.json"))), /version/);
  assert.match(JSON.stringify(readSnapshotFile(path.join(dir, "missing.json"))), /Cannot read snapshot .*missing\.json: no such file/);
});

test("matchesExclude: repeated `**/` means one", () => {
  assert.equal(matchesExclude(`${"aaaa/".repeat(25)}c.ts`, [`${"**/".repeat(10)}x`]), false);
  assert.equal(matchesExclude("src/gen/x", ["**/**/x"]), true);
  assert.equal(matchesExclude("x", ["**/**/x"]), true);
  assert.equal(matchesExclude("src/gen/a.ts", ["src/**/**/a.ts"]), true);
});

test("DiskIndex: follows edits, additions, removals and alias changes, re-reading only what changed", () => {
  const credential = `import { defineCredential } from "@keystrokehq/keystroke/credentials";\nexport const exa = defineCredential({ key: "exa" });\n`;
  const action = (from: string, key = "exa") =>
    `import { defineAction } from "@keystrokehq/keystroke/action";\nimport { ${key} } from "${from}";\nexport const a = defineAction({ slug: "a", credentials: [${key}] });\n`;
  const root = write(path.join(temp, "disk-index"), { "src/creds.ts": credential, "src/a.ts": action("@creds/creds") });
  const disk = new DiskIndex(root);
  const keys = () => disk.refresh().index.model().requirements.map((r) => `${r.file} ${r.key} ${r.definition ? "traced" : "inferred"}`);
  assert.deepEqual(keys(), [], "no alias yet: the element cannot be traced to a credential");
  assert.deepEqual(disk.refresh().index.model(), loadWorkspace(root).index.model(), "the same model as a fresh load");

  write(root, { "tsconfig.json": `{ "compilerOptions": { "baseUrl": ".", "paths": { "@creds/*": ["src/*"] } } }` });
  assert.deepEqual(keys(), ["src/a.ts exa traced"], "new aliases: a new index");

  write(root, { "src/b.ts": action("./creds") });
  assert.deepEqual(keys(), ["src/a.ts exa traced", "src/b.ts exa traced"], "an added file");
  unlinkSync(path.join(root, "src/b.ts"));
  assert.deepEqual(keys(), ["src/a.ts exa traced"], "a removed file");

  const file = path.join(root, "src/a.ts");
  const stamp = new Date("2026-01-02T03:04:05Z");
  write(root, { "src/a.ts": action("./creds").replace('slug: "a"', 'slug: "renamed"') });
  utimesSync(file, stamp, stamp);
  assert.deepEqual(disk.refresh().index.model().actions.map((a) => a.name), ["renamed"], "an edited file");

  // Same size and modification time: the file counts as unchanged and is not read again.
  const size = statSync(file).size;
  write(root, { "src/a.ts": action("./creds").replace('slug: "a"', 'slug: "sneaky1"') });
  utimesSync(file, stamp, stamp);
  assert.equal(statSync(file).size, size);
  assert.deepEqual(disk.refresh().index.model().actions.map((a) => a.name), ["renamed"]);
});
