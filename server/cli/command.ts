// The shape every `keystroke-credentials <command>` module exports, so main.ts stays a tiny
// dispatcher and other parts register their commands with one line.
import path from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { assertProjectRoot, WorkspaceError } from "../workspace";

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface Command {
  /** One line for the top-level help. */
  summary: string;
  /** The command's own usage text (shown on --help and on usage errors). */
  usage: string;
  /** Returns the exit code. Throw UsageError for bad flags (exit 2 with usage). */
  run(argv: string[], io: CliIO): Promise<number>;
}

/** A mistake in how the command was called: reported with the usage text, exit 2. */
export class UsageError extends Error {}

/** A problem with the input (unreadable root, invalid snapshot): reported as is, exit 2. */
export class InputError extends Error {}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
/** `check`: a target the command line asked for could not be checked (the findings are still printed). */
export const EXIT_UNCHECKED = 3;

/** parseArgs (strict, no positionals) whose errors become UsageError, so they exit 2 with usage. */
export function parseFlags<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * `--root DIR` (default: the working directory) as an absolute path to an existing directory.
 * Checked up front so a bad root is named as such, not reported as whatever fails next in it
 * (a child process "that could not be started" in a missing cwd, say).
 */
export function projectRootFlag(cwd: string, value: string | undefined): string {
  if (value !== undefined && value.trim() === "") throw new UsageError("--root needs a directory");
  const root = path.resolve(cwd, value ?? ".");
  try {
    assertProjectRoot(root);
  } catch (error) {
    if (error instanceof WorkspaceError) throw new InputError(error.message);
    throw error;
  }
  return root;
}
