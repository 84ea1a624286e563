// One end-to-end session: a copy of an example project, a temp credential store, the packaged
// extension in a fresh code-server profile, and Chromium showing the workbench. Startup costs
// seconds, so scenarios share a session and run in order.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createProfile, startCodeServer, type Profile, type RunningCodeServer } from "./code-server";
import type { CodeServerInstall } from "./prerequisites";
import { ensureVsix, probeVsix } from "./vsix";
import { Workbench } from "./workbench";

export interface SessionPaths {
  tmp: string;
  workspace: string;
  /** KEYSTROKE_CREDENTIALS_HOME of the extension's dev server. */
  store: string;
  /** Where the test-only probe extension writes what vscode.lm.invokeTool answered. */
  probeOut: string;
  screenshots: string;
}

export interface E2eSession {
  paths: SessionPaths;
  profile: Profile;
  workbench: Workbench;
  stop(): Promise<void>;
}

export interface SessionOptions {
  root: string;
  install: CodeServerInstall;
  /** Example project copied into the temp workspace, relative to the repo root. */
  example: string;
  /** Extra environment of code-server (and so of the extension host and its children). */
  env: (paths: SessionPaths) => Record<string, string>;
}

export async function startSession(options: SessionOptions): Promise<E2eSession> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), "keystroke-e2e-"));
  const paths: SessionPaths = {
    tmp,
    workspace: path.join(tmp, path.basename(options.example)),
    store: path.join(tmp, "store"),
    probeOut: path.join(tmp, "lm-probe.json"),
    screenshots: path.join(options.root, "test-results/e2e"),
  };
  let server: RunningCodeServer | null = null;
  let workbench: Workbench | null = null;
  const stop = async () => {
    await workbench?.close().catch(() => undefined);
    // The extension host, language server and dev server are in code-server's process group.
    await server?.process.stop();
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    // Screenshots (and failure shots) of an earlier run would pass for this run's.
    rmSync(paths.screenshots, { recursive: true, force: true });
    mkdirSync(paths.screenshots, { recursive: true });
    cpSync(path.join(options.root, options.example), paths.workspace, { recursive: true });
    const profile = createProfile(options.install, path.join(tmp, "profile"), [ensureVsix(options.root, tmp), probeVsix(options.root, tmp)]);
    const env = { KEYSTROKE_CREDENTIALS_HOME: paths.store, LM_PROBE_OUT: paths.probeOut, ...options.env(paths) };
    server = await startCodeServer(options.install, profile, paths.workspace, env, path.join(paths.screenshots, "code-server.log"));
    workbench = await Workbench.open(server.url, paths.workspace, paths.screenshots);
    return { paths, profile, workbench, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
