import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateProject } from "../bench/support/generate-project";
import { mayHoldSecret, secretCandidates } from "../server/core/analysis/secret-literals";
import { envWordOffsets } from "../server/core/analysis/env-reads";
const root = mkdtempSync(path.join(os.tmpdir(), "ks-gen-"));
generateProject(root);
const texts: string[] = [];
const walk = (d: string) => { for (const n of readdirSync(d)) { const f = path.join(d, n); if (statSync(f).isDirectory()) walk(f); else if (/\.[jt]s$/.test(f)) texts.push(readFileSync(f, "utf8")); } };
walk(root);
const bytes = texts.reduce((n, t) => n + t.length, 0);
for (let r = 0; r < 3; r++) {
  let t = performance.now(); let h = 0; for (const x of texts) if (mayHoldSecret(x)) h++; const a = performance.now() - t;
  t = performance.now(); let c = 0; for (const x of texts) c += secretCandidates(x).length; const b = performance.now() - t;
  t = performance.now(); for (const x of texts) envWordOffsets(x); const e = performance.now() - t;
  console.log(`${(bytes/1e6).toFixed(2)} MB ${texts.length} files: mayHoldSecret ${a.toFixed(1)} ms (${h} hints), candidates ${b.toFixed(1)} ms (${c}), env ${e.toFixed(1)} ms`);
}
