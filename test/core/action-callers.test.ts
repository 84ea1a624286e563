// "What breaks if I revoke this?": the agents, workflows and triggers that run an action, traced
// from an agent's tools and `x.run(...)` calls. Only names that trace to a Keystroke action count;
// a shadowed name, a project's own `run` method or a name from elsewhere lists nothing.
import test from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { requirementStatuses } from "../../server/core/analysis";
import { loadWorkspace } from "../../server/workspace";
import { ACTION, DEFINE, REPO, UNCHECKED, project } from "./helpers";

const CREDS = `${DEFINE}export const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });\n`;
const SEARCH = `${ACTION}import { exa } from "../credentials";\nexport const search = defineAction({ slug: "search", credentials: [exa], run: async () => 1 });\n`;
const AGENT = `import { defineAgent } from "@keystrokehq/keystroke/agent";\n`;
const WORKFLOW = `import { defineWorkflow } from "@keystrokehq/keystroke/workflow";\n`;

/** `caller (role, how)` for each caller of the action requiring `key`. */
function callersOf(files: Record<string, string>, key = "exa"): string[] {
  const statuses = requirementStatuses(project(files).model(), { local: UNCHECKED, cloud: UNCHECKED });
  const status = statuses.find((s) => s.key === key);
  assert.ok(status, `a requirement of ${key}`);
  return status.action.callers.map((c) => `${c.name} (${c.role}, ${c.how}) ${c.file}:${c.range.start.line + 1}`).sort();
}

const base = { "src/credentials.ts": CREDS, "src/actions/search.ts": SEARCH };

test("an agent's tools and a workflow's .run(...) calls are the action's callers, across files and aliases", () => {
  assert.deepEqual(
    callersOf({
      ...base,
      "src/agents/helper.ts": `${AGENT}import { search as find } from "../actions/search";\nexport default defineAgent({ slug: "helper", tools: [find] });\n`,
      "src/workflows/daily.ts": `${WORKFLOW}import * as actions from "../actions/search";\nexport const daily = defineWorkflow({ slug: "daily", async run(_i, ctx) {\n  await ctx.step("s", () => actions.search.run({}));\n} });\n`,
      "src/triggers/poll.ts": `import { definePollSource } from "@keystrokehq/keystroke/trigger";\nimport { search } from "../actions/search";\nexport const poll = definePollSource({ slug: "poll", poll: async () => [await search.run({})] });\n`,
    }),
    ["daily (workflow, run) src/workflows/daily.ts:3", "helper (agent, tool) src/agents/helper.ts:3", "poll (trigger, run) src/triggers/poll.ts:3"],
  );
});

test("a tools list kept in a constant and spread, and a scoped action, are followed", () => {
  assert.deepEqual(
    callersOf({
      ...base,
      "src/actions/search.ts": `${ACTION}import { exa } from "../credentials";\nexport const search = defineAction({ slug: "search", credentials: [exa], run: async () => 1 }).scope("project");\n`,
      "src/agents/tools.ts": `import { search } from "../actions/search";\nexport const TOOLS = [search];\n`,
      "src/agents/helper.ts": `${AGENT}import { TOOLS } from "./tools";\nexport default defineAgent({ slug: "helper", tools: [...TOOLS] });\n`,
    }),
    ["helper (agent, tool) src/agents/helper.ts:3"],
  );
});

test("nothing is listed that does not trace: a shadowed name, a project's own defineWorkflow, a package's action, a non-action", () => {
  assert.deepEqual(
    callersOf({
      ...base,
      // `search` is the callback's parameter here, not the imported action.
      "src/workflows/shadow.ts": `${WORKFLOW}import { search } from "../actions/search";\nexport const w = defineWorkflow({ slug: "w", async run(search) { await search.run({}); } });\n`,
      // Not Keystroke's defineWorkflow.
      "src/workflows/other.ts": `import { defineWorkflow } from "./my-framework";\nimport { search } from "../actions/search";\nexport const o = defineWorkflow({ slug: "o", run: () => search.run({}) });\n`,
      "src/workflows/my-framework.ts": `export function defineWorkflow(x: unknown) { return x; }\n`,
      // A name from a package, and a plain object's run.
      "src/workflows/mixed.ts": `${WORKFLOW}import { gmailSend } from "@keystrokehq/gmail/actions";\nconst job = { run: () => 1 };\nexport const m = defineWorkflow({ slug: "m", run: async () => { await gmailSend.run({}); job.run(); } });\n`,
    }),
    [],
  );
});

test("an agent that lists an action twice is one caller", () => {
  assert.deepEqual(
    callersOf({
      ...base,
      "src/agents/helper.ts": `${AGENT}import { search } from "../actions/search";\nexport default defineAgent({ slug: "helper", tools: [search, search] });\n`,
    }),
    ["helper (agent, tool) src/agents/helper.ts:3"],
  );
});

test("the callers follow an edit of the caller and of the action's file", () => {
  const index = project({ ...base, "src/agents/helper.ts": `${AGENT}import { search } from "../actions/search";\nexport default defineAgent({ slug: "helper", tools: [search] });\n` });
  const callers = () => requirementStatuses(index.model(), { local: UNCHECKED, cloud: UNCHECKED }).flatMap((s) => s.action.callers.map((c) => c.name));
  assert.deepEqual(callers(), ["helper"]);
  index.setFile("src/agents/helper.ts", `${AGENT}export default defineAgent({ slug: "helper", tools: [] });\n`);
  assert.deepEqual(callers(), []);
  index.setFile("src/agents/helper.ts", `${AGENT}import { search } from "../actions/search";\nexport default defineAgent({ slug: "helper", tools: [search] });\n`);
  index.setFile("src/actions/search.ts", `${ACTION}import { exa } from "../credentials";\n\nexport const search = defineAction({ slug: "search", credentials: [exa], run: async () => 1 });\n`);
  assert.deepEqual(callers(), ["helper"], "the action moved a line down: still matched");
});

test("the example project: the support agent and the triage workflow are listed under the actions they run", () => {
  const { index } = loadWorkspace(path.join(REPO, "examples/acme-support"));
  const statuses = requirementStatuses(index.model(), { local: UNCHECKED, cloud: UNCHECKED });
  const byAction = new Map(statuses.map((s) => [s.action.name, s.action.callers.map((c) => `${c.name} (${c.how})`)]));
  assert.deepEqual(byAction.get("search-web"), ["support-agent (tool)"]);
  assert.deepEqual(byAction.get("notify-slack"), ["triage-inbox (run)"]);
  assert.deepEqual(byAction.get("write-digest"), ["weekly-digest (run)"]);
});
