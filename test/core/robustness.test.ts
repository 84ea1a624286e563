// Hundreds of mechanically damaged fixture files (truncated, tokens dropped or swapped, binary
// garbage) must never make the analyzer throw or hang. Deterministic: a seeded PRNG.
import test from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { computeFindings, requirementStatuses } from "../../server/core/analysis";
import { extractFacts } from "../../server/core/analysis/extract";
import { prng } from "../../bench/support/generate-project";
import { FIXTURES, project, snapshot } from "./helpers";

function sources(dir: string, rel = ""): [string, string][] {
  return readdirSync(dir).flatMap((name): [string, string][] => {
    const full = path.join(dir, name);
    const childRel = rel ? `${rel}/${name}` : name;
    if (statSync(full).isDirectory()) return sources(full, childRel);
    return /\.[mc]?[jt]s$/.test(name) && !name.endsWith(".d.ts") ? [[childRel, readFileSync(full, "utf8")]] : [];
  });
}

function mutate(text: string, random: () => number): string {
  const tokens = text.split(/(\s+|[()[\]{},.;:"'`])/);
  const pick = () => Math.floor(random() * tokens.length);
  switch (Math.floor(random() * 6)) {
    case 0:
      return text.slice(0, Math.floor(random() * text.length));
    case 1: {
      for (let k = 0; k < 1 + random() * 8; k++) tokens.splice(pick(), 1);
      return tokens.join("");
    }
    case 2: {
      for (let k = 0; k < 1 + random() * 8; k++) {
        const a = pick();
        const b = pick();
        [tokens[a], tokens[b]] = [tokens[b]!, tokens[a]!];
      }
      return tokens.join("");
    }
    case 3: {
      const bytes = Array.from({ length: 16 + Math.floor(random() * 400) }, () => String.fromCharCode(Math.floor(random() * 0xffff)));
      const at = Math.floor(random() * text.length);
      return text.slice(0, at) + bytes.join("") + text.slice(at);
    }
    case 4:
      return Array.from({ length: Math.floor(random() * 2000) }, () => String.fromCharCode(Math.floor(random() * 256))).join("");
    default: {
      // Duplicate a random slice somewhere else: unbalanced brackets, repeated declarations.
      const a = Math.floor(random() * text.length);
      const slice = text.slice(a, a + Math.floor(random() * 200));
      const at = Math.floor(random() * text.length);
      return text.slice(0, at) + slice + text.slice(at);
    }
  }
}

test("400 mutated fixture files never throw or hang the analyzer", { timeout: 120_000 }, () => {
  const random = prng(0xc0ffee);
  const fixtures = readdirSync(FIXTURES).map((name) => sources(path.join(FIXTURES, name)));
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
