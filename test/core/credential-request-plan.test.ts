// What an agent's credential request asks the person for, from the code alone: the definition's
// fields (masked unless plainly not secret), the scope every requirement resolves at, and a
// refusal with what to do wherever the code does not say (no definition, conflicting pins, a
// connected app).
import test from "node:test";
import assert from "node:assert/strict";
import { neededScope, planCredentialRequest } from "../../server/core/credential-request-plan";
import { project } from "./helpers";

const CREDS = `import { defineCredential } from "@keystrokehq/keystroke/credentials";
import { z } from "zod";
export const zendesk = defineCredential({ key: "zendesk", fields: { subdomain: z.string(), apiToken: z.string(), email: z.string().optional() } });
export const gh = defineCredential({ key: "github", kind: "oauth_managed" });
`;

function model(actions: string, config: { project?: string } = { project: "bot" }) {
  const m = project({ "src/credentials.ts": CREDS, "src/actions/a.ts": `import { defineAction } from "@keystrokehq/keystroke/action";\nimport { zendesk, gh } from "../credentials";\n${actions}` }).model();
  return { ...m, context: config };
}

test("fields from the definition, masked unless on the allow-list; optional ones marked", () => {
  const planned = planCredentialRequest(model(`export const a = defineAction({ slug: "a", credentials: [zendesk], run: async () => 1 });`), { key: "zendesk" });
  assert.ok(planned.ok);
  assert.deepEqual(planned.plan.fields, [
    { name: "subdomain", optional: false, secret: false },
    { name: "apiToken", optional: false, secret: true },
    { name: "email", optional: true, secret: false },
  ]);
  assert.equal(planned.plan.scope, "project");
  assert.equal(planned.plan.project, "bot");
});

test("the scope every requirement resolves at; conflicting pins are refused, not guessed", () => {
  assert.deepEqual(neededScope([null, null], { project: "p" }), { scope: "project" });
  assert.deepEqual(neededScope([null], {}), { scope: "organization" });
  assert.deepEqual(neededScope(["organization", null], { project: "p" }), { scope: "organization" }, "unpinned falls back to the organization");
  assert.deepEqual(neededScope(["user", null], {}), { conflict: ["user", "organization"] }, "unpinned never reaches a user credential");
  assert.deepEqual(neededScope(["user", "project"], {}), { conflict: ["user", "project"] });
  const conflicting = planCredentialRequest(
    model(`export const a = defineAction({ slug: "a", credentials: [zendesk.scope("user")], run: async () => 1 });\nexport const b = defineAction({ slug: "b", credentials: [zendesk.scope("organization")], run: async () => 1 });`),
    { key: "zendesk" },
  );
  assert.equal(conflicting.ok, false);
  assert.match(!conflicting.ok ? conflicting.message : "", /need different scopes \(user, organization\); pass scope/);
  const chosen = planCredentialRequest(model(`export const a = defineAction({ slug: "a", credentials: [zendesk], run: async () => 1 });`, {}), { key: "zendesk", scope: "project" });
  assert.equal(chosen.ok, false, "project scope without a project anywhere");
});

test("connected apps and keys without a definition are refused with what to do", () => {
  const m = model(`export const a = defineAction({ slug: "a", credentials: [gh], run: async () => 1 });`);
  const oauth = planCredentialRequest(m, { key: "github" });
  assert.match(!oauth.ok ? oauth.message : "", /connected, not typed in.*keystroke connect github/);
  const unknown = planCredentialRequest(m, { key: "nope" });
  assert.match(!unknown.ok ? unknown.message : "", /neither defined nor required/);
});
