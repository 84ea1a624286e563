// Shared by the dev server tests: spawn dist/devserver.js on a temp store, wait for its URL line
// (an event, not a sleep), and talk raw HTTP so tests control every header.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { after, before } from "node:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

export const ROOT = process.cwd();
export const DEVSERVER = path.join(ROOT, "dist/devserver.js");

export function tempDir(prefix = "ks-store-"): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Spawned {
  child: ChildProcess;
  port: number;
  /** The bearer token, from devserver.json (the printed link never carries it). */
  token: string;
  /** The single-use link the server printed. */
  link: string;
  storeDir: string;
  stdout: () => string;
  stderr: () => string;
  /** SIGTERM and wait for exit; returns the exit code. */
  stop: () => Promise<number | null>;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  storeDir?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /** Arguments before the flags; default: dist/devserver.js. */
  entry?: string[];
}

/** One server for a whole test file: started before its tests, stopped and its store removed after. */
export function serverForFile(options: SpawnOptions = {}): () => Spawned {
  let server: Spawned | undefined;
  before(async () => {
    server = await spawnServer(options);
  });
  after(async () => {
    await server?.stop();
    if (server) removeDir(server.storeDir);
  });
  return () => server!;
}

/** Spawns the server and resolves once it printed its manager URL; rejects if it exits first. */
export function spawnServer(options: SpawnOptions = {}): Promise<Spawned> {
  const storeDir = options.storeDir ?? tempDir();
  const child = spawn(process.execPath, [...(options.entry ?? [DEVSERVER]), "--store", storeDir, ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise<Spawned>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`dev server did not start in time\nstdout: ${out}\nstderr: ${err}`));
    }, options.timeoutMs ?? 20_000);
    child.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    child.stdout!.on("data", (c: Buffer) => {
      out += c.toString();
      const match = /Credential manager: http:\/\/127\.0\.0\.1:(\d+)\/\?code=(\S+)/.exec(out);
      if (match === null) return;
      clearTimeout(timer);
      resolve({
        child,
        port: Number(match[1]),
        token: readDevServerToken(storeDir),
        link: match[0].slice("Credential manager: ".length),
        storeDir,
        stdout: () => out,
        stderr: () => err,
        exited,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          return exited;
        },
      });
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`dev server exited with ${code} before starting\nstdout: ${out}\nstderr: ${err}`));
    });
  });
}

/** Runs the server to completion (for refusals and --attach). */
export function runServerToExit(storeDir: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [DEVSERVER, "--store", storeDir, ...args], { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", timeout: 20_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Default: `127.0.0.1:<port>`. */
  host?: string;
  token?: string | null;
}

export function raw(port: number, req: RawRequest): Promise<RawResponse> {
  const headers: Record<string, string> = { Host: req.host ?? `127.0.0.1:${port}`, ...(req.token ? { Authorization: `Bearer ${req.token}` } : {}), ...req.headers };
  if (req.body !== undefined && headers["Content-Length"] === undefined && headers["Transfer-Encoding"] === undefined) headers["Content-Length"] = String(Buffer.byteLength(req.body));
  return new Promise((resolve, reject) => {
    const r = http.request({ host: "127.0.0.1", port, method: req.method ?? "GET", path: req.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    // The server may answer (413) and close before an oversized body is fully written.
    r.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    r.end(req.body);
  });
}

export function jsonBody(value: unknown): { body: string; headers: Record<string, string> } {
  return { body: JSON.stringify(value), headers: { "Content-Type": "application/json" } };
}

/** Reads a keychain value the way a user would, with libsecret's CLI (null when absent). The keyring
 *  library stores the account under the Secret Service attribute `username`. */
export function secretToolLookup(account: string): string | null {
  const run = spawnSync("secret-tool", ["lookup", "service", "keystroke-local", "username", account], { encoding: "utf8" });
  return run.status === 0 ? run.stdout : null;
}

export function readDevServerToken(storeDir: string): string {
  return (JSON.parse(readFileSync(path.join(storeDir, "devserver.json"), "utf8")) as { token: string }).token;
}

export function readCredentialsFile(storeDir: string): string {
  return readFileSync(path.join(storeDir, "credentials.json"), "utf8");
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Polls `check` until it holds or the deadline passes (for files and processes, not sleeps). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
