// The extension's view of the cloud: one KeystrokeCloud adapter for the project root, the last
// listing as a keystroke/cloudSnapshot payload, periodic refresh (keystroke.cloud.refreshMinutes)
// and pushes. Listeners (the language client, the views and the manager panel) get every new listing.
import { plural } from "../server/core/plural";
import * as vscode from "vscode";
import { KeystrokeCloud, cloudSnapshotParams, type CloudError, type CloudResult, type PushResult, type PushTargetInput } from "../server/cloud";
import type { CloudSnapshotParams } from "../server/core/schema";
import type { ExtensionSettings } from "./flows/settings";
import type { Log } from "./log";

export const CLOUD_NOT_LOADED = "cloud credentials not loaded yet";

export class CloudService implements vscode.Disposable {
  private adapter: KeystrokeCloud;
  private last: CloudSnapshotParams;
  /** Why the last listing failed, for the button next to its message (null after a success). */
  lastError: CloudError | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<CloudSnapshotParams> | null = null;
  private readonly changes = new vscode.EventEmitter<CloudSnapshotParams>();
  readonly onDidChange = this.changes.event;

  constructor(
    private root: string,
    private readonly settings: () => ExtensionSettings,
    private readonly log: Log,
    /** Null when the CLI may run; otherwise why not (Restricted Mode, virtual workspace). */
    private disabledReason: string | null,
  ) {
    this.adapter = this.createAdapter();
    this.last = { snapshot: null, reason: disabledReason ?? CLOUD_NOT_LOADED };
  }

  private createAdapter(): KeystrokeCloud {
    const cliPath = this.settings().cliPath;
    return new KeystrokeCloud({ root: this.root, ...(cliPath ? { cliPath } : {}) });
  }

  get disabled(): string | null {
    return this.disabledReason;
  }

  get cli(): KeystrokeCloud {
    return this.adapter;
  }

  current(): CloudSnapshotParams {
    return this.last;
  }

  /** Called when the workspace becomes trusted: the CLI may run from now on. */
  enable(): void {
    this.disabledReason = null;
    void this.refresh();
    this.schedule();
  }

  /** Another project was selected: its root, its config, a fresh listing. */
  setRoot(root: string): void {
    this.root = root;
    this.adapter = this.createAdapter();
    this.last = { snapshot: null, reason: this.disabledReason ?? CLOUD_NOT_LOADED };
    this.changes.fire(this.last);
    void this.refresh();
  }

  /** keystroke.cliPath changed: a new adapter (the cached listing belonged to the old CLI). */
  reconfigure(): void {
    this.adapter = this.createAdapter();
    this.schedule();
  }

  /** Lists the cloud through the CLI; concurrent callers share one run. */
  refresh(): Promise<CloudSnapshotParams> {
    if (this.disabledReason !== null) return Promise.resolve(this.last);
    this.inFlight ??= (async () => {
      const listing = await this.adapter.listCloud({ refresh: true });
      this.lastError = listing.ok ? null : listing.error;
      // The views' push and connect actions need the CLI; the Cloud view says how to get it.
      void vscode.commands.executeCommand("setContext", "keystroke.cliMissing", this.lastError?.kind === "cli-not-found");
      if (!listing.ok) this.log.warn(`Cloud not checked: ${listing.error.message}`);
      else this.log.info(`Cloud listed: ${plural(listing.value.credentials.length, "credential")}.`);
      this.publish(cloudSnapshotParams(listing));
      return this.last;
    })().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  async push(key: string, fields: Record<string, string>, targets: PushTargetInput[]): Promise<CloudResult<PushResult>> {
    if (this.disabledReason !== null) return { ok: false, error: { kind: "invalid-request", message: this.disabledReason } };
    const result = await this.adapter.push({ key, fields, targets });
    // The adapter re-lists after a successful push; publish that listing.
    if (result.ok) this.publish(cloudSnapshotParams(result.value.cloud));
    return result;
  }

  private publish(params: CloudSnapshotParams): void {
    this.last = params;
    this.changes.fire(params);
  }

  /** (Re)arms the periodic refresh; 0 minutes = manual only. */
  schedule(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const minutes = this.settings().refreshMinutes;
    if (minutes <= 0 || this.disabledReason !== null) return;
    this.timer = setInterval(() => void this.refresh(), minutes * 60_000);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.changes.dispose();
  }
}
