// KS030: environment reads in code that deploys. Each read shape, each way a module is reached
// (or not) from a Keystroke primitive, the files that never deploy, the names that are not
// secrets, and the .env hint; and ordinary code that must stay silent.
import test from "node:test";
import assert from "node:assert/strict";
import { computeFindings, ProjectIndex } from "../../server/core/analysis";
import { ACTION, UNCHECKED, project } from "./helpers";

const run = (body: string) => `${ACTION}export const a = defineAction({ slug: "a", credentials: [], run: async () => ${body} });\n`;

function ks030(index: ProjectIndex): string[] {
  return computeFindings(index.model(), { local: UNCHECKED, cloud: UNCHECKED })
    .filter((f) => f.code === "KS030")
    .map((f) => `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.data?.envName}`)
    .sort();
}

test("every read shape by a literal name, in an action's own module", () => {
  const index = project({
    "src/a.ts": `${ACTION}const { REGION_KEY, "QUOTED": q, ...rest } = process.env;
export const a = defineAction({ slug: "a", credentials: [], run: async () => [
  process.env.EXA_API_KEY, process.env["LINEAR_TOKEN"], process.env?.OPT, process.env.BANG!,
  import.meta.env.VITE_SECRET, Bun.env.BUN_SECRET, Deno.env.get("DENO_SECRET"), \`\${process.env.IN_TEMPLATE}\`,
] });
`,
  });
  assert.deepEqual(ks030(index), [
    "src/a.ts:2:9 REGION_KEY",
    "src/a.ts:2:21 QUOTED",
    "src/a.ts:4:3 EXA_API_KEY",
    "src/a.ts:4:28 LINEAR_TOKEN",
    "src/a.ts:4:57 OPT",
    "src/a.ts:4:75 BANG",
    "src/a.ts:5:3 VITE_SECRET",
    "src/a.ts:5:32 BUN_SECRET",
    "src/a.ts:5:52 DENO_SECRET",
    "src/a.ts:5:84 IN_TEMPLATE",
  ].sort());
});

test("not reads: writes, delete, `in`, computed names, strings and comments", () => {
  const index = project({
    "src/a.ts": run(`{
  process.env.SET_HERE = "x"; process.env.DEFAULTED ??= "y"; delete process.env.GONE;
  const name = "X"; const v = process.env[name]; const has = "K" in process.env;
  const s = "process.env.IN_STRING"; // process.env.IN_COMMENT
  return [v, has, s, Object.keys(process.env)];
}`),
  });
  assert.deepEqual(ks030(index), []);
});

test("reached through imports (value, side effect, re-export, alias) from an action: reported; other modules: not", () => {
  const index = project(
    {
      "src/actions/a.ts": `${ACTION}import { client } from "../lib/client";\nimport "../lib/setup";\nexport { helper } from "../lib/barrel";\nimport { aliased } from "@lib/aliased";\nexport const a = defineAction({ slug: "a", credentials: [], run: async () => [client, aliased] });\n`,
      "src/lib/client.ts": `import { deep } from "./deep";\nexport const client = { key: process.env.CLIENT_KEY, deep };\n`,
      "src/lib/deep.ts": `export const deep = process.env.DEEP_KEY;\n`,
      "src/lib/setup.ts": `globalThis.token = process.env.SETUP_TOKEN;\n`,
      "src/lib/barrel.ts": `export { helper } from "./helper";\n`,
      "src/lib/helper.ts": `export const helper = () => process.env.HELPER_KEY;\n`,
      "src/lib/aliased.ts": `export const aliased = process.env.ALIASED_KEY;\n`,
      "src/lib/unused.ts": `export const unused = process.env.NOBODY_IMPORTS_ME;\n`,
      "src/vendor/lib.js": `module.exports = process.env.VENDORED;\n`,
    },
    { tsconfig: { baseUrl: "", paths: { "@lib/*": ["src/lib/*"] } } },
  );
  assert.deepEqual(ks030(index), [
    "src/lib/aliased.ts:1:24 ALIASED_KEY",
    "src/lib/client.ts:2:30 CLIENT_KEY",
    "src/lib/deep.ts:1:21 DEEP_KEY",
    "src/lib/helper.ts:1:29 HELPER_KEY",
    "src/lib/setup.ts:1:20 SETUP_TOKEN",
  ]);
});

