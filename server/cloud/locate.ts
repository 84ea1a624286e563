// Finds the `keystroke` executable, in the order users expect to override it: the
// keystroke.cliPath setting, then KEYSTROKE_CLI, then PATH, then the workspace's own install.
import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";
import { INSTALL_COMMAND, installHint, type CliPathOrigin } from "./cli-surface";
import { failure, success, type CloudResult } from "./result";

export type CliSource = "setting" | "env" | "path" | "workspace";
export interface CliLocation {
  path: string;
  source: CliSource;
}

export interface LocateOptions {
  /** The workspace root: where `node_modules/.bin/keystroke` is looked for, and relative paths resolve. */
  root: string;
  /** An explicit path: the keystroke.cliPath setting, or `--cli`. */
  cliPath?: string;
  /** Where an explicit path is given here, so errors name what to fix (default: the editor's setting). */
  cliPathOrigin?: CliPathOrigin;
  env?: NodeJS.ProcessEnv;
}

const EXECUTABLE = "keystroke";

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, process.platform === "win32" ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Windows resolves `keystroke` through PATHEXT (`keystroke.cmd` from npm); POSIX uses the bare name. */
function candidateNames(env: NodeJS.ProcessEnv): string[] {
  if (process.platform !== "win32") return [EXECUTABLE];
  const exts = (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").split(";").filter((e) => e !== "");
  return [EXECUTABLE, ...exts.map((e) => EXECUTABLE + e.toLowerCase())];
}

function findIn(dir: string, env: NodeJS.ProcessEnv): string | null {
  for (const name of candidateNames(env)) {
    const file = path.join(dir, name);
    if (isExecutableFile(file)) return file;
  }
  return null;
}

/** An explicitly configured path must work as given: falling back silently would hide the mistake. */
function explicit(value: string, source: "setting" | "env", root: string, origin: CliPathOrigin): CloudResult<CliLocation> {
  const file = path.resolve(root, value);
  if (isExecutableFile(file)) return success({ path: file, source });
  const where = source === "setting" ? origin : "KEYSTROKE_CLI";
  return failure(
    "cli-not-found",
    `The keystroke CLI was not found at ${file} (from ${where}): it is not an executable file; fix ${where}, or unset it and install the CLI with \`${INSTALL_COMMAND}\`.`,
  );
}

export function locateCli(options: LocateOptions): CloudResult<CliLocation> {
  const env = options.env ?? process.env;
  if (options.cliPath && options.cliPath.trim() !== "") return explicit(options.cliPath.trim(), "setting", options.root, options.cliPathOrigin ?? "keystroke.cliPath");
  if (env.KEYSTROKE_CLI && env.KEYSTROKE_CLI.trim() !== "") return explicit(env.KEYSTROKE_CLI.trim(), "env", options.root, options.cliPathOrigin ?? "keystroke.cliPath");
  for (const dir of (env.PATH ?? env.Path ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const found = findIn(dir, env);
    if (found) return success({ path: found, source: "path" });
  }
  // An untrusted workspace's own node_modules/.bin/keystroke would run the repository's code.
  const local = env.KEYSTROKE_NO_WORKSPACE_CLI === "1" ? null : findIn(path.join(options.root, "node_modules", ".bin"), env);
  if (local) return success({ path: local, source: "workspace" });
  return failure("cli-not-found", `The keystroke CLI was not found on PATH or in node_modules/.bin; ${installHint(options.cliPathOrigin)}.`);
}
