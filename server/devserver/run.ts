// Starts a dev server on a store: lock, secret backend, metadata (with repair), HTTP listener,
// devserver.json. `close()` undoes all of it; entry points call it on SIGINT/SIGTERM.
import { randomBytes } from "node:crypto";
import http from "node:http";
import { mkdir, readFile, rm, stat } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { DevServerInfo } from "../core/schema";
import { CredentialStore, DEVSERVER_FILE, FILE_BACKEND_WARNING, acquireStoreLock, defaultStoreDir, openSecretBackend, storeFile, writeFileAtomic } from "../store";
import { createRequestListener, type AppContext } from "./app";
import type { BrowserLinkResponse } from "../core/schema";
import { BrowserSessions } from "./browser-session";
import { CredentialRequests } from "./credential-requests";
import { DevServerClient, pageUrl, readDevServerInfo } from "./client";
import { EventHub } from "./events";
import { isLoopbackHost, type ServeOptions } from "./flags";
import { readProjectContext } from "./project";
import { allowForwardedOrigin, securityContext } from "./security";
import { linkLines, mintBrowserLink } from "./session-routes";
// One version for every entry point (the CLI owns the constant).
import { VERSION } from "../core/version";
import { errorMessage } from "../core/error-message";

export interface DevServerIo {
  /** Normal output (the URL, repair notes). */
  out: (line: string) => void;
  /** Warnings and errors. */
  err: (line: string) => void;
}

export interface StartedDevServer {
  info: DevServerInfo;
  storeDir: string;
  /** A fresh single-use link to the credential manager. */
  mintLink: () => BrowserLinkResponse;
  close: () => Promise<void>;
}

export type StartResult =
  | { kind: "started"; server: StartedDevServer }
  /** --attach found a running server. */
  | { kind: "attached"; link: BrowserLinkResponse | null; pid: number }
  /** exitCode 2: the store cannot be used as it is (read-only, full); 1 otherwise. */
  | { kind: "failed"; message: string; exitCode?: number };

export interface StartExtras {
  /** dist/webview by default (next to the bundle that runs). */
  webviewDir?: string;
  keepAliveMs?: number;
}

export async function startDevServer(options: ServeOptions, io: DevServerIo, extras: StartExtras = {}): Promise<StartResult> {
  const storeDir = options.storeDir ?? defaultStoreDir();
  try {
    await mkdir(storeDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    return { kind: "failed", message: `cannot create the store directory ${storeDir} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); pass a writable directory with --store` };
  }

  const permissions = await loosePermissions(storeDir);
  if (permissions !== null) io.err(permissions);

  const lock = await acquireStoreLock(storeDir);
  if (!lock.ok && lock.code !== undefined && lock.code in DISK_REFUSALS) {
    return { kind: "failed", exitCode: 2, message: `the store directory ${storeDir} ${DISK_REFUSALS[lock.code]} (${lock.code}); nothing was changed. Pass a writable directory with --store, or fix the disk.` };
  }
  if (!lock.ok) {
    if (options.attach && lock.holderPid !== null) {
      const running = await readDevServerInfo(storeDir);
      if (running !== null && running.pid === lock.holderPid) return { kind: "attached", link: await mintRemoteLink(running), pid: running.pid };
    }
    return { kind: "failed", message: lock.message };
  }
  let releaseOnFailure = true;
  try {
    const backend = await openSecretBackend(options.secretBackend, storeDir);
    if (!backend.ok) return { kind: "failed", message: backend.message };
    if (backend.backend.kind === "file") io.err(FILE_BACKEND_WARNING);
    const opened = await CredentialStore.open(storeDir, backend.backend);
    if (!opened.ok) return { kind: "failed", message: opened.message };
    const { store, repair, lostMetadata } = opened.opened;
    if (backend.backend.notice !== null) io.err(backend.backend.notice);
    if (store.secretsUnavailable !== null) io.err(`${store.secretsUnavailable} Metadata is still listed; secret operations answer 503.`);
    if (lostMetadata && repair === null) {
      io.err("credentials.json is missing, but the secret store holds values of this store: they are kept, and the entries are rebuilt (marked for review) as soon as the keychain answers.");
    }
    if (repair !== null && (repair.flagged.length > 0 || repair.removed.length > 0)) {
      io.out(`store repair: ${repair.flagged.length} entr${repair.flagged.length === 1 ? "y" : "ies"} flagged (values missing), ${repair.removed.length} orphaned value(s) removed`);
    }
    if (repair !== null && repair.recovered.length > 0) {
      io.err(
        `store repair: credentials.json was missing; ${repair.recovered.length} entr${repair.recovered.length === 1 ? "y was" : "ies were"} rebuilt from the secret store and marked for review` +
          (repair.unlabelled.length > 0 ? ` (${repair.unlabelled.length} without a recorded name, listed as recovered-<id>: rename or delete them)` : "") +
          ". No value was deleted.",
      );
    }
    if (!isLoopbackHost(options.host)) {
      // Host names accepted: loopback ones plus the bound address itself, so a wildcard bind
      // (0.0.0.0, ::) still only serves loopback names; bind an interface address to be reached.
      io.err(
        `WARNING: listening on ${options.host}, not loopback: the credential store's server is reachable from the network ` +
          `(only the token guards it, and Host must name 127.0.0.1, localhost, [::1] or ${options.host}).`,
      );
    }

    const project = await readProjectContext(options.root);
    const token = randomBytes(32).toString("base64url");
    const hub = new EventHub(extras.keepAliveMs ?? 15_000);
    const sessions = new BrowserSessions();
    // The security context needs the port, known only once listening; no request arrives before.
    let handle: ((req: http.IncomingMessage, res: http.ServerResponse) => void) | null = null;
    const server = http.createServer((req, res) => handle!(req, res));
    server.keepAliveTimeout = 30_000;
    const port = await new Promise<number>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => resolve((server.address() as AddressInfo).port));
    }).catch((error: NodeJS.ErrnoException) => {
      throw new ListenError(`cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`);
    });
    const security = securityContext(token, options.host, port, sessions);
    const app: AppContext = {
      store,
      hub,
      project,
      ...(options.root !== undefined ? { root: options.root } : {}),
      version: VERSION,
      sessions,
      requests: new CredentialRequests(),
      pageUrl: (code, page) => pageUrl({ host: options.host, port }, code, page),
      security,
      allowOrigin: (origin) => allowForwardedOrigin(security, origin),
      webviewDir: extras.webviewDir ?? path.join(__dirname, "webview"),
      log: io.err,
    };
    handle = createRequestListener(app);
    const unsubscribe = store.onEvent((event) => hub.publish(event));

    const info: DevServerInfo = { port, host: options.host, pid: process.pid, token, startedAt: new Date().toISOString(), version: VERSION };
    const infoFile = storeFile(storeDir, DEVSERVER_FILE);
    await writeFileAtomic(infoFile, `${JSON.stringify(info, null, 2)}\n`);
    releaseOnFailure = false;

    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        unsubscribe();
        hub.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        if (await isOurInfoFile(infoFile)) await rm(infoFile, { force: true });
        await lock.release();
      })());
    return { kind: "started", server: { info, storeDir, mintLink: () => mintBrowserLink(app), close } };
  } catch (error) {
    if (error instanceof ListenError) return { kind: "failed", message: error.message };
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && code in DISK_REFUSALS) {
      return { kind: "failed", exitCode: 2, message: `the store directory ${storeDir} ${DISK_REFUSALS[code]} (${code}): ${errorMessage(error)}. Nothing was changed; pass a writable directory with --store, or fix the disk.` };
    }
    throw error;
  } finally {
    if (releaseOnFailure) await lock.release();
  }
}

