// The packaged extension under test: the same .vsix a user installs, built by `npm run package`.
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
 * KEYSTROKE_E2E_VSIX names a package built elsewhere (e.g. `vsce package --target`); otherwise
 * the .vsix is reused when newer than everything it is packed from, else `npm run package` runs.
 */
export function ensureVsix(root: string): string {
  const given = process.env.KEYSTROKE_E2E_VSIX;
  if (given) {
    if (!existsSync(given)) throw new Error(`KEYSTROKE_E2E_VSIX=${given} does not exist`);
    return path.resolve(given);
  }
  const { name, version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { name: string; version: string };
  const vsix = path.join(root, `${name}-${version}.vsix`);
  if (!existsSync(path.join(root, "dist/extension.js"))) {
    throw new Error("dist/extension.js is missing: run `node scripts/build.mjs` before the end-to-end tests");
  }
  const inputs = ["package.json", "package.nls.json", ".vscodeignore", "README.md", "dist"].map((p) => newestMtime(path.join(root, p)));
  if (existsSync(vsix) && statSync(vsix).mtimeMs > Math.max(...inputs)) return vsix;
  const run = spawnSync("npm", ["run", "package"], { cwd: root, encoding: "utf8" });
  if (run.status !== 0 || !existsSync(vsix)) {
    throw new Error(`npm run package did not produce ${path.basename(vsix)}:\n${run.stdout}\n${run.stderr}`);
  }
  return vsix;
}
