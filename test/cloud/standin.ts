// Test helpers around the stand-in `keystroke` CLI (test/fixtures/bin/keystroke): a private state
// file, calls log and project folder per test, and an environment that finds the stand-in on PATH.
// Other suites (e2e, extension) import this to point the product at the stand-in.
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export const STANDIN_BIN_DIR = path.join(process.cwd(), "test/fixtures/bin");
export const STANDIN_PATH = path.join(STANDIN_BIN_DIR, "keystroke");

export interface StandInCall {
  argv: string[];
  cwd: string;
  pid: number;
  /** Names of the `@env:` variables the stand-in found in its environment. */
  env: string[];
}

export interface StandInCredential {
  id?: string;
  key: string;
  scope: "organization" | "project" | "user";
  project?: string;
  fields?: string[];
  default?: boolean;
  name?: string;
  received?: Record<string, { length: number; sha256: string }>;
}

export interface StandInState {
  loggedIn?: boolean;
  user?: string;
  organizations?: { slug: string; name: string }[];
  organization?: string;
  credentials?: StandInCredential[];
  local?: StandInCredential[];
  listShape?: "object" | "array";
  mode?: "not-logged-in" | "not-linked" | "exit1" | "non-json" | "hang" | "slow" | null;
  modeOnly?: string;
  stderr?: string;
  echoValues?: boolean;
  ignoreSigterm?: boolean;
  slowMs?: number;
  deploy?: { lines?: string[]; exitCode?: number };
  connected?: string[];
}

export interface StandIn {
  /** Temp folder holding state, log and the project. */
  dir: string;
  /** A project folder with keystroke.config.ts (organization "acme", project "support-bot"). */
  project: string;
  statePath: string;
  logPath: string;
  /** process.env plus the stand-in's variables, PATH led by the stand-in, KEYSTROKE_CLI removed. */
  env: NodeJS.ProcessEnv;
  writeState(state: StandInState): void;
  readState(): StandInState;
  calls(): StandInCall[];
  /** The raw calls log, to search for leaked values. */
  logText(): string;
  cleanup(): void;
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function createStandIn(state: StandInState = {}, config = 'export default { organization: "acme", project: "support-bot" };\n'): StandIn {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ks-standin-"));
  const project = path.join(dir, "project");
  mkdirSync(project);
  writeFileSync(path.join(project, "keystroke.config.ts"), config);
  const statePath = path.join(dir, "state.json");
  const logPath = path.join(dir, "calls.jsonl");
  const { KEYSTROKE_CLI: _ignored, KEYSTROKE_STANDIN_MODE: _mode, ...base } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...base,
    KEYSTROKE_STANDIN_STATE: statePath,
    KEYSTROKE_STANDIN_LOG: logPath,
    PATH: [STANDIN_BIN_DIR, process.env.PATH ?? ""].join(path.delimiter),
  };
  const standIn: StandIn = {
    dir,
    project,
    statePath,
    logPath,
    env,
    writeState: (s) => writeFileSync(statePath, JSON.stringify(s, null, 2)),
    readState: () => JSON.parse(readFileSync(statePath, "utf8")) as StandInState,
    calls: () => standIn.logText().split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as StandInCall),
    logText: () => (existsSync(logPath) ? readFileSync(logPath, "utf8") : ""),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
  standIn.writeState(state);
  return standIn;
}

/** Resolves once `pid` no longer exists (polling with a deadline; the kill is asynchronous). */
export async function waitForExit(pid: number, deadlineMs = 5000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > until) throw new Error(`process ${pid} is still running`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves when `predicate` holds, polling with a deadline. */
export async function waitFor(predicate: () => boolean, what: string, deadlineMs = 5000): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
