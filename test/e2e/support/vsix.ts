// The packaged extension under test: the same .vsix a user installs.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce((newest, name) => Math.max(newest, newestMtime(path.join(target, name))), stat.mtimeMs);
}

/**
 * KEYSTROKE_E2E_VSIX names a package built elsewhere (e.g. `vsce package --target`). Otherwise
 * the `npm run package` output is reused when newer than everything it is packed from, else the
 * built dist/ is packed into `outDir` with vsce directly: `npm run package` would first rebuild,
 * and the build deletes .test-out while the test runner is still running files from it.
 */
/**
 * The test-only extension that calls vscode.lm.invokeTool (test/e2e/lm-probe), packed afresh: it
 * is four small files.
 */
export function probeVsix(root: string, outDir: string): string {
  const out = path.join(outDir, "lm-probe.vsix");
  const run = spawnSync(path.join(root, "node_modules/.bin/vsce"), ["package", "--allow-missing-repository", "--skip-license", "--no-dependencies", "--out", out], {
    cwd: path.join(root, "test/e2e/lm-probe"),
    encoding: "utf8",
  });
  if (run.status !== 0 || !existsSync(out)) throw new Error(`vsce package did not produce ${out}:\n${run.stdout}\n${run.stderr}`);
  return out;
}

export function ensureVsix(root: string, outDir: string): string {
  const given = process.env.KEYSTROKE_E2E_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`KEYSTROKE_E2E_VSIX=${given} does not exist`);
    return path.resolve(given);
  }
  if (!existsSync(path.join(root, "dist/extension.js"))) {
    throw new Error("dist/extension.js is missing: run `node scripts/build.mjs` before the end-to-end tests");
  }
  const { name, version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string };
  const packaged = path.join(root, `${name}-${version}.vsix`);
  const inputs = ["package.json", "package.nls.json", ".vscodeignore", "README.md", "dist"].map((p) => newestMtime(path.join(root, p)));
  if (existsSync(packaged) && statSync(packaged).mtimeMs > Math.max(...inputs)) return packaged;

  const out = path.join(outDir, path.basename(packaged));
  const run = spawnSync(path.join(root, "node_modules/.bin/vsce"), ["package", "--allow-missing-repository", "--out", out], { cwd: root, encoding: "utf8" });
  if (run.status !== 0 || !existsSync(out)) {
    throw new Error(`vsce package did not produce ${out}:\n${run.stdout}\n${run.stderr}`);
  }
  return out;
}
