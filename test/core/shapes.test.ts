// The shapes real projects use, each with the exact findings it must give against an empty local
// store (every traced requirement then says KS001[local] where it lands, so tracing is checked
// too) and nothing else. Negative cases are ordinary non-Keystroke code that must stay silent.
import test from "node:test";
import assert from "node:assert/strict";
import { computeFindings } from "../../server/core/analysis";
import { ACTION, DEFINE, UNCHECKED, brief, project, snapshot } from "./helpers";

const CREDS = `${DEFINE}export const exa = defineCredential({ key: "exa", fields: { apiKey: z.string() } });
export const linear = defineCredential({ key: "linear", fields: { token: z.string() } });
export const slack = defineCredential({ key: "slack", fields: { bot: z.string() } });
`;
const IMPORTS = `${ACTION}import { exa, linear, slack } from "./creds";\n`;

interface Shape {
  name: string;
  files: Record<string, string>;
  expect: string[];
  tsconfig?: { baseUrl: string; paths: Record<string, string[]> };
}

/** An action whose options are `options`, after one line `before`: the defineAction call is on line 4. */
function act(options: string, before = ""): string {
  return `${IMPORTS}${before}\nexport const a = defineAction({ slug: "a", ${options} });\n`;
}

const SHAPES: Shape[] = [
  // ---- credential lists built outside the literal ----
  { name: "same-file const list", files: { "src/a.ts": act(`credentials: SHARED`, "const SHARED = [exa, linear] as const;") }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS001[local]"] },
  { name: "same-file list with satisfies", files: { "src/a.ts": act(`credentials: SHARED`, "const SHARED = [exa] satisfies readonly unknown[];") }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "list imported from another module", files: { "src/lists.ts": `import { exa, linear } from "./creds";\nexport const SHARED = [exa, linear] as const;\n`, "src/a.ts": act(`credentials: SHARED`, `import { SHARED } from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS001[local]"] },
  { name: "shorthand credentials property", files: { "src/lists.ts": `import { exa } from "./creds";\nexport const credentials = [exa];\n`, "src/a.ts": act(`credentials`, `import { credentials } from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "list through export * barrel", files: { "src/lists/base.ts": `import { exa } from "../creds";\nexport const SHARED = [exa];\n`, "src/lists/index.ts": `export * from "./base";\n`, "src/a.ts": act(`credentials: SHARED`, `import { SHARED } from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "list renamed by a barrel", files: { "src/lists/base.ts": `import { exa } from "../creds";\nexport const SHARED = [exa];\n`, "src/lists/index.ts": `export { SHARED as LIST } from "./base";\n`, "src/a.ts": act(`credentials: LIST`, `import { LIST } from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "list through export * as ns", files: { "src/lists/base.ts": `import { exa } from "../creds";\nexport const SHARED = [exa];\n`, "src/lists/index.ts": `export * as lists from "./base";\n`, "src/a.ts": act(`credentials: lists.SHARED`, `import { lists } from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "default-exported list", files: { "src/lists.ts": `import { exa, slack } from "./creds";\nexport default [exa, slack] as const;\n`, "src/a.ts": act(`credentials: SHARED`, `import SHARED from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS001[local]"] },
  { name: "list through a tsconfig path alias", tsconfig: { baseUrl: "", paths: { "@lists/*": ["src/lists/*"] } }, files: { "src/lists/all.ts": `import { exa } from "../creds";\nexport const SHARED = [exa];\n`, "src/a.ts": act(`credentials: SHARED`, `import { SHARED } from "@lists/all";`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "spread of a shared list plus an element", files: { "src/lists.ts": `import { exa, linear } from "./creds";\nexport const SHARED = [exa, linear];\n`, "src/a.ts": act(`credentials: [...SHARED, slack]`, `import { SHARED } from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS001[local]", "src/a.ts:4 KS001[local]"] },
  { name: "two spreads", files: { "src/lists.ts": `import { exa, linear } from "./creds";\nexport const A = [exa];\nexport const B = [linear];\n`, "src/a.ts": act(`credentials: [\n...A,\n...B]`, `import { A, B } from "./lists";`) }, expect: ["src/a.ts:5 KS001[local]", "src/a.ts:6 KS001[local]"] },
  { name: "nested shared lists", files: { "src/lists.ts": `import { exa, linear } from "./creds";\nexport const BASE = [exa];\nexport const MORE = [...BASE, linear];\n`, "src/a.ts": act(`credentials: [...MORE]`, `import { MORE } from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS001[local]"] },
  { name: "duplicate brought by a spread", files: { "src/lists.ts": `import { exa } from "./creds";\nexport const SHARED = [exa];\n`, "src/a.ts": act(`credentials: [\n...SHARED,\nexa]`, `import { SHARED } from "./lists";`) }, expect: ["src/a.ts:5 KS001[local]", "src/a.ts:6 KS015"] },
  { name: "the same list spread twice", files: { "src/lists.ts": `import { exa } from "./creds";\nexport const SHARED = [exa];\n`, "src/a.ts": act(`credentials: [\n...SHARED,\n...SHARED]`, `import { SHARED } from "./lists";`) }, expect: ["src/a.ts:5 KS001[local]", "src/a.ts:6 KS015"] },
  { name: "spread-borne element counts as declared in run", files: { "src/lists.ts": `import { exa } from "./creds";\nexport const SHARED = [exa];\n`, "src/a.ts": act(`credentials: [...SHARED], run: async (i, c) => c.exa.apiKey`, `import { SHARED } from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "spread-borne element: a wrong field is still checked", files: { "src/lists.ts": `import { exa } from "./creds";\nexport const SHARED = [exa];\n`, "src/a.ts": act(`credentials: [...SHARED], run: async (i, c) => c.exa.nope`, `import { SHARED } from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS014"] },
  { name: "traced shared list: an undeclared read is an error", files: { "src/lists.ts": `import { exa } from "./creds";\nexport const SHARED = [exa];\n`, "src/a.ts": act(`credentials: SHARED, run: async (i, c) => c.slack.bot`, `import { SHARED } from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS014"] },
  { name: "list from a function call: KS013 once, no KS014", files: { "src/a.ts": act(`credentials: pick(), run: async (i, c) => c.slack.bot`, "const pick = () => [exa];") }, expect: ["src/a.ts:4 KS013"] },
  { name: "list held in a let: KS013, no KS014", files: { "src/a.ts": act(`credentials: SHARED, run: async (i, c) => c.slack.bot`, "let SHARED = [exa];") }, expect: ["src/a.ts:4 KS013"] },
  { name: "one untraceable element: no KS014 for the action", files: { "src/a.ts": act(`credentials: [exa, other], run: async (i, c) => c.slack.bot`, `import { other } from "somewhere";`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS013"] },
  { name: "an untraceable element inside a shared list", files: { "src/lists.ts": `import { exa } from "./creds";\nimport { other } from "pkg";\nexport const SHARED = [exa, other];\n`, "src/a.ts": act(`credentials: [...SHARED], run: async (i, c) => c.slack.bot`, `import { SHARED } from "./lists";`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS013"] },
  // ---- reads in run ----
  { name: "creds['k'].f", files: { "src/a.ts": act(`credentials: [exa], run: async (i, c) => c["exa"].nope`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS014"] },
  { name: "creds.k?.f", files: { "src/a.ts": act(`credentials: [exa], run: async (i, c) => c.exa?.nope`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS014"] },
  { name: "const { k } = creds then k.f", files: { "src/a.ts": act(`credentials: [exa], run: async (i, c) => { const { exa } = c; return exa.nope; }`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS014"] },
  { name: "destructured parameter then k.f and k['f']", files: { "src/a.ts": act(`credentials: [exa], run: async (i, { exa }) => [exa.apiKey, exa.nope, exa["zip"]]`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS014", "src/a.ts:4 KS014"] },
  { name: "{ k: { f } } parameter", files: { "src/a.ts": act(`credentials: [exa], run: async (i, { exa: { nope } }) => nope`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS014"] },
  { name: "{ k: alias } then alias.f", files: { "src/a.ts": act(`credentials: [exa], run: async (i, { exa: e }) => e.nope`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS014"] },
  { name: "const c = creds.k; c.f", files: { "src/a.ts": act(`credentials: [exa], run: async (i, creds) => { const c = creds.exa; return c.nope; }`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS014"] },
  { name: "an undeclared key read through a destructured parameter", files: { "src/a.ts": act(`credentials: [exa], run: async (i, { slack }) => slack`) }, expect: ["src/a.ts:4 KS001[local]", "src/a.ts:4 KS014"] },
  { name: "a nested function's parameter shadows the credentials", files: { "src/a.ts": act(`credentials: [exa], run: async (items, c) => items.map((c) => c.pointlist)`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "a catch binding shadows the credentials", files: { "src/a.ts": act(`credentials: [exa], async run(i, c) { try { return 1; } catch (c) { return c.message; } }`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "a block-scoped local shadows the credentials", files: { "src/a.ts": act(`credentials: [exa], async run(i, c) { if (i) { const c = { total: 1 }; return c.total; } return 0; }`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "a var in a nested block shadows for the whole function", files: { "src/a.ts": act(`credentials: [exa], async run(i, c) { const f = function () { if (i) { var c = { n: 1 }; } return c.n; }; return f(); }`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "credentials passed to a helper: no undeclared KS014", files: { "src/a.ts": act(`credentials: [exa], run: async (i, c) => [helper(c), c.slack]`, "const helper = (x: unknown) => x;") }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "a computed read: no undeclared KS014", files: { "src/a.ts": act(`credentials: [exa], run: async (i, c) => [c[i.name], c.slack]`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "a rest element: no undeclared KS014", files: { "src/a.ts": act(`credentials: [exa], run: async (i, { exa, ...rest }) => [rest, exa]`) }, expect: ["src/a.ts:4 KS001[local]"] },
  { name: "an alias in a let: no undeclared KS014", files: { "src/a.ts": act(`credentials: [exa], async run(i, c) { let x = c; return x.slack; }`) }, expect: ["src/a.ts:4 KS001[local]"] },
  // ---- .scope() receivers ----
  { name: "logger.scope from another package", files: { "src/log.ts": `import log from "electron-log";\nexport const pane = log.scope("pane");\n` }, expect: [] },
  { name: "Sequelize model scopes", files: { "src/db.ts": `import { db } from "./models";\nexport const q = db.Admin.scope("login");\nexport const u = User.scope("active");\nexport function f(Model: any, options: any) { return Model.scope(options.scope); }\n` }, expect: [] },
  { name: "a scope() with no argument", files: { "src/fiber.ts": `export const s = parentFiber.scope();\n` }, expect: [] },
  { name: "OAuth middleware scope in a Keystroke project", files: { "src/a.ts": act(`credentials: [exa]`, `import { routes } from "oauth2-server";\nconst r = routes.oauth2.scope("profile");`) }, expect: ["src/a.ts:5 KS001[local]"] },
  { name: "a credential pinned with an invalid or dynamic scope", files: { "src/a.ts": act(`credentials: [exa.scope("org"), linear.scope(pick)]`, "declare const pick: any;") }, expect: ["src/a.ts:4 KS010", "src/a.ts:4 KS011"] },
  { name: "an imported action pinned with an invalid scope", files: { "src/b.ts": act(`credentials: [exa]`), "src/use.ts": `import { a } from "./b";\nexport const pinned = a.scope("team");\n` }, expect: ["src/b.ts:4 KS001[local]", "src/use.ts:2 KS010"] },
  { name: "a catalog action pinned with an invalid scope", files: { "src/use.ts": `import { gmailSendEmail } from "@keystrokehq/gmail/actions";\nexport const pinned = gmailSendEmail.scope("everyone");\n` }, expect: ["src/use.ts:2 KS010"] },
  // ---- catalog imports and hosts ----
  { name: "a type-only catalog import", files: { "src/w.ts": `import { defineWorkflow } from "@keystrokehq/keystroke/workflow";\nimport { type GmailEmail, type GmailThread } from "@keystrokehq/gmail/actions";\nexport default defineWorkflow({ slug: "w", run: async () => 1 });\n` }, expect: [] },
  { name: "a mixed catalog import", files: { "src/w.ts": `import { defineWorkflow } from "@keystrokehq/keystroke/workflow";\nimport { type GmailEmail, gmailSendEmail } from "@keystrokehq/gmail/actions";\nexport default defineWorkflow({ slug: "w", run: async () => gmailSendEmail.run({}) });\n` }, expect: ["src/w.ts:2 KS020[local]"] },
  { name: "a poll trigger calling a catalog action", files: { "src/triggers/poll.ts": `import { definePollSource } from "@keystrokehq/keystroke/trigger";\nimport { gmailFetchEmails } from "@keystrokehq/gmail/actions";\nexport default definePollSource({ slug: "new-mail", run: async () => gmailFetchEmails.run({}) }).attach({ workflow: "triage" });\n` }, expect: ["src/triggers/poll.ts:2 KS020[local]"] },
  { name: "a webhook trigger calling a catalog action", files: { "src/triggers/hook.ts": `import { defineWebhookSource } from "@keystrokehq/keystroke/trigger";\nimport { slackPostMessage } from "@keystrokehq/slack/actions";\nconst hook = defineWebhookSource({ slug: "hook", transform: async () => slackPostMessage.run({}) });\nexport default hook.attach({ agent: "helper", prompt: "go" });\n` }, expect: ["src/triggers/hook.ts:2 KS020[local]"] },
  { name: "a catalog import in a file without a Keystroke primitive", files: { "src/util.ts": `import { gmailSendEmail } from "@keystrokehq/gmail/actions";\nexport const send = () => gmailSendEmail.run({});\n` }, expect: [] },
  // ---- only Keystroke's own calls ----
  { name: "a project's own defineAction", files: { "src/own.ts": `${DEFINE}function defineAction(o: unknown) { return o; }\nexport const a = defineAction({ credentials: [nope], run: async (i: any, c: any) => c.zzz });\n` }, expect: [] },
  { name: "another framework's defineAction", files: { "src/action.ts": `export function defineAction(o: unknown) { return o; }\n`, "src/tools/x.ts": `import { defineAction } from "../action.js";\nexport const x = defineAction({ credentials: [], run: async (i: any, c: any) => c.db.url });\n` }, expect: [] },
  { name: "defineAction re-exported by a project module", files: { "src/lib/ks.ts": `export { defineAction } from "@keystrokehq/keystroke/action";\n`, "src/x.ts": `import { defineAction } from "./lib/ks";\nimport { exa } from "./creds";\nexport const x = defineAction({ slug: "x", credentials: [exa], run: async (i, c) => c.linear });\n` }, expect: ["src/x.ts:3 KS001[local]", "src/x.ts:3 KS014"] },
  { name: "a namespace import of the action entry", files: { "src/x.ts": `import * as ks from "@keystrokehq/keystroke/action";\nimport { exa } from "./creds";\nexport const x = ks.defineAction({ slug: "x", credentials: [exa] });\n` }, expect: ["src/x.ts:3 KS001[local]"] },
  { name: "a renamed import of defineAction", files: { "src/x.ts": `import { defineAction as action } from "@keystrokehq/keystroke/action";\nimport { exa } from "./creds";\nexport const x = action({ slug: "x", credentials: [exa] });\n` }, expect: ["src/x.ts:3 KS001[local]"] },
  { name: "defineCredential re-exported by a project module", files: { "src/lib/ks.ts": `export { defineCredential } from "@keystrokehq/keystroke/credentials";\n`, "src/zz.ts": `import { defineCredential } from "./lib/ks";\nexport const zz = defineCredential({ key: "zz" });\n`, "src/x.ts": `${ACTION}import { zz } from "./zz";\nexport const x = defineAction({ slug: "x", credentials: [zz] });\n` }, expect: ["src/x.ts:3 KS001[local]"] },
  { name: "defineCredential from the package root", files: { "src/zz.ts": `import { defineCredential } from "@keystrokehq/keystroke";\nexport const zz = defineCredential({ key: "zz" });\n`, "src/x.ts": `${ACTION}import { zz } from "./zz";\nexport const x = defineAction({ slug: "x", credentials: [zz] });\n` }, expect: ["src/x.ts:3 KS001[local]"] },
  { name: "the credential helper re-exported by a project module", files: { "src/lib/ks.ts": `export { credential } from "@keystrokehq/keystroke/credentials";\n`, "src/zz.ts": `import { credential } from "./lib/ks";\nexport const zz = credential.static({ key: "zz" });\n`, "src/x.ts": `${ACTION}import { zz } from "./zz";\nexport const x = defineAction({ slug: "x", credentials: [zz] });\n` }, expect: ["src/x.ts:3 KS001[local]"] },
  { name: "another library's defineCredential re-exported by a project module", files: { "src/lib/other.ts": `export { defineCredential } from "cred-lib";\n`, "src/zz.ts": `import { defineCredential } from "./lib/other";\nexport const zz = defineCredential({ key: "zz" });\n`, "src/x.ts": `${ACTION}import { zz } from "./zz";\nexport const x = defineAction({ slug: "x", credentials: [zz] });\n` }, expect: ["src/x.ts:3 KS013"] },
  { name: "a defineWorkflow that is not Keystroke's carries credentials", files: { "src/w.ts": `import { defineWorkflow } from "temporal-lite";\nexport const w = defineWorkflow({ credentials: [1] });\n` }, expect: [] },
  { name: "Keystroke's defineWorkflow with credentials", files: { "src/w.ts": `import { defineWorkflow } from "@keystrokehq/keystroke/workflow";\nexport const w = defineWorkflow({ slug: "w", credentials: [] });\n` }, expect: ["src/w.ts:2 KS012"] },
];

const EMPTY_LOCAL = snapshot([]);

for (const shape of SHAPES) {
  test(`shape: ${shape.name}`, () => {
    const files = { "src/creds.ts": CREDS, ...shape.files };
    const index = project(files, shape.tsconfig ? { tsconfig: shape.tsconfig } : {});
    const findings = computeFindings(index.model(), { local: EMPTY_LOCAL, cloud: UNCHECKED });
    assert.deepEqual(findings.map(brief).sort(), [...shape.expect].sort());
  });
}

test("the shape corpus has at least 40 cases", () => {
  assert.ok(SHAPES.length >= 40, `${SHAPES.length}`);
});
