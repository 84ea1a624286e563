// Hundreds of mechanically damaged fixture files (truncated, tokens dropped or swapped, binary
// garbage) must never make the analyzer throw or hang. Deterministic: a seeded PRNG.
import test from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { computeFindings, requirementStatuses } from "../../server/core/analysis";
import { extractFacts } from "../../server/core/analysis/extract";
import { prng } from "../../bench/support/generate-project";
import { FIXTURES, mutate, project, snapshot, sourceFiles } from "./helpers";

test("400 mutated fixture files never throw or hang the analyzer", { timeout: 120_000 }, () => {
  const random = prng(0xc0ffee);
  const fixtures = readdirSync(FIXTURES).map((name) => sourceFiles(path.join(FIXTURES, name)));
  const local = snapshot([{ key: "exa", scope: "project", fields: [] }, { key: "slack", scope: "user" }]);
  let analysed = 0;
  for (let i = 0; i < 400; i++) {
    const files = Object.fromEntries(fixtures[i % fixtures.length]!);
    const names = Object.keys(files);
    const target = names[Math.floor(random() * names.length)]!;
    const damaged = mutate(files[target]!, random);
    files[target] = damaged;
    const started = performance.now();
    assert.doesNotThrow(() => extractFacts(target, damaged), `extractFacts threw on mutation ${i} of ${target}`);
    const index = project(files);
    const model = index.model();
    computeFindings(model, { local, cloud: { unchecked: "x" } });
    requirementStatuses(model, { local, cloud: { unchecked: "x" } });
    index.dependents(target);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 5_000, `mutation ${i} of ${target} took ${elapsed.toFixed(0)} ms`);
    analysed++;
  }
  assert.equal(analysed, 400);
});
