// The dev server's command-line flags, shared by `node dist/devserver.js` and
// `keystroke-credentials serve` so both accept exactly the same thing.
import { statSync } from "node:fs";
import path from "node:path";
import type { SecretBackendKind } from "../store";

export interface ServeOptions {
  port: number;
  host: string;
  /** Absent: the default store directory (KEYSTROKE_CREDENTIALS_HOME or the platform data dir). */
  storeDir?: string;
  /** Project directory whose keystroke.config.ts names the current project for /resolve. */
  root?: string;
  secretBackend: SecretBackendKind;
  /** If another server owns the store: print its URL and exit 0 instead of failing. */
  attach: boolean;
}

export const SERVE_USAGE = `Usage: keystroke-credentials serve [options]   (or: node dist/devserver.js [options])

Runs the local credential store's server (HTTP API, credential manager UI).

Options:
  --port N                     port to listen on (default 0: a free port)
  --host ADDRESS               address to bind (default 127.0.0.1; anything else exposes the store
                               to the network and prints a warning)
  --store DIR                  store directory (default $KEYSTROKE_CREDENTIALS_HOME, else the
                               platform's data directory for keystroke-credentials)
  --root DIR                   project whose keystroke.config.ts sets the current project
  --secret-backend keychain|file
                               where secret values live (default keychain; file = a 0600 plain file)
  --attach                     if a server already owns the store, print its URL and exit 0
  -h, --help                   show this help`;

export type ParsedServeFlags = { ok: true; options: ServeOptions } | { ok: true; help: true } | { ok: false; message: string };

export function parseServeFlags(argv: readonly string[], cwd = process.cwd()): ParsedServeFlags {
  const options: ServeOptions = { port: 0, host: "127.0.0.1", secretBackend: "keychain", attach: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") && eq > 0 ? arg.slice(0, eq) : arg;
    const inline = arg.startsWith("--") && eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string | null => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) return null;
      i++;
      return next;
    };
    switch (name) {
      case "-h":
      case "--help":
        return { ok: true, help: true };
      case "--attach":
        options.attach = true;
        break;
      case "--port": {
        const v = value();
        const port = v === null ? Number.NaN : Number(v);
        if (!Number.isInteger(port) || port < 0 || port > 65535) return { ok: false, message: `--port needs a number from 0 to 65535 (got ${v ?? "nothing"})` };
        options.port = port;
        break;
      }
      case "--host": {
        const v = value();
        if (v === null || v.trim() === "") return { ok: false, message: "--host needs an address, e.g. 127.0.0.1" };
        options.host = v;
        break;
      }
      case "--store":
      case "--root": {
        const v = value();
        if (v === null || v.trim() === "") return { ok: false, message: `${name} needs a directory` };
        const dir = path.resolve(cwd, v);
        // The store may not exist yet (it is created), the project must; neither may be a file.
        const problem = directoryProblem(dir, name === "--store");
        if (problem !== null) return { ok: false, message: `${name} ${dir} ${problem}` };
        if (name === "--store") options.storeDir = dir;
        else options.root = dir;
        break;
      }
      case "--secret-backend": {
        const v = value();
        if (v !== "keychain" && v !== "file") return { ok: false, message: `--secret-backend is keychain or file (got ${v ?? "nothing"})` };
        options.secretBackend = v;
        break;
      }
      default:
        return { ok: false, message: `unknown option ${arg}` };
    }
  }
  return { ok: true, options };
}

/** Why `dir` cannot serve as a directory flag's value, or null when it can. */
function directoryProblem(dir: string, mayBeAbsent: boolean): string | null {
  let stats;
  try {
    stats = statSync(dir);
  } catch {
    return mayBeAbsent ? null : "does not exist; pass an existing project directory";
  }
  return stats.isDirectory() ? null : "is not a directory";
}

/** Loopback addresses need no warning; anything else is reachable from other machines. */
export function isLoopbackHost(host: string): boolean {
  return host === "127.0.0.1" || host === "::1" || host === "localhost";
}
