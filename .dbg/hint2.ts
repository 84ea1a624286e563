import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { secretCandidates } from "../server/core/analysis/secret-literals";
const texts: string[] = [];
const walk = (d: string) => { for (const n of readdirSync(d)) { const f = path.join(d, n); if (statSync(f).isDirectory()) walk(f); else if (f.endsWith(".ts")) texts.push(readFileSync(f, "utf8")); } };
walk("server"); walk("test");
const A = /(?:[a-z0-9_-]key|secret|token|password|passwd|pwd|credential)s?["'`]?\s*[:=]\s*["'`]/i;
const B = /(?:[a-z0-9_-][Kk]ey|[Ss]ecret|[Tt]oken|[Pp]ass(?:wor)?d|[Pp]wd|[Cc]redential|KEY|SECRET|TOKEN|PASSWORD|PASSWD|PWD|CREDENTIAL)S?s?["'`]?\s*[:=]\s*["'`]/;
for (let r = 0; r < 3; r++) {
  let t = performance.now(); for (const x of texts) A.test(x); const a = performance.now() - t;
  t = performance.now(); for (const x of texts) B.test(x); const b = performance.now() - t;
  t = performance.now(); for (const x of texts) secretCandidates(x); const c = performance.now() - t;
  console.log(`A ${a.toFixed(1)} B ${b.toFixed(1)} candidates ${c.toFixed(1)}`);
}
