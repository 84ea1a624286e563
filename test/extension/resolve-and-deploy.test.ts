// Resolve All Missing's steps (code order, only the choices that help, .env variables named after
// the key and its fields) and the deploy's cloud check (blocking codes, ignore:deploy, not checked).
import test from "node:test";
import assert from "node:assert/strict";
import type { TargetResolution } from "../../server/core/schema";
import { deployVerdict, inDeploy } from "../../extension/flows/deploy-check";
import { requirementGroups } from "../../extension/flows/requirements-tree";
import { dotenvMatch, stepChoices, stepTitle, walkOrder } from "../../extension/flows/resolve-walk";
import type { UiRequirement } from "../../webview/model";

const range = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 3 } });
const missing = (code = "KS001"): TargetResolution => ({ status: "missing", code, message: "not set", existsAt: [], tied: [] }) as unknown as TargetResolution;
const resolved: TargetResolution = { status: "resolved", scope: "organization", entryName: "x", entryId: "e", isDefault: true, missingFields: [] };

function req(key: string, file: string, line: number, local: TargetResolution, cloud: TargetResolution, extra: Partial<UiRequirement> = {}): UiRequirement {
  return { key, kind: "api_key", file, range: range(line), pin: null, action: { name: key, file, range: range(line), callers: [] }, fields: [{ name: "apiKey", required: true }, { name: "region", required: false }], definition: null, catalog: false, targets: { local, cloud }, root: "/p", ...extra };
}

test("the walk follows the code and offers what would make each key resolve", () => {
  const items = requirementGroups([req("zeta", "src/a.ts", 9, missing(), missing()), req("alpha", "src/b.ts", 1, resolved, missing()), req("gh", "src/a.ts", 2, missing(), missing(), { kind: "oauth_managed" })])[0]!.items;
  const ordered = walkOrder(items);
  assert.deepEqual(ordered.map((i) => i.key), ["gh", "zeta", "alpha"], "file, then line");
  const env = [{ file: ".env", names: ["ZETA_API_KEY", "OTHER", "ZETA_REGION"] }];
  assert.deepEqual(stepChoices(ordered[1]!, env), [{ kind: "dotenv", file: ".env", variables: [{ env: "ZETA_API_KEY", field: "apiKey" }, { env: "ZETA_REGION", field: "region" }] }, { kind: "setLocal" }, { kind: "skip" }]);
  assert.deepEqual(stepChoices(ordered[2]!, env), [{ kind: "push" }, { kind: "skip" }], "local resolves: push");
  assert.deepEqual(stepChoices(ordered[0]!, env), [{ kind: "connect" }, { kind: "skip" }], "an app is connected");
  assert.equal(dotenvMatch(ordered[1]!, [{ file: ".env", names: ["ZETA_REGION"] }]), null, "a required field without a variable: not offered");
  assert.equal(stepTitle(ordered[1]!, 1, 3), "Resolve All Missing (2/3): zeta · no pin · fails in local and cloud");
});

test("deploy check: blocking cloud codes stop it, ignore:deploy files do not, an unchecked cloud is said, warnings only listed", () => {
  const skipped: TargetResolution = { status: "skipped", reason: "ignore:deploy" };
  assert.deepEqual(deployVerdict([req("a", "f", 1, resolved, resolved), req("b", "g", 1, missing(), skipped)], []), { kind: "clear", warnings: [] });
  const blocked = deployVerdict([req("a", "f", 1, resolved, missing("KS003")), req("a", "h", 1, resolved, missing("KS001")), req("c", "g", 1, resolved, missing("KS005"))], [{ code: "KS030", severity: "warning", message: "env read", file: "f" }]);
  assert.deepEqual(blocked, { kind: "blocked", keys: ["a"], count: 2, warnings: ["KS030 f: env read"] }, "KS005 (no default) is not a run-time failure");
  assert.equal(deployVerdict([req("a", "f", 1, resolved, resolved)], [{ code: "KS031", severity: "error", message: "pasted key", file: "f" }]).kind, "blocked");
  assert.deepEqual(deployVerdict([req("a", "f", 1, resolved, { status: "unchecked", reason: "not logged in" })], []), { kind: "unchecked", reason: "not logged in", warnings: [] });
});

test("a filtered deploy is checked over its module only", () => {
  assert.ok(inDeploy("src/agents/support.ts", "agents/support"));
  assert.ok(inDeploy("src/agents/support/tools.ts", "agents/support"));
  assert.ok(!inDeploy("src/agents/supporter.ts", "agents/support"));
  assert.ok(inDeploy("src/anything.ts", undefined));
  const requirements = [req("a", "src/agents/support.ts", 1, resolved, resolved), req("b", "src/actions/other.ts", 1, resolved, missing())];
  assert.equal(deployVerdict(requirements, [], "agents/support").kind, "clear", "other.ts is not deployed");
  assert.equal(deployVerdict(requirements, []).kind, "blocked");
});
