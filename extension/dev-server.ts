// The embedded local dev server: attaches to the one already running on the store (devserver.json
// + an authenticated health check), else starts `dist/devserver.js` as a child of the extension
// host. Restarts it after a crash with back-off (saying so once), follows its /events stream and
// stops the child on dispose. Secret values never pass through here except in reveal answers.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import * as vscode from "vscode";
import type { DevServerInfo, StoreEvent } from "../server/core/schema";
import { DevServerClient, DevServerError, readDevServerInfo } from "../server/devserver/client";
import { Backoff } from "./flows/backoff";
import type { ExtensionSettings } from "./flows/settings";
import type { Log } from "./log";

export type DevServerChange = { kind: "store"; event: StoreEvent } | { kind: "connection"; up: boolean; message: string | null };

const READY_TIMEOUT_MS = 20_000;
const POLL_MS = 100;

/** The printed manager link carries a single-use code: keep it out of the output channel. */
function redactToken(line: string): string {
  return line.replace(/([?&](?:code|token)=)[^&\s]+/g, "$1…");
}

export class DevServer implements vscode.Disposable {
  private child: ChildProcess | null = null;
  private connected: { info: DevServerInfo; client: DevServerClient; closeEvents: () => void } | null = null;
  private connecting: Promise<DevServerClient> | null = null;
  private readonly backoff = new Backoff();
  private retryTimer: NodeJS.Timeout | null = null;
  private gaveUp: string | null = null;
  private disposed = false;
  private readonly changes = new vscode.EventEmitter<DevServerChange>();
  readonly onDidChange = this.changes.event;

  constructor(
    private readonly options: {
      storeDir: string;
      /** --root: changed by setRoot when another project is selected. */
      root: string | undefined;
      script: string;
      settings: () => ExtensionSettings;
      log: Log;
    },
  ) {}

  /**
   * The connected client; connects (attaching or starting a server) when there is none. After
   * automatic restarts gave up, a call (the user pressed Refresh, ran a command) tries afresh.
   */
  async client(): Promise<DevServerClient> {
    if (this.connected) return this.connected.client;
    if (this.gaveUp !== null) {
      this.gaveUp = null;
      this.backoff.reset();
    }
    this.connecting ??= this.attachOrStart().finally(() => (this.connecting = null));
    return this.connecting;
  }

  /** A fresh single-use link to the manager UI (each call mints one), connecting first. */
  async managerUrl(): Promise<string> {
    return (await (await this.client()).browserLink()).url;
  }

  /**
   * Another project was selected: a server this extension started restarts with its --root. One
   * it attached to (started elsewhere) keeps the root it was started with.
   */
  async setRoot(root: string): Promise<void> {
    if (root === this.options.root) return;
    this.options.root = root;
    await this.restart();
  }

  /** A fresh start after the user asked for it (Refresh, settings change). */
  async restart(): Promise<void> {
    this.gaveUp = null;
    this.backoff.reset();
    this.disconnect();
    await this.stopChild();
    await this.client();
  }

  private async attachOrStart(): Promise<DevServerClient> {
    const existing = await readDevServerInfo(this.options.storeDir);
    if (existing) {
      const client = new DevServerClient(existing);
      try {
        await client.health();
        this.options.log.info(`Attached to the dev server already running on the store (pid ${existing.pid}, port ${existing.port}).`);
        return this.use(existing, client);
      } catch (error) {
        client.close();
        this.options.log.warn(`devserver.json names pid ${existing.pid} but its health check failed (${(error as Error).message}); starting our own.`);
      }
    }
    return this.use(...(await this.startChild()));
  }

  private use(info: DevServerInfo, client: DevServerClient): DevServerClient {
    const closeEvents = client.events(
      (event) => this.changes.fire({ kind: "store", event }),
      (error) => this.lost(error),
    );
    this.connected = { info, client, closeEvents };
    this.changes.fire({ kind: "connection", up: true, message: null });
    return client;
  }

  private args(): string[] {
    const s = this.options.settings();
    return [
      this.options.script,
      "--store",
      this.options.storeDir,
      "--secret-backend",
      s.secretBackend,
      "--port",
      String(s.devServerPort),
      // If another process took the store meanwhile, the child prints its URL and exits 0.
      "--attach",
      ...(this.options.root ? ["--root", this.options.root] : []),
    ];
  }

