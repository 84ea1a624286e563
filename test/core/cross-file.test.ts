// Tracing an element to its definition across files: every import/export shape, module
// specifier form and tsconfig alias, and cycles that must terminate.
import test from "node:test";
import assert from "node:assert/strict";
import { parseTsconfigPaths } from "../../server/core/analysis";
import { ACTION, DEFINE, findingsOf, project } from "./helpers";

const CRED = `${DEFINE}export const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });\n`;

function action(importLine: string, element: string): string {
  return `${ACTION}${importLine}\nexport const a = defineAction({ slug: "a", credentials: [${element}], run: async () => 1 });\n`;
}

/** The definition file of the single requirement of src/a.ts, or the KS013 reason. */
function traced(files: Record<string, string>, options?: Parameters<typeof project>[1]): string {
  const model = project(files, options).model();
  const r = model.requirements.find((x) => x.file === "src/a.ts");
  if (r) return `${r.key}@${r.definition?.file}`;
  const f = model.authoringFindings.find((x) => x.code === "KS013");
  return f ? `KS013: ${f.message}` : "nothing";
}

const cases: [string, Record<string, string>, string][] = [
  ["named import", { "src/c.ts": CRED, "src/a.ts": action(`import { exa } from "./c";`, "exa") }, "exa@src/c.ts"],
  ["aliased import", { "src/c.ts": CRED, "src/a.ts": action(`import { exa as search } from "./c";`, "search") }, "exa@src/c.ts"],
  [
    "default import of export default call",
    { "src/c.ts": `${DEFINE}export default defineCredential({ key: "exa" });`, "src/a.ts": action(`import anything from "./c";`, "anything") },
    "exa@src/c.ts",
  ],
  [
    "default import of export default identifier",
    { "src/c.ts": `${DEFINE}const exa = defineCredential({ key: "exa" });\nexport default exa;`, "src/a.ts": action(`import e from "./c";`, "e") },
    "exa@src/c.ts",
  ],
  ["namespace import", { "src/c.ts": CRED, "src/a.ts": action(`import * as creds from "./c";`, "creds.exa") }, "exa@src/c.ts"],
  ["namespace element access", { "src/c.ts": CRED, "src/a.ts": action(`import * as creds from "./c";`, `creds["exa"]`) }, "exa@src/c.ts"],
  [
    "export { x } of a local",
    { "src/c.ts": `${DEFINE}const exa = defineCredential({ key: "exa" });\nexport { exa };`, "src/a.ts": action(`import { exa } from "./c";`, "exa") },
    "exa@src/c.ts",
  ],
  [
    "export { x as y } from",
    { "src/c.ts": CRED, "src/b.ts": `export { exa as search } from "./c";`, "src/a.ts": action(`import { search } from "./b";`, "search") },
    "exa@src/c.ts",
  ],
  [
    "import then export { x }",
    { "src/c.ts": CRED, "src/b.ts": `import { exa } from "./c";\nexport { exa as e };`, "src/a.ts": action(`import { e } from "./b";`, "e") },
    "exa@src/c.ts",
  ],
  ["export * from", { "src/c.ts": CRED, "src/b.ts": `export * from "./c";`, "src/a.ts": action(`import { exa } from "./b";`, "exa") }, "exa@src/c.ts"],
  [
    "export * as ns from",
    { "src/c.ts": CRED, "src/b.ts": `export * as creds from "./c";`, "src/a.ts": action(`import { creds } from "./b";`, "creds.exa") },
    "exa@src/c.ts",
  ],
  [
    "export { default as x } from",
    { "src/c.ts": `${DEFINE}export default defineCredential({ key: "exa" });`, "src/b.ts": `export { default as exa } from "./c";`, "src/a.ts": action(`import { exa } from "./b";`, "exa") },
    "exa@src/c.ts",
  ],
  [".js specifier naming a .ts file", { "src/c.ts": CRED, "src/a.ts": action(`import { exa } from "./c.js";`, "exa") }, "exa@src/c.ts"],
  [".mjs specifier naming a .mts file", { "src/c.mts": CRED, "src/a.ts": action(`import { exa } from "./c.mjs";`, "exa") }, "exa@src/c.mts"],
  ["explicit .ts extension", { "src/c.ts": CRED, "src/a.ts": action(`import { exa } from "./c.ts";`, "exa") }, "exa@src/c.ts"],
  ["a real .js file", { "src/c.js": CRED.replace(/: z\.string\(\)/, ""), "src/a.ts": action(`import { exa } from "./c.js";`, "exa") }, "exa@src/c.js"],
  ["directory index file", { "src/creds/index.ts": CRED, "src/a.ts": action(`import { exa } from "./creds";`, "exa") }, "exa@src/creds/index.ts"],
  ["parent directory", { "c.ts": CRED, "src/a.ts": action(`import { exa } from "../c";`, "exa") }, "exa@c.ts"],
  [
    "identifier bound to x.scope()",
    { "src/c.ts": CRED, "src/a.ts": action(`import { exa } from "./c";\nconst pinned = exa.scope("user");`, "pinned") },
    "exa@src/c.ts",
  ],
  [
    "defineCredential from another package does not count",
    { "src/c.ts": `import { defineCredential } from "keystroke-lite";\nexport const exa = defineCredential({ key: "exa" });`, "src/a.ts": action(`import { exa } from "./c";`, "exa") },
    `KS013: exa cannot be traced to a defineCredential(...) from "@keystrokehq/keystroke/credentials" (the defineCredential it is made with is not Keystroke's), so it is not checked. Import it from the project file that defines it.`,
  ],
  [
    "missing export",
    { "src/c.ts": CRED, "src/a.ts": action(`import { nope } from "./c";`, "nope") },
    `KS013: nope cannot be traced to a defineCredential(...) from "@keystrokehq/keystroke/credentials" (src/c.ts does not export "nope"), so it is not checked. Import it from the project file that defines it.`,
  ],
  [
    "a non-literal key",
    { "src/c.ts": `${DEFINE}const k = "exa";\nexport const exa = defineCredential({ key: k });`, "src/a.ts": action(`import { exa } from "./c";`, "exa") },
    `KS013: exa cannot be traced to a defineCredential(...) from "@keystrokehq/keystroke/credentials" (its key is not a string literal), so it is not checked. Import it from the project file that defines it.`,
  ],
];