test("agents, workflows and triggers deploy too; another framework's defineAction does not", () => {
  const index = project({
    "src/agents/r.ts": `import { defineAgent } from "@keystrokehq/keystroke/agent";\nexport const r = defineAgent({ name: "r", model: process.env.AGENT_MODEL_KEY });\n`,
    "src/workflows/w.ts": `import { defineWorkflow } from "@keystrokehq/keystroke/workflow";\nexport const w = defineWorkflow({ slug: "w", run: async () => process.env.WF_KEY });\n`,
    "src/other.ts": `import { defineAction } from "next-safe-action";\nexport const x = defineAction({ run: () => process.env.NEXT_KEY });\n`,
  });
  assert.deepEqual(ks030(index), ["src/agents/r.ts:2:50 AGENT_MODEL_KEY", "src/workflows/w.ts:2:63 WF_KEY"]);
});

test("never scanned: keystroke.config.ts, tests, test folders, scripts/, modules marked ignore:deploy", () => {
  const reads = `export const k = process.env.SECRET_KEY;\n`;
  const imports = ["./keystroke.config", "./src/a.test", "./src/a.spec", "./test/t", "./tests/t", "./src/__tests__/t", "./scripts/s", "./src/marked"];
  const index = project({
    "entry.ts": `${ACTION}${imports.map((s, i) => `import { k as k${i} } from "${s}";`).join("\n")}\nexport const a = defineAction({ slug: "a", credentials: [] });\n`,
    "keystroke.config.ts": `export default { project: process.env.PROJECT_SLUG };\nexport const k = process.env.SECRET_KEY;\n`,
    "src/a.test.ts": reads,
    "src/a.spec.ts": reads,
    "test/t.ts": reads,
    "tests/t.ts": reads,
    "src/__tests__/t.ts": reads,
    "scripts/s.ts": reads,
    "src/marked.ts": `// @keystroke ignore:deploy\n${reads}`,
  });
  assert.deepEqual(ks030(index), []);
});

test("names that are not secrets are exempt, and more can be allowed", () => {
  const body = run(`[process.env.NODE_ENV, process.env.TZ, process.env.LOG_LEVEL, process.env.SERVICE_REGION, process.env.EXA_API_KEY]`);
  assert.deepEqual(ks030(project({ "src/a.ts": body })).map((s) => s.split(" ")[1]).sort(), ["EXA_API_KEY", "SERVICE_REGION"]);
  const allowed = project({ "src/a.ts": body }, { environment: { allowed: ["SERVICE_REGION"] } });
  assert.deepEqual(ks030(allowed).map((s) => s.split(" ")[1]), ["EXA_API_KEY"]);
});

test("the message names the read, says deploy does not carry it, and which .env file makes it work locally", () => {
  const index = project({ "src/a.ts": run(`process.env.EXA_API_KEY`) }, { environment: { envFiles: new Map([["EXA_API_KEY", [".env", ".env.local"]]]) } });
  const [finding] = computeFindings(index.model(), { local: UNCHECKED, cloud: UNCHECKED }).filter((f) => f.code === "KS030");
  assert.equal(finding?.severity, "warning");
  assert.equal(
    finding?.message,
    'process.env.EXA_API_KEY is read in code that deploys, and deploying carries neither the environment nor .env files: in the cloud it is undefined. .env and .env.local define EXA_API_KEY, which is why it works under `keystroke dev`. Declare a credential for it and read it from the action\'s credentials (outside an action\'s run, build what needs it inside run); if it is not a secret, add "EXA_API_KEY" to keystroke.allowedEnv (or check --allow-env).',
  );
});

test("an import added or removed changes which modules report, and dependents() names them", () => {
  const index = project({
    "src/a.ts": `${ACTION}export const a = defineAction({ slug: "a", credentials: [] });\n`,
    "src/lib.ts": `export const key = process.env.LIB_KEY;\n`,
  });
  assert.deepEqual(ks030(index), []);
  index.setFile("src/a.ts", `${ACTION}import { key } from "./lib";\nexport const a = defineAction({ slug: "a", credentials: [], run: async () => key });\n`);
  assert.deepEqual(ks030(index), ["src/lib.ts:1:20 LIB_KEY"]);
  assert.ok(index.dependents("src/a.ts").includes("src/lib.ts"), "lib.ts gained a finding without being edited");
  index.setFile("src/a.ts", `${ACTION}export const a = defineAction({ slug: "a", credentials: [] });\n`);
  assert.deepEqual(ks030(index), []);
  assert.ok(index.dependents("src/a.ts").includes("src/lib.ts"), "and lost it again");
});

test("ordinary code without Keystroke stays silent however much it reads the environment", () => {
  const index = project({
    "src/server.ts": `import express from "express";\nconst app = express();\napp.listen(process.env.PORT ?? 3000);\nexport const db = process.env.DATABASE_URL;\n`,
    "src/config.ts": `export const config = { key: process.env.STRIPE_SECRET_KEY, ...process.env };\n`,
  });
  assert.deepEqual(ks030(index), []);
});
