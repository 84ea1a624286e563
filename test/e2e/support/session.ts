// One end-to-end session: a copy of an example project, a temp credential store, the packaged
// extension in a fresh code-server profile, and Chromium showing the workbench. Startup costs
// seconds, so scenarios share a session and run in order.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DevServerInfo } from "../../../server/core/schema";
import { DEVSERVER_FILE, storeFile } from "../../../server/store/paths";
import { createProfile, startCodeServer, type Profile, type RunningCodeServer } from "./code-server";
import type { CodeServerInstall } from "./prerequisites";
import { ensureVsix } from "./vsix";
import { Workbench } from "./workbench";

export interface SessionPaths {
  tmp: string;
  workspace: string;
  /** KEYSTROKE_CREDENTIALS_HOME of the extension's dev server. */
  store: string;
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
    screenshots: path.join(options.root, "test-results/e2e"),
  };
  let server: RunningCodeServer | null = null;
  let workbench: Workbench | null = null;
  const stop = async () => {
    await workbench?.close().catch(() => undefined);
    await server?.process.stop();
    stopDetachedDevServer(paths.store);
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    // Screenshots (and failure shots) of an earlier run would pass for this run's.
    rmSync(paths.screenshots, { recursive: true, force: true });
    mkdirSync(paths.screenshots, { recursive: true });
    cpSync(path.join(options.root, options.example), paths.workspace, { recursive: true });
    const profile = createProfile(options.install, path.join(tmp, "profile"), ensureVsix(options.root, tmp));
    const env = { KEYSTROKE_CREDENTIALS_HOME: paths.store, ...options.env(paths) };
    server = await startCodeServer(options.install, profile, paths.workspace, env, path.join(paths.screenshots, "code-server.log"));
    workbench = await Workbench.open(server.url, paths.workspace, paths.screenshots);
    return { paths, profile, workbench, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The extension may start its dev server detached (so a window reload can re-attach to it
 * through devserver.json); then it is outside code-server's process group and is ended here.
 */
function stopDetachedDevServer(store: string): void {
  let pid: number;
  try {
    pid = DevServerInfo.parse(JSON.parse(readFileSync(storeFile(store, DEVSERVER_FILE), "utf8"))).pid;
  } catch {
    return; // No dev server ever started on this store, or it removed its file on exit.
  }
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    // Already stopped with its process group.
  }
}
