// Blanking irrelevant blocks before the parse (server/core/analysis/blank-blocks.ts) must never
// change what extraction finds: exact cases for what is blanked and what is kept, and a corpus
// (fixtures, examples, a generated project, this repository's own sources, and mutations of them)
// on which extraction over the blanked parse equals extraction over the full parse.
import test from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { blankIrrelevantBlocks } from "../../server/core/analysis/blank-blocks";
import { extractFacts, parseFile } from "../../server/core/analysis/extract";
import { wordOffsets } from "../../server/core/analysis/text-index";
import { generateProject, prng } from "../../bench/support/generate-project";
import { FIXTURES, REPO, mutate, sourceFiles } from "./helpers";

const MARKERS = ["define", "scope"];

function blank(text: string, file = "src/a.ts"): string | null {
  return blankIrrelevantBlocks(file, text, wordOffsets(text, MARKERS));
}

/** The text with each blanked block interior (its white space included) shown as `_`. */
function shape(text: string, file?: string): string | null {
  const out = blank(text, file);
  if (out === null) return null;
  assert.equal(out.length, text.length, "blanking keeps the length");
  let shown = "";
  for (let i = 0; i < text.length; i++) shown += out[i] === text[i] ? text[i] : "\u0000";
  return shown.replace(/\s*\u0000[\s\u0000]*/g, "_");
}

function parsesCleanly(file: string, text: string): boolean {
  const diagnostics = (parseFile(file, text) as unknown as { parseDiagnostics: readonly unknown[] }).parseDiagnostics;
  return diagnostics.length === 0;
}

test("blanks schema objects, helper bodies and types; keeps the action and its run body", () => {
  const text = [
    `import { defineAction } from "@keystrokehq/keystroke/action";`,
    `import { z } from "zod";`,
    `const Input = z.object({ id: z.string() });`,
    `function summarize(items: string[]) { return items.map((i) => i.trim()); }`,
    `interface Row { id: string }`,
    `export const a = defineAction({ credentials: [exa], async run(input, creds) { const { headers } = { headers: 1 }; return creds.exa.apiKey; } });`,
    `class Cache { get(k: string) { return k; } }`,
  ].join("\n");
  assert.equal(
    shape(text),
    [
      `import { defineAction } from "@keystrokehq/keystroke/action";`,
      `import { z } from "zod";`,
      `const Input = z.object({_});`,
      `function summarize(items: string[]) {_}`,
      `interface Row {_}`,
      `export const a = defineAction({ credentials: [exa], async run(input, creds) { const { headers } = { headers: 1 }; return creds.exa.apiKey; } });`,
      `class Cache {_}`,
    ].join("\n"),
  );
});

test("keeps import and export clauses, blocks that mention a marker word, and template substitutions", () => {
  const text = [
    `import d, { a } from "./a";`,
    `import type { T } from "./t";`,
    `export { a as b };`,
    `export type { T };`,
    `const pinned = { c: creds.exa.scope("user") };`,
    `const nested = { outer: { inner: 1 }, call: defineThing({ x: 1 }) };`,
    "const s = `a ${ { k: 1 }.k } b`;",
  ].join("\n");
  assert.equal(
    shape(text),
    [
      `import d, { a } from "./a";`,
      `import type { T } from "./t";`,
      `export { a as b };`,
      `export type { T };`,
      `const pinned = { c: creds.exa.scope("user") };`,
      `const nested = { outer: {_}, call: defineThing({ x: 1 }) };`,
      "const s = `a ${ {_}.k } b`;",
    ].join("\n"),
  );
});

test("keeps line breaks where they were (LF, CRLF, U+2028), so lines and columns do not move", () => {
  const text = "const a = {\r\n  x: 1,\n  y: 2\u2028};\r\nexport const b = defineAction({});\r\n";
  const out = blank(text)!;
  assert.equal(out, `const a = {\r\n${" ".repeat(7)}\n${" ".repeat(6)}\u2028};\r\nexport const b = defineAction({});\r\n`);
});

test("strings, comments and regular expressions holding brackets do not confuse the matcher", () => {
  const text = [
    `const a = { s: "}{", t: '{', u: /[{]\\}/g, v: 1 / 2 / 3 };`,
    `// } a comment with a brace`,
    `/* { another */ const b = { w: \`}\${"{"}\` };`,
    `function f() { return /}/.test("x"); }`,
  ].join("\n");
  assert.equal(
    shape(text),
    [`const a = {_};`, `// } a comment with a brace`, `/* { another */ const b = {_};`, `function f() {_}`].join("\n"),
  );
});

test("blanks nothing in files that could hold facts in plain objects, and nothing when unsure", () => {
  const credentials = `import { credential } from "@keystrokehq/keystroke/credentials";\nconst x = { a: 1 };\n`;
  assert.equal(blank(credentials), null, "a credentials-module import: definitions read their options objects");
  const renamed = `import { defineAction as act } from "@keystrokehq/keystroke/action";\nexport const a = act({ credentials: [exa] });\n`;
  assert.equal(blank(renamed), null, "a renamed action import: its calls carry no marker word");
  const plain = `const x = { a: 1 };\n`;
  assert.equal(blank(plain, "src/a.tsx"), null, "JSX");
  assert.equal(blank(plain, "src/a.js"), null, "JavaScript (may hold JSX)");
  assert.equal(blank(plain, "src/a.d.ts"), null, "declarations");
  assert.notEqual(blank(plain, "src/a.mts"), null);
  for (const broken of [`const x = { a: 1 ;\n`, `const x = { a: "1 };\n`, "const x = { a: `1 };\n", `const x = { a: 1 }};\n`, `const x = ( { a: 1 ];\n`, `/* { a: 1 }\n`]) {
    assert.equal(blank(broken), null, broken);
  }
});

test("extraction over the blanked parse equals extraction over the full parse on a corpus and its mutations", { timeout: 120_000 }, () => {
  const generated = mkdtempSync(path.join(os.tmpdir(), "ks-blank-"));
  try {
    generateProject(generated, { actions: 60 });
    const corpus = [
      ...sourceFiles(FIXTURES),
      ...sourceFiles(path.join(REPO, "examples")),
      ...sourceFiles(generated),
      ...["server", "extension", "webview", "bench"].flatMap((dir) => sourceFiles(path.join(REPO, dir)).map(([file, text]): [string, string] => [`${dir}/${file}`, text])),
    ];
    const random = prng(20261126);
    const cases = [...corpus, ...Array.from({ length: 1500 }, (): [string, string] => {
      const [file, text] = corpus[Math.floor(random() * corpus.length)]!;
      return [file, mutate(text, random)];
    })];
    let blanked = 0;
    let compared = 0;
    for (const [file, text] of cases) {
      const facts = extractFacts(file, text);
      if (blank(text, file) !== null) blanked++;
      // Where the whole text has syntax errors, TypeScript's recovery may pair brackets otherwise
      // than the blanked text does; either reading is a guess, and the analyzer only must not throw.
      if (!parsesCleanly(file, text)) continue;
      compared++;
      if (!isDeepStrictEqual(facts, extractFacts(file, text, { fullParse: true }))) assert.fail(`extraction of ${file} differs with blanking:\n${text}`);
    }
    assert.ok(compared > corpus.length, `${compared} cases compared`);
    assert.ok(blanked > corpus.length / 2, `only ${blanked} of ${cases.length} cases were blanked: the corpus no longer exercises blanking`);
  } finally {
    rmSync(generated, { recursive: true, force: true });
  }
});
