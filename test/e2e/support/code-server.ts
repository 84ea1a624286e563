// A real VS Code: code-server with a throwaway profile (extensions dir, user data dir) that has
// the packaged extension installed, serving one workspace on a free port of 127.0.0.1.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CodeServerInstall } from "./prerequisites";
import { spawnGroup, type GroupProcess } from "./process-group";
import { waitUntil } from "./wait";

export interface Profile {
  extensionsDir: string;
  userDataDir: string;
  settingsFile: string;
  /**
   * The "Remote" settings of code-server's window. Settings with machine scope (keystroke.cliPath
   * is "machine-overridable") are not applied from User settings in a remote window, only from here.
   */
  machineSettingsFile: string;
  /** code-server writes a default config on first run; keep it out of the user's ~/.config. */
  configFile: string;
}

// Workspace trust off, or the window opens in Restricted Mode and extensions do not activate; the
// rest keeps the screen free of things a first run shows (tips, chat, update checks, telemetry).
// The example projects are never `npm install`ed, so TypeScript's own checks would fill the
// Problems panel with unresolved imports: they are off, leaving the panel to the extension.
const BASE_SETTINGS = {
  "typescript.validate.enable": false,
  "javascript.validate.enable": false,
  "security.workspace.trust.enabled": false,
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "chat.disableAIFeatures": true,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "update.mode": "none",
  // What the language server did, in the logs a failed scenario leaves in test-results/e2e/logs.
  "keystroke.trace.server": "verbose",
} as const;

function codeServerEnv(install: CodeServerInstall, profile: Profile, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...extra,
    // Node 24 first on PATH for code-server only; the project itself stays on the machine's Node.
    PATH: `${install.node24Bin}${path.delimiter}${process.env.PATH ?? ""}`,
    CODE_SERVER_CONFIG: profile.configFile,
  };
}

export function createProfile(install: CodeServerInstall, dir: string, vsixes: readonly string[]): Profile {
  const profile: Profile = {
    extensionsDir: path.join(dir, "extensions"),
    userDataDir: path.join(dir, "user-data"),
    settingsFile: path.join(dir, "user-data/User/settings.json"),
    machineSettingsFile: path.join(dir, "user-data/Machine/settings.json"),
    configFile: path.join(dir, "code-server.yaml"),
  };
  mkdirSync(profile.extensionsDir, { recursive: true });
  writeSettings(profile.settingsFile, BASE_SETTINGS);
  for (const vsix of vsixes) {
    const args = ["--extensions-dir", profile.extensionsDir, "--user-data-dir", profile.userDataDir, "--install-extension", vsix];
    const run = spawnSync(install.codeServer, args, { env: codeServerEnv(install, profile, {}), encoding: "utf8" });
    if (run.status !== 0 || !/successfully installed/i.test(run.stdout)) {
      throw new Error(`code-server --install-extension ${path.basename(vsix)} failed:\n${run.stdout}\n${run.stderr}`);
    }
  }
  return profile;
}

function writeSettings(file: string, settings: Record<string, unknown>): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(settings, null, 2)}\n`);
}

/** Replaces the Remote (machine) settings; the running window picks the change up. */
export function writeMachineSettings(profile: Profile, settings: Record<string, unknown>): void {
  writeSettings(profile.machineSettingsFile, settings);
}

export interface RunningCodeServer {
  url: string;
  process: GroupProcess;
}

/** Starts code-server on a port the OS picks, and resolves once it answers HTTP. */
export async function startCodeServer(
  install: CodeServerInstall,
  profile: Profile,
  workspace: string,
  env: Record<string, string>,
  logFile: string,
): Promise<RunningCodeServer> {
  const args = [
    "--auth", "none",
    "--bind-addr", "127.0.0.1:0",
    "--extensions-dir", profile.extensionsDir,
    "--user-data-dir", profile.userDataDir,
    "--disable-telemetry",
    "--disable-update-check",
    workspace,
  ];
  const server = spawnGroup(install.codeServer, args, { env: codeServerEnv(install, profile, env), logFile });
  try {
    const match = await server.waitForOutput(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//, 30_000);
    const url = match[1]!;
    await waitUntil(`${url}/healthz to answer`, async () => (await fetch(`${url}/healthz`)).ok, { timeoutMs: 30_000 });
    return { url, process: server };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
