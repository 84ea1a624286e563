// The incremental index must always agree with a fresh one, and dependents() must name every
// file whose findings an edit can change (the language server republishes only those).
import test from "node:test";
import assert from "node:assert/strict";
import { ProjectIndex, computeFindings, type ProjectModel } from "../../server/core/analysis";
import { prng } from "../../bench/support/generate-project";
import { ACTION, DEFINE, brief, project, snapshot } from "./helpers";

const LOCAL = snapshot([
  { key: "exa", scope: "project", fields: ["apiKey"] },
  { key: "slack", scope: "user" },
]);

function view(model: ProjectModel): string[] {
  return computeFindings(model, { local: LOCAL, cloud: { unchecked: "x" } }).map((f) => `${brief(f)} ${f.message}`);
}

const BASE: Record<string, string> = {
  "keystroke.config.ts": `export default { project: "p" };`,
  "src/creds/exa.ts": `${DEFINE}export const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });`,
  "src/creds/slack.ts": `${DEFINE}export const slack = defineCredential({ key: "slack", kind: "oauth" });`,
  "src/creds/index.ts": `export * from "./exa";\nexport * from "./slack";`,
  "src/a.ts": `${ACTION}import { exa, slack } from "./creds";\nexport const a = defineAction({ slug: "a", credentials: [exa, slack], run: async () => 1 });`,
  "src/b.ts": `${ACTION}import { exa } from "./creds/exa";\nexport const b = defineAction({ slug: "b", credentials: [exa], run: async () => 1 });`,
  "src/c.ts": `${ACTION}export const c = defineAction({ slug: "c", credentials: [], run: async () => 1 });`,
};

const EDITS: [string, string | null][] = [
  ["src/creds/exa.ts", `${DEFINE}export const exa = defineCredential({ key: "exa", fields: { apiKey: z.string(), region: z.string() } });`],
  ["src/creds/slack.ts", `${DEFINE}export const slackRenamed = defineCredential({ key: "slack", kind: "oauth" });`],
  ["src/creds/index.ts", `export * from "./exa";`],
  ["src/c.ts", `${ACTION}import { exa } from "./creds";\nexport const c = defineAction({ slug: "c", credentials: [exa.scope("org")], run: async () => 1 });`],
  ["src/d.ts", `${DEFINE}export const exa2 = defineCredential({ key: "exa", kind: "oauth" });`],
  ["src/d.ts", null],
  ["keystroke.config.ts", `export default { project: "other" };`],
  ["src/creds/exa.ts", `// @keystroke ignore\n${DEFINE}export const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });`],
  ["src/b.ts", `garbage ((( {`],
];

test("after each edit the incremental model equals a fresh index's, and unaffected files keep their findings", () => {
  const files = { ...BASE };
  const index = project(files);
  let before = view(index.model());
  for (const [file, text] of EDITS) {
    if (text === null) {
      index.removeFile(file);
      delete files[file];
    } else {
      index.setFile(file, text);
      files[file] = text;
    }
    const after = view(index.model());
    assert.deepEqual(after, view(project(files).model()), `after editing ${file}`);
    const affected = new Set(index.dependents(file));
    assert.ok(affected.has(file));
    const changedFiles = new Set([...before, ...after].filter((x) => !(before.includes(x) && after.includes(x))).map((x) => x.split(":")[0]!));
    for (const changed of changedFiles) assert.ok(affected.has(changed), `${changed} changed after editing ${file} but is not among its dependents`);
    before = after;
  }
});

test("dependents: a credential file reaches the actions that import it through barrels, not the others", () => {
  const index = project(BASE);
  index.model();
  index.setFile("src/creds/slack.ts", `${BASE["src/creds/slack.ts"]}\n// edited`);
  assert.deepEqual(index.dependents("src/creds/slack.ts"), ["src/a.ts", "src/creds/slack.ts"]);
  index.setFile("src/c.ts", `${BASE["src/c.ts"]}\n// edited`);
  assert.deepEqual(index.dependents("src/c.ts"), ["src/c.ts"]);
  // keystroke.config.ts changes the project for every resolution.
  assert.equal(index.dependents("keystroke.config.ts").length, Object.keys(BASE).length);
});

test("dependents: files loaded before the first model are not changes; files added after it are", () => {
  const index = project(BASE);
  index.model();
  // What a language server does when the editor opens a file unchanged, then edits it.
  index.setFile("src/c.ts", BASE["src/c.ts"]!);
  assert.deepEqual(index.dependents("src/c.ts"), ["src/c.ts"]);
  assert.deepEqual(index.dependents("src/creds/slack.ts"), ["src/a.ts", "src/creds/slack.ts"]);
  index.setFile("src/b.ts", `${BASE["src/b.ts"]}\n// edited`);
  assert.deepEqual(index.dependents("src/b.ts"), ["src/b.ts"]);
  // A new file may change what any import resolves to, for the model that first includes it only.
  index.setFile("src/creds.ts", `export const x = 1;`);
  assert.equal(index.dependents("src/creds.ts").length, Object.keys(BASE).length + 1);
  index.setFile("src/c.ts", `${BASE["src/c.ts"]}\n// edited`);
  assert.deepEqual(index.dependents("src/creds.ts"), ["src/a.ts", "src/creds.ts"]); // it now shadows src/creds/index.ts
  index.removeFile("src/creds.ts");
  assert.equal(index.dependents("src/creds.ts").length, Object.keys(BASE).length + 1);
});

test("dependents: another definition of the same key is affected (KS016)", () => {
  const index = project({ ...BASE, "src/d.ts": `${DEFINE}export const e = defineCredential({ key: "exa", fields: { apiKey: z.string() } });` });
  index.model();
  index.setFile("src/d.ts", `${DEFINE}export const e = defineCredential({ key: "exa", kind: "oauth" });`);
  assert.ok(index.dependents("src/d.ts").includes("src/creds/exa.ts"));
});

test("model() is cached until something changes; identical text is a no-op", () => {
  const index = project(BASE);
  const first = index.model();
  assert.equal(index.model(), first);
  index.setFile("src/a.ts", BASE["src/a.ts"]!);
  assert.equal(index.model(), first);
  index.setFile("src/a.ts", `${BASE["src/a.ts"]} `);
  assert.notEqual(index.model(), first);
});

test("random edit sequences: incremental and fresh analyses agree", () => {
  const random = prng(42);
  const files = { ...BASE };
  const index = new ProjectIndex();
  for (const [f, t] of Object.entries(files)) index.setFile(f, t);
  const names = Object.keys(BASE);
  const variants = [...Object.values(BASE), ...EDITS.map(([, t]) => t ?? "")];
  for (let i = 0; i < 60; i++) {
    const file = names[Math.floor(random() * names.length)]!;
    const text = variants[Math.floor(random() * variants.length)]!;
    index.setFile(file, text);
    files[file] = text;
    if (i % 5 === 0) assert.deepEqual(view(index.model()), view(project(files).model()), `step ${i}`);
  }
});
