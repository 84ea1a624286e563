// Real-code precision: `check` over real npm packages that do not use Keystroke (packed into a
// cache outside the repository), and over examples/acme-support with each vendored under
// src/vendor/. Target: zero findings in code that does not import @keystrokehq/.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { CORPUS_PACKAGES, checkJson, corpusPackage, projectRoots, vendoredExample } from "../test/support/real-packages";

const temp = mkdtempSync(path.join(os.tmpdir(), "ks-corpus-bench-"));
let failures = 0;
const packages: Record<string, string> = {};
console.log("package            files  findings  skipped  check ms");
for (const spec of CORPUS_PACKAGES) {
  const dir = corpusPackage(spec);
  packages[spec.replace(/@\d+$/, "")] = dir;
  for (const root of projectRoots(dir)) {
    const run = checkJson(root, temp);
    if (run.findings.length > 0) failures++;
    const name = root === dir ? spec : `${spec}/dist`;
    console.log(`${name.padEnd(18)} ${String(run.files).padStart(5)} ${String(run.findings.length).padStart(9)} ${String(run.skipped.length).padStart(8)} ${run.ms.toFixed(0).padStart(9)}`);
  }
}
const example = path.join(process.cwd(), "examples/acme-support");
const baseline = checkJson(example, temp);
const vendored = checkJson(vendoredExample(example, packages, path.join(temp, "acme")), temp);
const inVendor = vendored.findings.filter((f) => f.file.startsWith("src/vendor/")).length;
if (inVendor > 0) failures++;
console.log(`acme-support: ${baseline.findings.length} findings alone; with ${vendored.files - baseline.files} vendored files: ${vendored.findings.length} findings, ${inVendor} in src/vendor/ (target 0), ${vendored.ms.toFixed(0)} ms`);
rmSync(temp, { recursive: true, force: true });
process.exit(failures > 0 ? 1 : 0);
