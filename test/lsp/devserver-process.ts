// Starts a real dev server (dist/devserver.js) on a temporary store for the language-server tests,
// and gives a typed client to change the store through its HTTP API.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { DevServerClient, readDevServerInfo } from "../../server/devserver/client";
import { ROOT } from "./lsp-client";

export interface RunningDevServer {
  process: ChildProcess;
  client: DevServerClient;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

export interface DevServerOptions {
  /** The project whose keystroke.config.ts names the current project (`--root`). */
  root?: string;
  deadlineMs?: number;
}

export async function startDevServer(storeDir: string, options: DevServerOptions = {}): Promise<RunningDevServer> {
  const deadlineMs = options.deadlineMs ?? 10_000;
  const args = [path.join(ROOT, "dist/devserver.js"), "--store", storeDir, "--secret-backend", "file", ...(options.root ? ["--root", options.root] : [])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
  const deadline = Date.now() + deadlineMs;
  // Polling a file with a deadline: the server announces itself only through devserver.json.
  for (;;) {
    const info = await readDevServerInfo(storeDir);
    if (info && info.pid === child.pid) {
      const client = new DevServerClient(info);
      const stop = async (signal: NodeJS.Signals = "SIGTERM") => {
        client.close();
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill(signal);
        await exited;
      };
      return { process: child, client, stop };
    }
    if (child.exitCode !== null) throw new Error(`dev server exited with ${child.exitCode}: ${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`dev server did not start within ${deadlineMs} ms: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
