// Every fixture project under test/fixtures/projects yields exactly the findings its
// `// expect:` comments name (code, file, line, target); the "clean" project yields none.
import test from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { computeFindings, requirementStatuses, type TargetInput } from "../../server/core/analysis";
import { loadWorkspace, readSnapshotFile } from "../../server/workspace";
import { brief, FIXTURES, readExpectations } from "./helpers";

function target(root: string, name: "local" | "cloud"): TargetInput {
  const file = path.join(root, ".keystroke", `${name}-snapshot.json`);
  if (!existsSync(file)) return { unchecked: "no snapshot" };
  const read = readSnapshotFile(file);
  if (!read.ok) throw new Error(read.message);
  return { snapshot: read.snapshot };
}

function analyse(name: string) {
  const root = path.join(FIXTURES, name);
  const { index, skipped } = loadWorkspace(root);
  const model = index.model();
  const targets = { local: target(root, "local"), cloud: target(root, "cloud") };
  return { root, model, skipped, targets, findings: computeFindings(model, targets) };
}

for (const name of readdirSync(FIXTURES).sort()) {
  test(`fixture ${name}: findings match the // expect: comments`, () => {
    const { root, findings } = analyse(name);
    assert.deepEqual(findings.map(brief).sort(), readExpectations(root));
  });
}

test("the clean fixture has no expectations and no findings, and every requirement resolves in both targets", () => {
  const { root, findings, model, targets } = analyse("clean");
  assert.deepEqual(readExpectations(root), []);
  assert.deepEqual(findings, []);
  const statuses = requirementStatuses(model, targets);
  const notResolved = statuses.filter((s) => s.targets.local.status !== "resolved" || (s.targets.cloud.status !== "resolved" && s.targets.cloud.status !== "skipped"));
  assert.deepEqual(notResolved.map((s) => s.key), []);
});

test("clean fixture: requirements carry the traced definition, pin and kind for every authoring shape", () => {
  const { model } = analyse("clean");
  const view = model.requirements.map((r) => `${r.action.name}:${r.key}:${r.kind}:${r.pin ?? "-"}:${r.pinState}:${r.definition?.file ?? "catalog"}`).sort();
  assert.deepEqual(view, [
    "a-named:exa:api_key:-:none:src/credentials/search.ts",
    "a-named:slack:oauth_managed:user:valid:src/credentials/oauth.ts",
    "b-namespace:github:oauth_managed:organization:valid:src/credentials/helpers.ts",
    "b-namespace:linear:api_key:organization:valid:src/credentials/helpers.ts",
    "b-namespace:notion:keystroke:organization:valid:src/credentials/oauth.ts",
    "b-namespace:stripe:api_key:organization:valid:src/more/stripe.mts",
    "c-default:exa:api_key:organization:valid:src/credentials/search.ts",
    "c-default:openai:api_key:project:valid:src/credentials/default-cred.ts",
    "d-inline:pagerduty:api_key:-:none:src/actions/d-inline.ts",
    "d-list:exa:api_key:-:none:src/credentials/search.ts",
    "e-app:github:oauth_managed:-:none:src/credentials/helpers.ts",
    "e-mcp:slack:oauth_managed:user:valid:src/credentials/oauth.ts",
    "f-from-ignored:jira:api_key:-:none:src/wip/ignored.ts",
    "flow:gmail:keystroke:-:none:catalog",
    "g-plain:github:oauth_managed:organization:valid:src/credentials/helpers.ts",
    "local-only:sentry:api_key:-:none:src/wip/local-only.ts",
  ]);
  const exa = model.definitions.find((d) => d.key === "exa");
  assert.deepEqual(exa?.fields, [
    { name: "apiKey", required: true },
    { name: "region", required: false },
    { name: "tier", required: false },
    { name: "retries", required: false },
  ]);
  assert.equal(exa?.exportName, "exa");
  assert.equal(model.definitions.find((d) => d.key === "openai")?.exportName, "default");
  assert.equal(model.definitions.find((d) => d.key === "notion")?.exportName, "notion");
  assert.equal(model.definitions.find((d) => d.key === "pagerduty")?.exportName, null);
  // The ignored file's definitions are dropped from the model (but still resolve, above).
  assert.equal(model.definitions.some((d) => d.file === "src/wip/ignored.ts"), false);
  assert.deepEqual(model.context, { organization: "acme", project: "clean-bot" });
  assert.equal(model.files.includes("types/global.d.ts"), false);
  assert.equal(model.requirements.find((r) => r.key === "sentry")?.ignoreDeploy, true);
});

test("clean fixture: the ignore:deploy requirement is skipped in the cloud, resolved locally", () => {
  const { model, targets } = analyse("clean");
  const sentry = requirementStatuses(model, targets).find((s) => s.key === "sentry");
  assert.equal(sentry?.targets.local.status, "resolved");
  assert.equal(sentry?.targets.cloud.status, "skipped");
});

test("findings fixture: quick-fix data and messages", () => {
  const { findings } = analyse("findings");
  const byCode = (code: string, file: string, line: number, t: string | null = null) => {
    const f = findings.find((x) => x.code === code && x.file === file && x.range.start.line + 1 === line && x.target === t);
    assert.ok(f, `${code} at ${file}:${line} [${t}]`);
    return f;
  };
  const ks010 = byCode("KS010", "src/actions/authoring.ts", 11);
  assert.equal(ks010.data?.suggestion, "organization");
  assert.equal(ks010.severity, "error");
  assert.equal(byCode("KS010", "src/actions/authoring.ts", 64).data?.suggestion, "user");
  assert.equal(byCode("KS011", "src/actions/authoring.ts", 12).severity, "information");
  const ks001 = byCode("KS001", "src/actions/resolution.ts", 7, "local");
  assert.match(ks001.message, /^\[local\] "missing" is not set at project or organization scope/);
  assert.deepEqual(ks001.data?.fix, { key: "missing", scope: "project", project: "bot", fields: ["apiKey"] });
  assert.equal(ks001.credential, "missing");
  const ks002 = byCode("KS002", "src/actions/resolution.ts", 8, "cloud");
  assert.deepEqual(ks002.data?.existsAt, ["user"]);
  assert.match(ks002.message, /^\[cloud\] .*\.scope\("user"\)/);
  const ks003 = byCode("KS003", "src/actions/resolution.ts", 9, "cloud");
  assert.deepEqual(ks003.data?.existsAt, ["organization", "user"]);
  assert.equal(ks003.data?.fix?.scope, "project");
  const ks004 = byCode("KS004", "src/actions/resolution.ts", 10, "local");
  assert.deepEqual(ks004.data?.missingFields, ["region"]);
  assert.match(ks004.message, /"region"/);
  assert.equal(byCode("KS005", "src/actions/resolution.ts", 11, "local").severity, "warning");
  const ks015 = byCode("KS015", "src/actions/authoring.ts", 56);
  assert.ok(ks015.data?.removeRange);
  assert.deepEqual(ks015.data?.removeRange?.start, { line: 55, character: 20 });
  const ks016 = byCode("KS016", "src/dup/b.ts", 4);
  assert.equal(ks016.related[0]?.file, "src/dup/a.ts");
  const ks020 = byCode("KS020", "src/workflows/flow.ts", 2, "cloud");
  assert.equal(ks020.range.start.character, 31); // the module specifier
  assert.equal(ks020.credential, "gmail");
  const undeclared = byCode("KS014", "src/actions/authoring.ts", 38);
  assert.equal(undeclared.credential, "slack");
  assert.deepEqual(undeclared.data?.definition, { file: "src/credentials/index.ts", exportName: "slack" });
});
