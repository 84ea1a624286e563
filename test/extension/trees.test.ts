// The native views' models: requirements grouped by their worst state with the actions that help
// (set locally while local fails, push while only the cloud does, connect for apps), each target's
// state in words; local entries by scope with "used by", age and masks; the cloud listing marked
// where it differs from local.
import test from "node:test";
import assert from "node:assert/strict";
import type { StoreEntry, TargetResolution } from "../../server/core/schema";
import { actionsOf, describeTargets, requirementGroups, tooltipLines } from "../../extension/flows/requirements-tree";
import { callerLabel, callersTooltip, cloudGroups, entryItems } from "../../extension/flows/store-tree";
import type { UiRequirement } from "../../webview/model";

const range = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 7 } });
const resolved = (scope: "organization" | "project" = "organization", entryId = "e-1"): TargetResolution => ({ status: "resolved", scope, entryName: "x", entryId, isDefault: true, missingFields: [] });
const missing: TargetResolution = { status: "missing", code: "KS001", message: "not set", existsAt: [], tied: [] } as unknown as TargetResolution;
const unchecked: TargetResolution = { status: "unchecked", reason: "the dev server is not running" };

function req(key: string, local: TargetResolution, cloud: TargetResolution, extra: Partial<UiRequirement> = {}): UiRequirement {
  return { key, kind: "api_key", file: `src/actions/${key}.ts`, range: range(3), pin: null, action: { name: `use-${key}`, file: `src/actions/${key}.ts`, range: range(1), callers: [] }, fields: [{ name: "apiKey", required: true }], definition: { file: "src/credentials.ts", range: range(0) }, catalog: false, targets: { local, cloud }, root: "/p", ...extra };
}

test("requirements: one item per key in the group of its worst state, with the actions that help", () => {
  const groups = requirementGroups([
    req("exa", missing, resolved()),
    req("exa", resolved(), resolved(), { action: { name: "second", file: "src/b.ts", range: range(2), callers: [] } }),
    req("linear", resolved(), missing),
    req("slack", unchecked, missing, { kind: "oauth_managed", definition: null }),
    req("notion", unchecked, resolved()),
    req("zen", resolved(), resolved()),
  ]);
  assert.deepEqual(groups.map((g) => [g.id, g.items.map((i) => i.key)]), [["missing", ["exa", "linear", "slack"]], ["unchecked", ["notion"]], ["resolves", ["zen"]]]);
  const [exa, linear, slack] = groups[0]!.items;
  assert.equal(exa!.actions.length, 2, "both requiring actions are its children");
  assert.equal(describeTargets(exa!), "local ✗ · cloud ✓");
  assert.deepEqual(actionsOf(exa!), ["setLocal", "definition"]);
  assert.deepEqual(actionsOf(linear!), ["push", "definition"], "local resolves, the cloud does not: push");
  assert.deepEqual(actionsOf(slack!), ["connect"], "an app is connected, not typed in");
  assert.equal(describeTargets(groups[1]!.items[0]!), "local not checked · cloud ✓");
  assert.deepEqual(tooltipLines(linear!), ["local: resolved (organization)", "cloud: missing", "Required by use-linear"]);
  assert.deepEqual(actionsOf(groups[2]!.items[0]!), ["definition"], "nothing to do when it resolves everywhere");
});

test("a key's scope is the pin its requirements share, else project", () => {
  const pinned = requirementGroups([req("a", missing, missing, { pin: "organization" }), req("a", missing, missing, { pin: "organization" })]);
  assert.equal(pinned[0]!.items[0]!.scope, "organization");
  assert.equal(requirementGroups([req("b", missing, missing)])[0]!.items[0]!.scope, "project");
});

const entry = (over: Partial<StoreEntry>): StoreEntry => ({ id: "e-1-aaaaaaaa", key: "exa", scope: "organization", default: true, name: "exa", kind: "api_key", fields: ["apiKey"], createdAt: "2026-12-03T10:00:00Z", updatedAt: "2026-12-03T10:00:00Z", ...over });

test("local store: by scope and project, default mark, used by N actions, age; never a value", () => {
  const entries = [entry({}), entry({ id: "e-2-bbbbbbbb", scope: "project", project: "bot", name: "Exa (bot)", default: false })];
  const groups = entryItems(entries, [req("exa", resolved("organization", "e-1-aaaaaaaa"), missing)], Date.parse("2026-12-03T10:30:00Z"));
  assert.deepEqual(groups.map((g) => g.label), ["Organization", "Project bot"]);
  assert.equal(groups[0]!.items[0]!.description, "default · used by 1 action · updated 30 minutes ago");
  assert.equal(groups[1]!.items[0]!.description, "exa · unused · updated 30 minutes ago");
});

test("local store: under Used by, each action's callers say how they run it, and the tooltip what fails without the key", () => {
  const agent = { name: "support-agent", role: "agent", file: "src/agents/support.ts", range: range(5), how: "tool" as const };
  const workflow = { name: "triage", role: "workflow", file: "src/workflows/triage.ts", range: range(9), how: "run" as const };
  const used = req("exa", resolved(), missing, { action: { name: "search-web", file: "src/actions/search.ts", range: range(4), callers: [agent, workflow] } });
  assert.deepEqual([agent, workflow].map(callerLabel), ["agent, as a tool", "workflow, runs it"]);
  assert.equal(callersTooltip(used), "search-web (src/actions/search.ts:5), run by support-agent (agent), triage (workflow): without exa these fail too.");
  assert.match(callersTooltip(req("exa", resolved(), missing)), /No agent, workflow or trigger in the project was traced to it/);
});

test("cloud: names and fields by scope, what only the cloud has marked, local entries the cloud lacks; unchecked says why", () => {
  const view = cloudGroups({ snapshot: { version: 1, project: "bot", credentials: [{ key: "exa", scope: "organization", fields: ["apiKey"], default: true }, { key: "gh", scope: "user" }] } }, [entry({}), entry({ id: "e-3-cccccccc", key: "linear" })]);
  assert.ok(!("unchecked" in view));
  assert.deepEqual(view.groups.map((g) => [g.label, g.items.map((i) => [i.label, i.description])]), [
    ["Organization", [["exa", "default · apiKey"]]],
    ["User", [["gh", "fields not listed · not in the local store"]]],
  ]);
  assert.deepEqual(view.localOnly.map((e) => e.key), ["linear"]);
  assert.deepEqual(cloudGroups({ snapshot: null, reason: "the CLI is not logged in" }, []), { unchecked: "the CLI is not logged in" });
});
