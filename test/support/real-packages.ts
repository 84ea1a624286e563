// Sources of real npm packages that do not use Keystroke, packed once into a cache outside the
// repository (`npm pack`, then the tarball unpacked), for checking that the analyzer stays silent
// on ordinary code. Shared by the corpus test and `npm run bench`.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Each is code that the false errors of an earlier release were found in, or a large typical library. */
export const CORPUS_PACKAGES = ["sequelize@6", "electron-log@5", "effect@3", "zod@3", "rxjs@7", "hono@4"];
export const CORPUS_CACHE = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "keystroke-corpus");
const CLI = path.join(process.cwd(), "dist/cli.js");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** The unpacked package directory, packing it first when the cache lacks it. Throws with npm's message on failure. */
export function corpusPackage(spec: string): string {
  const dir = path.join(CORPUS_CACHE, spec.replace(/[^A-Za-z0-9.@-]/g, "_"));
  if (existsSync(path.join(dir, "package.json"))) return dir;
  const work = path.join(CORPUS_CACHE, `.work-${process.pid}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const packed = spawnSync(NPM, ["pack", spec, "--silent", "--pack-destination", work], { encoding: "utf8", timeout: 180_000 });
  if (packed.status !== 0) throw new Error(`npm pack ${spec} failed: ${packed.stderr || packed.error?.message}`);
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack ${spec} produced no tarball`);
  execFileSync("tar", ["-xzf", path.join(work, tarball), "-C", work]);
  rmSync(dir, { recursive: true, force: true });
  renameSync(path.join(work, "package"), dir);
  rmSync(work, { recursive: true, force: true });
  return dir;
}

/**
 * Where a package's sources are: its own directory and, since the analyzer never walks into a
 * `dist` directory (build output in a project), its `dist` as a root of its own. Each gets a bare
 * keystroke.config.ts (once, in the cache), since `check` refuses a root that is not a Keystroke
 * project: the question is what the analyzer says about this code inside one.
 */
export function projectRoots(dir: string): string[] {
  const roots = existsSync(path.join(dir, "dist")) ? [dir, path.join(dir, "dist")] : [dir];
  for (const root of roots) {
    const config = path.join(root, "keystroke.config.ts");
    if (!existsSync(config)) writeFileSync(config, "export default {};\n");
  }
  return roots;
}

export interface CheckRun {
  files: number;
  findings: { file: string; code: string; line: number }[];
  skipped: { file: string; reason: string }[];
  ms: number;
}

/** `check --format json` on `root` with an empty store home, as a user would run it. */
export function checkJson(root: string, home: string): CheckRun {
  const started = performance.now();
  const r = spawnSync(process.execPath, [CLI, "check", "--root", root, "--format", "json"], {
    encoding: "utf8",
    timeout: 300_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, KEYSTROKE_CREDENTIALS_HOME: home },
  });
  const ms = performance.now() - started;
  if (r.status !== 0 && r.status !== 1) throw new Error(`check exited ${r.status}: ${r.stderr}`);
  const body = JSON.parse(r.stdout) as { diagnostics: CheckRun["findings"]; summary: { files: number }; skipped: CheckRun["skipped"] };
  return { files: body.summary.files, findings: body.diagnostics, skipped: body.skipped, ms };
}

/** A copy of `example` with each package's sources under `src/vendor/<name>/`. */
export function vendoredExample(example: string, packages: Record<string, string>, into: string): string {
  cpSync(example, into, { recursive: true });
  for (const [name, dir] of Object.entries(packages)) {
    projectRoots(dir).forEach((from, i) => cpSync(from, path.join(into, "src/vendor", i === 0 ? name : `${name}-dist`), { recursive: true }));
  }
  return into;
}
