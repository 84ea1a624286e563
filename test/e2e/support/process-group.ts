// Child processes started in their own process group, so stopping one also stops everything it
// spawned (code-server → extension host → language server, dev server), even after a failure.
import { spawn, type SpawnOptions } from "node:child_process";
import { createWriteStream, type WriteStream } from "node:fs";
import { waitUntil } from "./wait";

export interface GroupProcess {
  /** Resolves once a line of output matches; rejects if the process exits first or on timeout. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  stop(): Promise<void>;
}

export function spawnGroup(command: string, args: string[], options: SpawnOptions & { logFile?: string }): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  const log: WriteStream | null = options.logFile ? createWriteStream(options.logFile) : null;
  let output = "";
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    output += chunk.toString("utf8");
    log?.write(chunk);
    for (const listener of listeners) listener();
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  let exited = child.exitCode !== null;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      for (const listener of listeners) listener();
      resolve();
    });
    child.once("error", (error) => {
      output += `\n[spawn error] ${error.message}\n`;
      exited = true;
      for (const listener of listeners) listener();
      resolve();
    });
  });

  return {
    waitForOutput(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`Timed out after ${timeoutMs} ms waiting for ${pattern} in the output of ${command}`)), timeoutMs);
        const check = () => {
          const match = output.match(pattern);
          if (match) finish(null, match);
          else if (exited) finish(new Error(`${command} exited (code ${child.exitCode}) before printing ${pattern}:\n${output.slice(-2000)}`));
        };
        const finish = (error: Error | null, match?: RegExpMatchArray) => {
          clearTimeout(timer);
          listeners.delete(check);
          if (error) reject(error);
          else resolve(match!);
        };
        listeners.add(check);
        check();
      });
    },
    async stop() {
      if (child.pid === undefined) return;
      killGroup(child.pid, "SIGTERM");
      const stopped = await Promise.race([exit.then(() => true), delay(5_000).then(() => false)]);
      // The group may outlive its leader (an extension host finishing its shutdown): make sure.
      killGroup(child.pid, stopped ? "SIGTERM" : "SIGKILL");
      await waitUntil(`process group ${child.pid} to end`, () => !groupAlive(child.pid!), { timeoutMs: 5_000 }).catch(() =>
        killGroup(child.pid!, "SIGKILL"),
      );
      await new Promise<void>((resolve) => (log ? log.end(resolve) : resolve()));
    },
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A deadline that does not keep the test process alive once everything else is done. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
