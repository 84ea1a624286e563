// Follows the local dev server: finds it through devserver.json in the store directory, fetches
// its snapshot, and re-fetches on every SSE event. When it is absent or goes away the local
// target becomes "not checked" with the reason, and the follower keeps looking (a watch on the
// store directory for devserver.json, plus a bounded back-off) so a restarted dev server is
// picked up without restarting the language server. Only the snapshot (field names) is read.
import { watch, type FSWatcher } from "node:fs";
import type { Snapshot } from "../core/schema";
import { DevServerClient, readDevServerInfo } from "../devserver/client";
import { DEVSERVER_FILE } from "../store/paths";
import { errorMessage } from "../core/error-message";
import type { Log } from "./projects";

export type LocalReport = { snapshot: Snapshot } | { unchecked: string };

/** Reconnect delays: quick at first (a restart takes a moment), then capped so polling stays cheap. */
const BACKOFF_MS = [250, 500, 1000, 2000, 5000] as const;
/** devserver.json is written by rename; a short settle avoids reading between two watch events. */
const WATCH_SETTLE_MS = 30;

export class LocalDevServerFollower {
  private generation = 0;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private unsubscribe: (() => void) | undefined;
  private client: DevServerClient | undefined;
  private refetching: Promise<void> | undefined;
  private refetchAgain = false;

  constructor(
    private storeDir: string,
    private readonly report: (r: LocalReport) => void,
    private readonly log: Log,
  ) {}

  start(): void {
    this.watchStoreDir();
    void this.connect();
  }

  /** Follows another store directory (the setting changed). */
  restart(storeDir: string): void {
    if (storeDir === this.storeDir) return;
    this.dispose();
    this.storeDir = storeDir;
    this.attempt = 0;
    this.start();
  }

  dispose(): void {
    this.generation++;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.watcher?.close();
    this.watcher = undefined;
    this.disconnect();
  }

  private disconnect(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.client?.close();
    this.client = undefined;
  }

  /**
   * Subscribes to events first and fetches the snapshot once the stream is open, so a change
   * made between the fetch and the subscription cannot be missed.
   */
  private async connect(): Promise<void> {
    const generation = ++this.generation;
    clearTimeout(this.retryTimer);
    this.disconnect();
    const current = () => generation === this.generation;
    const info = await readDevServerInfo(this.storeDir);
    if (!current()) return;
    if (!info) {
      this.fail(`the local dev server is not running (no live ${DEVSERVER_FILE} in ${this.storeDir}); start it with "keystroke-credentials serve"`);
      return;
    }
    const client = new DevServerClient(info);
    this.client = client;
    this.unsubscribe = client.events(
      () => {
        if (current()) this.refetch();
      },
      (error) => {
        if (current()) this.fail(`lost the connection to the local dev server at ${info.host}:${info.port} (${error.message})`);
      },
      () => {
        if (!current()) return;
        this.attempt = 0;
        this.refetch();
      },
    );
  }

  /** Re-fetches after an event; events during a fetch cause exactly one more fetch. */
  private refetch(): void {
    if (this.refetching) {
      this.refetchAgain = true;
      return;
    }
    const client = this.client;
    if (!client) return;
    const generation = this.generation;
    this.refetching = client
      .snapshot()
      .then((snapshot) => {
        if (generation === this.generation) this.report({ snapshot });
      })
      .catch((error: unknown) => {
        if (generation === this.generation) this.fail(`the local dev server stopped answering (${errorMessage(error)})`);
      })
      .finally(() => {
        this.refetching = undefined;
        // Also when a reconnect happened meanwhile: the new connection's first fetch waited on this one.
        if (this.refetchAgain) {
          this.refetchAgain = false;
          this.refetch();
        }
      });
  }

  private fail(reason: string): void {
    this.disconnect();
    this.report({ unchecked: reason });
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
    this.attempt++;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
    // The store directory may have appeared since start (the dev server creates it).
    if (!this.watcher) this.watchStoreDir();
  }

  private watchStoreDir(): void {
    let settle: NodeJS.Timeout | undefined;
    try {
      this.watcher = watch(this.storeDir, { persistent: false }, (_event, filename) => {
        if (filename !== null && filename.toString() !== DEVSERVER_FILE) return;
        clearTimeout(settle);
        settle = setTimeout(() => {
          this.attempt = 0;
          void this.connect();
        }, WATCH_SETTLE_MS);
      });
      this.watcher.on("error", (error) => {
        this.log(`watching ${this.storeDir} stopped: ${errorMessage(error)}`);
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      // No store directory yet: the back-off polling covers it until one exists.
      this.watcher = undefined;
    }
  }
}