for (const [name, files, expected] of cases) {
  test(`cross-file: ${name}`, () => {
    assert.equal(traced(files), expected);
  });
}

test("cross-file: import cycles and export * cycles terminate", () => {
  const files = {
    "src/b.ts": `export * from "./d";\nexport { nope } from "./d";`,
    "src/d.ts": `export * from "./b";\nimport { nope } from "./b";\nexport { nope };`,
    "src/self.ts": `export { loop } from "./self";`,
    "src/a.ts": action(`import { exa } from "./b";\nimport { loop } from "./self";\nimport { nope } from "./d";\nconst x = y;\nconst y = x;`, "exa, loop, nope, x"),
  };
  const model = project(files).model();
  assert.equal(model.requirements.length, 0);
  assert.equal(model.authoringFindings.filter((f) => f.code === "KS013").length, 4);
});

test("cross-file: tsconfig paths (longest prefix wins) and baseUrl", () => {
  const tsconfig = { baseUrl: "", paths: { "@/*": ["src/*"], "@/creds/*": ["lib/creds/*"], "#exa": ["vendor/exa.ts"] } };
  assert.equal(traced({ "src/c.ts": CRED, "src/a.ts": action(`import { exa } from "@/c";`, "exa") }, { tsconfig }), "exa@src/c.ts");
  assert.equal(traced({ "lib/creds/x.ts": CRED, "src/a.ts": action(`import { exa } from "@/creds/x";`, "exa") }, { tsconfig }), "exa@lib/creds/x.ts");
  assert.equal(traced({ "vendor/exa.ts": CRED, "src/a.ts": action(`import { exa } from "#exa";`, "exa") }, { tsconfig }), "exa@vendor/exa.ts");
  assert.equal(traced({ "src/c.ts": CRED, "src/a.ts": action(`import { exa } from "src/c";`, "exa") }, { tsconfig }), "exa@src/c.ts");
  // No alias for a package: it stays external.
  assert.match(traced({ "src/a.ts": action(`import { exa } from "exa-sdk";`, "exa") }, { tsconfig }), /not a project file/);
});

test("parseTsconfigPaths: JSONC, baseUrl relative to the tsconfig directory, extends, errors", () => {
  const parsed = parseTsconfigPaths(`{ // comment\n "extends": "./base", "compilerOptions": { "baseUrl": "./src", "paths": { "@/*": ["*"], }, }, }`, "packages/app");
  assert.deepEqual(parsed, { extends: "./base", paths: { baseUrl: "packages/app/src", paths: { "@/*": ["*"] } } });
  assert.deepEqual(parseTsconfigPaths(`{ "compilerOptions": { "paths": { "x": ["y.ts"] } } }`, ""), { paths: { baseUrl: "", paths: { x: ["y.ts"] } } });
  assert.deepEqual(parseTsconfigPaths(`{ "compilerOptions": { "strict": true } }`, ""), {});
  assert.match(parseTsconfigPaths(`{ "compilerOptions": `, "").error ?? "", /not valid JSON/);
});

test("scope pins: element pin wins over the action pin; the outermost .scope() applies; bound pins travel", () => {
  const files = {
    "src/c.ts": `${CRED}export const slack = defineCredential({ key: "slack", kind: "oauth" }).scope("user");\nexport const gh = defineCredential({ key: "gh", kind: "oauth" });`,
    "src/a.ts": `${ACTION}import { exa, slack, gh } from "./c";\nexport const a = defineAction({ slug: "a", credentials: [exa.scope("user").scope("project"), slack, gh] }).scope("organization");`,
  };
  const pins = project(files).model().requirements.map((r) => `${r.key}:${r.pin}`);
  assert.deepEqual(pins, ["exa:project", "slack:user", "gh:organization"]);
});

test("KS014 reads creds.key, creds['key'] and creds.key.field only on run's second parameter", () => {
  const files = {
    "src/c.ts": CRED,
    "src/a.ts": `${ACTION}import { exa } from "./c";
export const a = defineAction({
  slug: "a",
  credentials: [exa],
  run: async (input, secrets) => {
    const other = { nope: 1 };
    return [input.nope, other.nope, secrets.exa.apiKey, secrets["exa"]?.apiKey, secrets.exa.zzz, secrets.nope];
  },
});`,
  };
  assert.deepEqual(findingsOf(project(files)), ["src/a.ts:8 KS014", "src/a.ts:8 KS014"]);
});

test("field checks are skipped for oauth definitions and for fields that are not an object literal", () => {
  const files = {
    "src/c.ts": `${DEFINE}const shape = { apiKey: z.string() };\nexport const exa = defineCredential({ key: "exa", fields: shape });\nexport const slack = defineCredential({ key: "slack", kind: "oauth" });`,
    "src/a.ts": `${ACTION}import { exa, slack } from "./c";\nexport const a = defineAction({ slug: "a", credentials: [exa, slack], async run(_i, c) { return [c.exa.anything, c.slack.accessToken]; } });`,
  };
  assert.deepEqual(findingsOf(project(files)), []);
});
