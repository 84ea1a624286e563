// Real npm packages that do not import @keystrokehq/ give no finding at all, on their own and
// vendored into the example project (whose own findings stay exactly what they are without
// them). Their sources come from the npm registry once and are cached outside the repository.
import test from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { CORPUS_PACKAGES, checkJson, corpusPackage, projectRoots, vendoredExample } from "../support/real-packages";
import { tempDirs } from "../support/temp-dirs";

const temp = tempDirs("ks-corpus-");
const EXAMPLE = path.join(process.cwd(), "examples/acme-support");
const dirs = new Map<string, string>();

for (const spec of CORPUS_PACKAGES) {
  test(`${spec}: no finding in a real package`, () => {
    const dir = corpusPackage(spec);
    dirs.set(spec, dir);
    let files = 0;
    for (const root of projectRoots(dir)) {
      const run = checkJson(root, temp());
      files += run.files;
      assert.deepEqual(run.findings, [], root);
      assert.deepEqual(run.skipped.filter((s) => !/larger than 2 MB/.test(s.reason)), [], "every file was analysed (only over-size bundles are skipped)");
    }
    assert.ok(files > 0, "the package has sources");
  });
}

test("the example project with every package vendored under src/vendor/: the same findings as without them", () => {
  const baseline = checkJson(EXAMPLE, temp());
  const packages = Object.fromEntries(CORPUS_PACKAGES.map((spec) => [spec.replace(/@\d+$/, ""), dirs.get(spec) ?? corpusPackage(spec)]));
  const vendored = checkJson(vendoredExample(EXAMPLE, packages, path.join(temp(), "acme")), temp());
  assert.ok(vendored.files > baseline.files + 100, `${vendored.files} files`);
  assert.deepEqual(vendored.findings.filter((f) => f.file.startsWith("src/vendor/")), []);
  assert.deepEqual(vendored.findings, baseline.findings);
});