  private async startChild(): Promise<[DevServerInfo, DevServerClient]> {
    const log = this.options.log;
    // The extension host's execPath is the editor binary; ELECTRON_RUN_AS_NODE makes it plain Node.
    const child = spawn(process.execPath, this.args(), {
      env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      windowsHide: true,
    });
    this.child = child;
    this.backoff.started(Date.now());
    let stderrTail = "";
    // Whole lines only: a chunk boundary inside the printed URL would otherwise split the token
    // so that redactToken could not recognise the second half.
    const pipe = (stream: NodeJS.ReadableStream | null, warn: boolean) => {
      if (!stream) return;
      createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line: string) => {
        if (line.trim() === "") return;
        if (warn) stderrTail = `${stderrTail}\n${line}`.slice(-1000);
        (warn ? log.warn : log.info)(`[dev server] ${redactToken(line)}`);
      });
    };
    pipe(child.stdout, false);
    pipe(child.stderr, true);
    const exited = new Promise<number | null>((resolve) => {
      child.once("exit", (code) => resolve(code));
      child.once("error", (error) => {
        log.error(`The dev server could not be started: ${error.message}`);
        resolve(-1);
      });
    });
    void exited.then((code) => this.childExited(child, code));

    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      const info = await readDevServerInfo(this.options.storeDir);
      if (info && (info.pid === child.pid || child.exitCode === 0)) {
        const client = new DevServerClient(info);
        try {
          await client.health();
          if (info.pid !== child.pid) log.info(`Another dev server (pid ${info.pid}) owns the store; attached to it.`);
          return [info, client];
        } catch {
          client.close();
        }
      }
      if (child.exitCode !== null && child.exitCode !== 0) {
        const reason = stderrTail.trim().split("\n").pop() ?? `exit code ${child.exitCode}`;
        throw new Error(`The local dev server did not start: ${redactToken(reason)}`);
      }
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`The local dev server did not become ready within ${READY_TIMEOUT_MS / 1000} s; see Output › Keystroke.`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  private childExited(child: ChildProcess, code: number | null): void {
    if (this.child !== child) return;
    this.child = null;
    if (this.disposed || code === 0) return; // 0: stopped on purpose, or --attach handed over
    this.options.log.warn(`The dev server exited (code ${code ?? "signal"}).`);
    this.disconnect();
    this.scheduleReconnect("The local dev server stopped unexpectedly");
  }

  /** The event stream failed: the server is gone, restarted elsewhere, or the network hiccuped. */
  private lost(error: DevServerError): void {
    if (this.disposed) return;
    this.options.log.warn(`Lost the dev server's event stream: ${error.message}`);
    this.disconnect();
    // One retry timer at most: if our child also exits, its handler finds this one scheduled.
    this.scheduleReconnect("The local dev server went away");
  }

  private scheduleReconnect(what: string): void {
    if (this.retryTimer || this.disposed) return;
    const delay = this.backoff.crashed(Date.now());
    if (delay === null) {
      this.gaveUp = `${what} several times in a row; it is not restarted automatically any more. See Output › Keystroke, then press Refresh in the Local Store view.`;
      this.options.log.error(this.gaveUp);
      this.changes.fire({ kind: "connection", up: false, message: this.gaveUp });
      return;
    }
    const message = `${what}; restarting it in ${Math.round(delay / 1000)} s.`;
    this.options.log.warn(message);
    this.changes.fire({ kind: "connection", up: false, message });
    if (this.backoff.shouldNotify())
      void vscode.window.showWarningMessage(`Keystroke: ${what.charAt(0).toLowerCase()}${what.slice(1)}; restarting it.`, "Show Output").then((choice) => {
        if (choice) this.options.log.show();
      });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.client().catch((error: Error) => {
        this.options.log.error(error.message);
        this.scheduleReconnect(what);
      });
    }, delay);
  }

  private disconnect(): void {
    if (!this.connected) return;
    this.connected.closeEvents();
    this.connected.client.close();
    this.connected = null;
  }

  private async stopChild(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    this.child = null;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill("SIGKILL"), 3_000);
      child.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }

  dispose(): Promise<void> {
    this.disposed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.disconnect();
    this.changes.dispose();
    return this.stopChild();
  }
}
