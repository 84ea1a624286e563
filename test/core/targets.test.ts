// Resolution of requirements against the two targets: statuses, skips, catalog requirements, and
// field checks against the definition each reference traces to.
import test from "node:test";
import assert from "node:assert/strict";
import { computeFindings, requirementStatuses } from "../../server/core/analysis";
import { ACTION, DEFINE, findingsOf, project, snapshot, UNCHECKED } from "./helpers";

test("KS004 checks the fields of the definition the element traces to, not another definition of the key", () => {
  const index = project({
    "src/one.ts": `${DEFINE}export const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });`,
    "src/two.ts": `${DEFINE}export const exa = defineCredential({ key: "exa", fields: { token: z.string() } });`,
    "src/a.ts": `${ACTION}import { exa } from "./one";\nexport const a = defineAction({ slug: "a", credentials: [exa], run: async () => 1 });`,
    "src/b.ts": `${ACTION}import { exa } from "./two";\nexport const b = defineAction({ slug: "b", credentials: [exa], run: async () => 1 });`,
  });
  const local = snapshot([{ key: "exa", scope: "organization", fields: ["apiKey"] }]);
  assert.deepEqual(findingsOf(index, local), ["src/b.ts:3 KS004[local]", "src/two.ts:3 KS016"]);
});

test("KS004 only for api_key definitions; an absent field list is not checked", () => {
  const index = project({
    "src/c.ts": `${DEFINE}export const slack = defineCredential({ key: "slack", kind: "oauth" });\nexport const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });`,
    "src/a.ts": `${ACTION}import { slack, exa } from "./c";\nexport const a = defineAction({ slug: "a", credentials: [slack, exa], run: async () => 1 });`,
  });
  assert.deepEqual(findingsOf(index, snapshot([{ key: "slack", scope: "project", fields: [] }, { key: "exa", scope: "project" }])), []);
});

test("catalog requirements: KS020 replaces KS001/KS002/KS003 but a tie stays KS005; positioned at the specifier", () => {
  const files = {
    "src/w.ts": `import { defineWorkflow } from "@keystrokehq/keystroke/workflow";\nimport { send } from "@keystrokehq/gmail/actions";\nexport const w = defineWorkflow({ slug: "w", run: async () => send });`,
  };
  assert.deepEqual(findingsOf(project(files), snapshot([{ key: "gmail", scope: "user" }])), ["src/w.ts:2 KS020[local]"]);
  const tie = snapshot([{ key: "gmail", scope: "organization" }, { key: "gmail", scope: "organization" }]);
  assert.deepEqual(findingsOf(project(files), tie), ["src/w.ts:2 KS005[local]"]);
  // A file that defines no workflow, agent or action creates no catalog requirement.
  const helper = { "src/h.ts": `import { send } from "@keystrokehq/gmail/actions";\nexport const h = send;` };
  assert.deepEqual(project(helper).model().requirements, []);
  const r = project(files).model().requirements[0];
  assert.deepEqual([r?.key, r?.kind, r?.catalog, r?.pin, r?.action.name], ["gmail", "keystroke", true, null, "w"]);
  assert.deepEqual(r?.range.start, { line: 1, character: 21 });
});

test("statuses: unchecked carries the reason; invalid/dynamic pins and ignore:deploy in the cloud are skipped", () => {
  const index = project({
    "src/c.ts": `${DEFINE}export const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });`,
    "src/a.ts": `${ACTION}import { exa } from "./c";\nconst s = "x";\nexport const a = defineAction({ slug: "a", credentials: [exa.scope("orgs")], run: async () => 1 });\nexport const b = defineAction({ slug: "b", credentials: [exa.scope(s)], run: async () => 1 });`,
    "src/d.ts": `// @keystroke ignore:deploy\n${ACTION}import { exa } from "./c";\nexport const d = defineAction({ slug: "d", credentials: [exa], run: async () => 1 });`,
  });
  const cloud = snapshot([{ key: "exa", scope: "organization", fields: ["apiKey"], name: "Exa", id: "e1", default: true }]);
  const statuses = requirementStatuses(index.model(), { local: { unchecked: "no local store" }, cloud });
  const view = statuses.map((s) => `${s.action.name} ${s.targets.local.status}:${"reason" in s.targets.local ? s.targets.local.reason : ""} ${s.targets.cloud.status}`);
  assert.deepEqual(view, ["a unchecked:no local store skipped", "b unchecked:no local store skipped", "d unchecked:no local store skipped"]);
  const local = requirementStatuses(index.model(), { local: cloud, cloud: UNCHECKED }).find((s) => s.action.name === "d");
  assert.deepEqual(local?.targets.local, { status: "resolved", scope: "organization", isDefault: true, missingFields: [], entryName: "Exa", entryId: "e1" });
  assert.deepEqual(local?.fields, [{ name: "apiKey", required: true }]);
  assert.equal(local?.definition?.file, "src/c.ts");
});

test("a new snapshot object is evaluated afresh (memoization is by identity)", () => {
  const index = project({
    "src/c.ts": `${DEFINE}export const exa = defineCredential({ key: "exa" });`,
    "src/a.ts": `${ACTION}import { exa } from "./c";\nexport const a = defineAction({ slug: "a", credentials: [exa], run: async () => 1 });`,
  });
  const model = index.model();
  assert.equal(computeFindings(model, { local: snapshot([]), cloud: UNCHECKED }).length, 1);
  assert.equal(computeFindings(model, { local: snapshot([{ key: "exa", scope: "project" }]), cloud: UNCHECKED }).length, 0);
});

test("markers count only in the leading comment; @keystroke ignore drops the file's findings", () => {
  const bad = `${ACTION}export const a = defineAction({ slug: "a", credentials: [nothing], run: async () => 1 });\n`;
  assert.deepEqual(findingsOf(project({ "src/a.ts": `/* @keystroke ignore */\n${bad}` })), []);
  assert.deepEqual(findingsOf(project({ "src/a.ts": `${bad}// @keystroke ignore\n` })), ["src/a.ts:2 KS013"]);
  assert.deepEqual(findingsOf(project({ "src/a.ts": `#!/usr/bin/env node\n// @keystroke ignore\n${bad}` })), []);
});

test("keystroke.config.ts: project read from a wrapped or plain default export; flags override", () => {
  const wrapped = project({ "keystroke.config.ts": `export default defineConfig({ organization: "o", project: "p" });` });
  assert.deepEqual(wrapped.model().context, { organization: "o", project: "p" });
  const flags = project({ "keystroke.config.ts": `export default { organization: "o", project: "p" };` }, { context: { project: "q" } });
  assert.deepEqual(flags.model().context, { organization: "o", project: "q" });
  assert.deepEqual(project({}).model().context, {});
});
