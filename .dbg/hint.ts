import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { mayHoldSecret } from "../server/core/analysis/secret-literals";
import { envWordOffsets } from "../server/core/analysis/env-reads";
const texts: string[] = [];
const walk = (d: string) => { for (const n of readdirSync(d)) { const f = path.join(d, n); if (statSync(f).isDirectory()) walk(f); else if (f.endsWith(".ts")) texts.push(readFileSync(f, "utf8")); } };
walk("server"); walk("test");
const bytes = texts.reduce((n, t) => n + t.length, 0);
for (let r = 0; r < 3; r++) {
  let t = performance.now(); let hits = 0;
  for (const x of texts) if (mayHoldSecret(x)) hits++;
  const a = performance.now() - t; t = performance.now();
  for (const x of texts) envWordOffsets(x);
  const b = performance.now() - t;
  console.log(`${(bytes / 1e6).toFixed(2)} MB, ${texts.length} files: mayHoldSecret ${a.toFixed(1)} ms (${hits} hits), envWordOffsets ${b.toFixed(1)} ms`);
}