class ListenError extends Error {}

const DISK_REFUSALS: Readonly<Record<string, string>> = {
  EROFS: "is on a read-only file system",
  ENOSPC: "is on a full disk",
  EDQUOT: "is over its disk quota",
  EACCES: "cannot be written by this user",
  EPERM: "cannot be written by this user",
};

/**
 * A warning when others may read the store directory. Never a chmod: it may be a directory the
 * person chose, even their home. (Windows has no such mode bits; its ACLs apply.)
 */
async function loosePermissions(dir: string): Promise<string | null> {
  if (process.platform === "win32") return null;
  try {
    const mode = (await stat(dir)).mode & 0o777;
    if ((mode & 0o077) === 0) return null;
    return `WARNING: the store directory ${dir} can be read by other users (mode ${mode.toString(8).padStart(3, "0")}); metadata lists the names of your credentials. Consider chmod 700 on it.`;
  } catch {
    return null;
  }
}

/** `--attach`: a fresh link from the running server (null when it does not answer). */
async function mintRemoteLink(info: DevServerInfo): Promise<BrowserLinkResponse | null> {
  const client = new DevServerClient(info, 5_000);
  try {
    return await client.browserLink();
  } catch {
    return null;
  } finally {
    client.close();
  }
}



async function isOurInfoFile(file: string): Promise<boolean> {
  try {
    return (JSON.parse(await readFile(file, "utf8")) as { pid?: unknown }).pid === process.pid;
  } catch {
    return false;
  }
}

/**
 * Runs the server until SIGINT/SIGTERM, for `node dist/devserver.js` and `keystroke-credentials
 * serve`. Returns the process exit code (it only returns on failure or --attach).
 */
export async function runDevServerCommand(options: ServeOptions, io: DevServerIo): Promise<number | "running"> {
  // Handlers go in before anything is printed: a client that reads the URL and at once sends
  // SIGTERM must still get a clean shutdown (devserver.json and the lock removed).
  let started: StartedDevServer | null = null;
  let stopRequested = false;
  const stop = () => {
    stopRequested = true;
    if (started !== null) void started.close().then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const result = await startDevServer(options, io, keepAliveFromEnv());
  if (result.kind !== "started") {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    if (result.kind === "failed") {
      io.err(`keystroke-credentials serve: ${result.message}`);
      return result.exitCode ?? 1;
    }
    io.out(`A dev server (pid ${result.pid}) already owns this store.`);
    if (result.link === null) {
      io.err("It did not answer a request for a browser link; try `keystroke-credentials open`, or stop it and start again.");
      return 1;
    }
    for (const line of linkLines(result.link, options.storeDir ?? defaultStoreDir())) io.out(line);
    return 0;
  }
  started = result.server;
  if (stopRequested) {
    await started.close();
    return 0;
  }
  io.out(`Keystroke Credentials dev server (pid ${started.info.pid}), store ${started.storeDir}`);
  for (const line of linkLines(started.mintLink(), started.storeDir)) io.out(line);
  return "running";
}

/** Tests shorten the SSE keep-alive interval to observe it without waiting 15 s. */
function keepAliveFromEnv(): StartExtras {
  const ms = Number(process.env.KEYSTROKE_DEVSERVER_KEEPALIVE_MS);
  return Number.isInteger(ms) && ms > 0 ? { keepAliveMs: ms } : {};
}
