// The extension's long-lived parts and the rules that switch them on: the language client (always,
// it only analyzes), and — only in a trusted, local workspace — the embedded dev server and the
// cloud adapter. Started after activation returns (activation stays cheap) or when a command or
// the views first need them. Everything the view shows changes through onDidChange.
import * as vscode from "vscode";
import type { CloudResult, PushResult } from "../server/cloud";
import type { CloudSnapshotParams, HostEvent, ManagerCapabilities, PushTarget, RequirementsView, StoreEntry } from "../server/core/schema";
import type { DevServerClient } from "../server/devserver/client";
import { defaultStoreDir } from "../server/store/paths";
import { CloudService } from "./cloud-service";
import { DevServer } from "./dev-server";
import { offerKeychainWaysOn } from "./keychain-missing";
import { DEV_SERVER_SETTINGS, readExtensionSettings, type ExtensionSettings } from "./flows/settings";
import { KeystrokeLanguageClient } from "./language-client";
import type { Log } from "./log";

export const RESTRICTED_REASON =
  "Restricted Mode: this workspace is not trusted, so only code analysis runs. Trust the workspace to manage local credentials, push, connect and deploy.";
export const VIRTUAL_REASON =
  "Virtual workspace: only code analysis runs. Open a local folder to manage local credentials, push, connect and deploy.";

export function currentSettings(): ExtensionSettings {
  const config = vscode.workspace.getConfiguration("keystroke");
  return readExtensionSettings((key) => config.get(key));
}

/** The folder the dev server and the CLI run in: the first with a keystroke.config.ts, else the first. */
export async function projectRoot(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders) {
    if (folder.uri.scheme !== "file") continue;
    try {
      await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder.uri, "keystroke.config.ts"));
      return folder;
    } catch {
      // not this one
    }
  }
  return folders.find((f) => f.uri.scheme === "file");
}

