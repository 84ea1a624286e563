// The UI's pure decisions: which requirements count as missing, grouping, usage counts, the
// local-versus-cloud comparison, the copied CLI command, and .env mapping guesses.
import test from "node:test";
import assert from "node:assert/strict";
import type { RequirementStatus, StoreEntry, TargetResolution } from "../../server/core/schema";
import { isSecretField } from "../../server/core/secret-fields";
import {
  cliSetCommand,
  compareLocalCloud,
  dotenvNames,
  dotenvPlan,
  importSummary,
  groupByScope,
  guessDotenvMapping,
  missingGroups,
  relativeTime,
  resolutionLabel,
  uncheckedReasons,
  usages,
  type UiRequirement,
} from "../../webview/model";

const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } };

function requirement(key: string, action: string, local: TargetResolution, cloud: TargetResolution, fields = ["apiKey"]): UiRequirement {
  return {
    root: "/work/p",
    key,
    kind: "api_key",
    file: `src/actions/${action}.ts`,
    range,
    pin: null,
    action: { name: action, file: `src/actions/${action}.ts`, range, callers: [] },
    fields: fields.map((name) => ({ name, required: true })),
    definition: null,
    catalog: false,
    targets: { local, cloud },
  };
}

function entry(over: Partial<StoreEntry> & Pick<StoreEntry, "key" | "scope">): StoreEntry {
  return { id: `id-${over.key}-${over.scope}-0000`, default: true, name: "", kind: "api_key", fields: ["apiKey"], createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z", ...over };
}

const missing: TargetResolution = { status: "missing", code: "KS001", message: "m", existsAt: [] };
const unchecked: TargetResolution = { status: "unchecked", reason: "not logged in" };
const resolved = (id?: string, missingFields: string[] = []): TargetResolution => ({ status: "resolved", scope: "project", isDefault: true, missingFields, ...(id ? { entryId: id } : {}) });

test("missingGroups: one group per key, worst status wins, resolved-everywhere keys are left out", () => {
  const groups = missingGroups([
    requirement("exa", "search", resolved(), missing),
    requirement("exa", "lookup", missing, unchecked, ["apiKey", "region"]),
    requirement("ok", "fine", resolved(), resolved()),
    requirement("partial", "p", resolved("x", ["secret"]), unchecked),
  ]);
  assert.deepEqual(groups.map((g) => g.key), ["exa", "partial"]);
  const exa = groups[0]!;
  assert.deepEqual(exa.actions.map((a) => a.name), ["search", "lookup"]);
  assert.equal(exa.local.status, "missing");
  assert.equal(exa.cloud.status, "missing");
  assert.deepEqual(exa.fields.map((f) => f.name), ["apiKey", "region"]);
  assert.equal(exa.scope, "project");
});

test("resolutionLabel says 'not checked: why', never 'missing', when a target could not be read", () => {
  assert.equal(resolutionLabel(unchecked), "not checked: not logged in");
  assert.equal(resolutionLabel({ ...missing, existsAt: ["user"] }), "missing (exists at user)");
  assert.equal(resolutionLabel(resolved("x", ["token"])), "missing field token");
});

test("resolutionLabel says what is wrong: several entries without a default, only a user credential, another scope", () => {
  assert.equal(resolutionLabel({ ...missing, code: "KS005" }), "several entries, none default");
  assert.equal(resolutionLabel({ ...missing, code: "KS002", existsAt: ["user"] }), 'only a user credential (pin .scope("user") to use it)');
  assert.equal(resolutionLabel({ ...missing, code: "KS003", existsAt: ["organization"] }), "not at the pinned scope (exists at organization)");
});

test("uncheckedReasons: one line per target and reason", () => {
  const reqs = [requirement("a", "x", unchecked, unchecked), requirement("b", "y", resolved(), unchecked), requirement("c", "z", resolved(), resolved())];
  assert.deepEqual(uncheckedReasons(reqs), ["Local not checked: not logged in", "Cloud not checked: not logged in"]);
});

test("groupByScope orders organization, projects, user and labels them", () => {
  const groups = groupByScope([
    entry({ key: "b", scope: "user" }),
    entry({ key: "a", scope: "project", project: "bot" }),
    entry({ key: "c", scope: "organization" }),
    entry({ key: "a", scope: "project", project: "alpha" }),
  ]);
  assert.deepEqual(groups.map((g) => g.label), ["Organization", "Project alpha", "Project bot", "User"]);
});

test("usages counts the actions whose local resolution picked this entry", () => {
  const e = entry({ key: "exa", scope: "project", id: "exa-project-1234" });
  const other = entry({ key: "exa", scope: "organization", id: "exa-org-12345" });
  const reqs = [requirement("exa", "a", resolved("exa-project-1234"), unchecked), requirement("exa", "b", resolved("exa-project-1234"), unchecked), requirement("exa", "c", missing, unchecked)];
  assert.equal(usages(e, reqs).length, 2);
  assert.equal(usages(other, reqs).length, 0);
});

test("compareLocalCloud: pushable entries are those whose scope the cloud lacks; unknown cloud = null", () => {
  const local = [entry({ key: "exa", scope: "organization" }), entry({ key: "exa", scope: "project", project: "bot" }), entry({ key: "only", scope: "user" })];
  const rows = compareLocalCloud(local, { snapshot: { version: 1, project: "bot", credentials: [{ key: "exa", scope: "organization" }, { key: "remote", scope: "project" }, { key: "remote", scope: "project", project: "other" }] } });
  assert.deepEqual(rows.map((r) => r.key), ["exa", "only", "remote"]);
  assert.deepEqual(rows[0]!.cloud, ["organization"]);
  assert.deepEqual(rows[2]!.cloud, ["project bot", "project other"], "scopes and projects named plainly");
  assert.deepEqual(rows[0]!.pushable, [local[1]!.id]);
  assert.deepEqual(rows[2]!.local, []);
  const unknown = compareLocalCloud(local, { snapshot: null, reason: "offline" });
  assert.equal(unknown[0]!.cloud, null);
  assert.deepEqual(unknown[0]!.pushable, []);
});

test("cliSetCommand uses @env references and the CLI's scope spelling, never a value", () => {
  const e = entry({ key: "exa", scope: "organization", fields: ["apiKey", "secret"] });
  assert.equal(cliSetCommand(e), "keystroke credentials set exa --set apiKey=@env:EXA_API_KEY --set secret=@env:EXA_SECRET --scope org");
  assert.equal(cliSetCommand(e, { scope: "project", project: "bot" }), "keystroke credentials set exa --set apiKey=@env:EXA_API_KEY --set secret=@env:EXA_SECRET --scope project --project-slug bot");
});

test("dotenvNames reads names only; guessDotenvMapping prefers known keys", () => {
  assert.deepEqual(dotenvNames("# c\nexport EXA_API_KEY=1\nEMPTY=\nnot a line\nEXA_API_KEY=2\n  SPACED = x"), ["EXA_API_KEY", "EMPTY", "SPACED"]);
  assert.deepEqual(guessDotenvMapping("EXA_API_KEY", []), { key: "exa", field: "apiKey" });
  assert.deepEqual(guessDotenvMapping("ACME_CRM_TOKEN", ["acme-crm"]), { key: "acme-crm", field: "token" });
  assert.deepEqual(guessDotenvMapping("TOKEN", []), { key: "token", field: "value" });
});

test("relativeTime", () => {
  const now = Date.parse("2026-01-01T01:00:00Z");
  assert.equal(relativeTime("2026-01-01T00:59:50Z", now), "just now");
  assert.equal(relativeTime("2026-01-01T00:57:00Z", now), "3 minutes ago");
  assert.equal(relativeTime("2026-01-01T00:00:00Z", now), "1 hour ago");
  assert.equal(relativeTime("nonsense", now), "nonsense");
  // Between 45 s and a minute it used to be blank.
  assert.equal(relativeTime("2026-01-01T00:59:10Z", now), "1 minute ago");
  for (let s = 0; s < 40_000_000; s += 997) assert.notEqual(relativeTime(new Date(now - s * 1000).toISOString(), now), "", `${s} s`);
});

test("forms mask every field but a short list of plainly non-secret names, never by pattern", () => {
  for (const name of ["subdomain", "region", "site", "baseUrl", "email", "username", "accountId", "org", "workspace"]) assert.equal(isSecretField(name), false, name);
  for (const name of ["apiKey", "token", "dsn", "connectionString", "webhookUrl", "pat", "password", "regionSecret", "emailPassword"]) assert.equal(isSecretField(name), true, name);
});

test(".env import follows the code: key and field from definitions, the scope requirements need, apps skipped, nothing unrelated checked", () => {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const requirement = (key: string, fields: string[], extra: Partial<RequirementStatus> = {}): RequirementStatus => ({
    key, kind: "api_key", file: "src/a.ts", range, pin: null, action: { name: "a", file: "src/a.ts", range, callers: [] }, fields: fields.map((name) => ({ name, required: true })), definition: null, catalog: false,
    targets: { local: { status: "unchecked", reason: "x" }, cloud: { status: "unchecked", reason: "x" } }, ...extra,
  });
  const requirements = [requirement("exa", ["apiKey"]), requirement("github", [], { kind: "oauth_managed" }), requirement("zendesk", ["apiToken", "subdomain"]), requirement("openai", ["apiKey"], { pin: "project" })];
  const entries = [{ id: "e-1-aaaaaaaa", key: "exa", scope: "organization", default: true, name: "exa", kind: "api_key", fields: ["apiKey"], createdAt: "", updatedAt: "" }] as StoreEntry[];
  const plan = dotenvPlan(["EXA_API_KEY", "DEBUG", "GITHUB_TOKEN", "ZENDESK_API_TOKEN", "ZENDESK_SUBDOMAIN", "OPENAI_API_KEY"], requirements, entries, "bot");
  assert.deepEqual(plan.map((r) => [r.env, `${r.key}.${r.field}`, r.scope, r.checked, r.skip !== null]), [
    ["EXA_API_KEY", "exa.apiKey", "organization", true, false],
    ["DEBUG", "debug.value", "project", false, false],
    ["GITHUB_TOKEN", "github.token", "project", false, true],
    ["ZENDESK_API_TOKEN", "zendesk.apiToken", "project", true, false],
    ["ZENDESK_SUBDOMAIN", "zendesk.subdomain", "project", true, false],
    ["OPENAI_API_KEY", "openai.apiKey", "project", true, false],
  ]);
  assert.equal(dotenvPlan(["OPENAI_API_KEY"], [requirement("openai", ["apiKey"])], [], undefined)[0]!.scope, "organization", "no project in the config");
  assert.equal(importSummary(6, 5), "6 values into 5 credentials");
  assert.equal(importSummary(1, 1), "1 value into 1 credential");
});
