// `npm start` builds only what runs (`scripts/build.mjs --product`), so a newcomer reaches the
// credential manager's link in seconds: the product bundles are written, the test and benchmark
// bundles (this very file's among them) are left alone.
import test from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const REPO = process.cwd();

test("build --product writes the product bundles and leaves the test bundles in place", () => {
  const bundles = ["dist/cli.js", "dist/devserver.js", "dist/server.js", "dist/extension.js", "dist/extension-runtime.js", "dist/webview/main.js", "dist/webview/request.js"];
  const before = Date.now();
  const run = spawnSync(process.execPath, [path.join(REPO, "scripts/build.mjs"), "--product"], { cwd: REPO, encoding: "utf8", timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  for (const bundle of bundles) assert.ok(statSync(path.join(REPO, bundle)).mtimeMs >= before - 1000, `${bundle} was rebuilt`);
  assert.ok(existsSync(__filename), "the test bundles were not wiped");
  const manifest = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> };
  assert.match(manifest.scripts.start!, /^node scripts\/build\.mjs --product && /);
});