export class Services implements vscode.Disposable {
  readonly lsp: KeystrokeLanguageClient;
  private devServer: DevServer | null = null;
  private cloudService: CloudService | null = null;
  private root: string | undefined;
  private started: Promise<void> | null = null;
  private readonly storeDir = defaultStoreDir();
  private readonly changes = new vscode.EventEmitter<HostEvent>();
  readonly onDidChange = this.changes.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly context: vscode.ExtensionContext,
    private readonly channel: vscode.LogOutputChannel,
    readonly log: Log,
  ) {
    const schemes = ["file", ...new Set((vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.scheme).filter((s) => s !== "file"))];
    this.lsp = new KeystrokeLanguageClient({
      serverModule: context.asAbsolutePath("dist/server.js"),
      storeDir: this.storeDir,
      schemes,
      channel,
      log,
    });
    this.disposables.push(
      this.lsp.onDidChangeStatus((status) => this.changes.fire({ kind: "status", status })),
      this.lsp.onDidStart(() => this.changes.fire({ kind: "requirements" })),
      vscode.workspace.onDidGrantWorkspaceTrust(() => void this.trustGranted()),
      vscode.workspace.onDidChangeConfiguration((e) => this.configurationChanged(e)),
    );
  }

  /** Null when the store, the CLI and terminals may be used; otherwise why not. */
  get restriction(): string | null {
    if ((vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme !== "file")) return VIRTUAL_REASON;
    if (!vscode.workspace.isTrusted) return RESTRICTED_REASON;
    return null;
  }

  ensureStarted(): Promise<void> {
    this.started ??= this.start();
    return this.started;
  }

  private async start(): Promise<void> {
    this.root = (await projectRoot())?.uri.fsPath;
    const restriction = this.restriction;
    this.cloudService = new CloudService(this.root ?? process.cwd(), currentSettings, this.log, this.root ? restriction : (restriction ?? "No local folder is open."));
    this.disposables.push(
      this.cloudService,
      this.cloudService.onDidChange((cloud) => {
        this.lsp.sendCloudSnapshot(cloud);
        this.changes.fire({ kind: "cloud", cloud });
      }),
    );
    this.lsp.sendCloudSnapshot(this.cloudService.current());
    if (restriction === null) this.startTrustedParts();
    else this.log.info(restriction);
    // Not awaited: the view and commands need not wait for the analysis; onDidStart tells them.
    this.lsp.start().catch((error: Error) => this.log.error(`The language server did not start: ${error.message}`));
  }

  private startTrustedParts(): void {
    this.devServer = new DevServer({
      storeDir: this.storeDir,
      root: this.root,
      script: this.context.asAbsolutePath("dist/devserver.js"),
      settings: currentSettings,
      log: this.log,
    });
    this.disposables.push(this.devServer.onDidChange((change) => this.changes.fire(change)));
    this.devServer
      .client()
      .then(async (client) => offerKeychainWaysOn(await client.health()))
      .catch((error: Error) => this.log.error(error.message));
    if (this.cloudService && this.root) {
      if (this.cloudService.disabled !== null) this.cloudService.enable();
      else {
        void this.cloudService.refresh();
        this.cloudService.schedule();
      }
    }
  }

  private async trustGranted(): Promise<void> {
    if (!this.started) return;
    await this.started;
    if (this.restriction !== null || this.devServer) return;
    this.log.info("The workspace is now trusted: starting the local dev server and the cloud listing.");
    this.startTrustedParts();
    this.changes.fire({ kind: "capabilities" });
  }

  private configurationChanged(e: vscode.ConfigurationChangeEvent): void {
    if (e.affectsConfiguration("keystroke.cliPath")) {
      this.cloudService?.reconfigure();
      void this.cloudService?.refresh();
    } else if (e.affectsConfiguration("keystroke.cloud.refreshMinutes")) this.cloudService?.schedule();
    if (DEV_SERVER_SETTINGS.some((s) => e.affectsConfiguration(s)) && this.devServer) {
      this.log.info("Dev server settings changed: restarting it.");
      this.devServer.restart().catch((error: Error) => this.log.error(error.message));
    }
  }

  capabilities(): ManagerCapabilities {
    const restriction = this.restriction;
    return {
      push: restriction === null ? { enabled: true } : { enabled: false, reason: restriction },
      openLocation: true,
      storeDisabled: restriction,
    };
  }

  /** The dev server client; throws a user-facing message when the store is off here. */
  async store(): Promise<DevServerClient> {
    await this.ensureStarted();
    const restriction = this.restriction;
    if (restriction !== null) throw new Error(restriction);
    if (!this.devServer) throw new Error("The local dev server is not running; reload the window.");
    return this.devServer.client();
  }

  async managerUrl(): Promise<string> {
    await this.store();
    return this.devServer!.managerUrl();
  }

  async requirementsView(): Promise<RequirementsView> {
    await this.ensureStarted();
    const result = await this.lsp.requirements().catch(() => null);
    if (result === null) return { available: false, reason: "The language server is starting; requirements appear when it is ready." };
    return { available: true, requirements: result.requirements };
  }

  async cloudSnapshot(): Promise<CloudSnapshotParams> {
    await this.ensureStarted();
    return this.cloudService!.current();
  }

  async refreshCloud(): Promise<CloudSnapshotParams> {
    await this.ensureStarted();
    return this.cloudService!.refresh();
  }

  get cloud(): CloudService | null {
    return this.cloudService;
  }

  get projectRootPath(): string | undefined {
    return this.root;
  }

  /** Reads the entry's values from the store and pushes them; values live only in this call. */
  async pushEntry(entry: StoreEntry, targets: PushTarget[]): Promise<CloudResult<PushResult>> {
    const store = await this.store();
    const revealed = await store.reveal(entry.id);
    return this.cloudService!.push(entry.key, revealed.fields, targets);
  }

  async dispose(): Promise<void> {
    for (const d of this.disposables) d.dispose();
    this.changes.dispose();
    await Promise.all([this.lsp.dispose(), this.devServer?.dispose()]);
  }
}
