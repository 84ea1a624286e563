import { readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { secretCandidates } from "../server/core/analysis/secret-literals";
const texts: string[] = [];
const walk = (d: string) => { for (const n of readdirSync(d)) { const f = path.join(d, n); if (statSync(f).isDirectory()) walk(f); else if (f.endsWith(".ts")) texts.push(readFileSync(f, "utf8")); } };
walk("server"); walk("test");
for (let r = 0; r < 3; r++) { const t = performance.now(); for (const x of texts) secretCandidates(x); console.log((performance.now() - t).toFixed(1)); }
const url = /\b[a-z][a-z0-9+.-]{1,20}:\/\/([^\s/:@"'`]{1,64}):([^\s/@"'`]{3,128})@([^\s"'`/:]+)/g;
let t = performance.now(); for (const x of texts) if (x.includes("://")) [...x.matchAll(url)]; console.log("url", (performance.now() - t).toFixed(1));
