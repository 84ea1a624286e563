// The extension's long-lived parts and the rules that switch them on: the language client (always,
// it only analyzes), and — only in a trusted, local workspace — the embedded dev server and the
// cloud adapter. Started after activation returns (activation stays cheap) or when a command or
// the views first need them. Everything the view shows changes through onDidChange.
import * as vscode from "vscode";
import type { CloudResult, PushResult } from "../server/cloud";
import type { CloudSnapshotNotification, CloudSnapshotParams, HostEvent, ManagerCapabilities, PushTarget, RequirementsView, StoreEntry } from "../server/core/schema";
import type { DevServerClient } from "../server/devserver/client";
import { defaultStoreDir } from "../server/store/paths";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { CONFIG_FILE } from "../server/core/keystroke-manifest";
import { findProjectRoots } from "../server/workspace/project-roots";
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

const SELECTED_PROJECT = "keystroke.selectedProject";

/**
 * The workspace's Keystroke projects, as the language server finds them (a folder with a
 * keystroke.config.ts, else each nested folder with one): local folders only, those with a
 * config first.
 */
async function discoverProjects(): Promise<string[]> {
  const roots: string[] = [];
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme === "file") roots.push(...(await findProjectRoots(folder.uri.fsPath)));
  }
  const withConfig = new Set(roots.filter((r) => existsSync(path.join(r, CONFIG_FILE))));
  return [...withConfig, ...roots.filter((r) => !withConfig.has(r))];
}

export class Services implements vscode.Disposable {
  readonly lsp: KeystrokeLanguageClient;
  private devServer: DevServer | null = null;
  private cloudService: CloudService | null = null;
  private root: string | undefined;
  private projects: string[] = [];
  private started: Promise<void> | null = null;
  private readonly storeDir = defaultStoreDir();
  private readonly changes = new vscode.EventEmitter<HostEvent>();
  readonly onDidChange = this.changes.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly context: vscode.ExtensionContext,
    channel: vscode.LogOutputChannel,
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
    this.projects = await discoverProjects();
    const chosen = this.context.workspaceState.get<string>(SELECTED_PROJECT);
    this.root = chosen !== undefined && this.projects.includes(chosen) ? chosen : this.projects[0];
    await vscode.commands.executeCommand("setContext", "keystroke.multipleProjects", this.projects.length > 1);
    const restriction = this.restriction;
    this.cloudService = new CloudService(this.root ?? process.cwd(), currentSettings, this.log, this.root ? restriction : (restriction ?? "No local folder is open."));
    this.disposables.push(
      this.cloudService,
      this.cloudService.onDidChange((cloud) => {
        this.lsp.sendCloudSnapshot(this.forRoot(cloud));
        this.changes.fire({ kind: "cloud", cloud });
      }),
    );
    this.lsp.sendCloudSnapshot(this.forRoot(this.cloudService.current()));
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

  /** With several projects, a listing is that of the selected one: the language server resolves only it against the cloud. */
  private forRoot(cloud: CloudSnapshotParams): CloudSnapshotNotification {
    return this.projects.length > 1 && this.root ? { ...cloud, root: this.root } : cloud;
  }

  /** The selected project, in words (its folder relative to the workspace), for the manager. */
  private projectLabel(): string | null {
    if (!this.root) return null;
    const relative = vscode.workspace.asRelativePath(this.root, (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
    return `the project in ${relative === this.root ? path.basename(this.root) : relative}`;
  }

  /**
   * "Keystroke: Select Project…" (several projects): the cloud listing runs in the chosen
   * project's root with its config, and the dev server resolves for it.
   */
  async pickProject(): Promise<void> {
    await this.ensureStarted();
    if (this.projects.length < 2) return void vscode.window.showInformationMessage("Keystroke: this workspace holds one Keystroke project.");
    const picked = await vscode.window.showQuickPick(
      this.projects.map((root) => ({ label: vscode.workspace.asRelativePath(root, true), description: root === this.root ? "selected" : "", root })),
      { title: "Keystroke: Select Project", placeHolder: "Which project do the manager, the dev server and the cloud listing resolve for?" },
    );
    if (!picked || picked.root === this.root) return;
    this.root = picked.root;
    await this.context.workspaceState.update(SELECTED_PROJECT, picked.root);
    this.cloudService?.setRoot(picked.root);
    this.devServer?.setRoot(picked.root).catch((error: Error) => this.log.error(error.message));
    this.changes.fire({ kind: "capabilities" });
    void vscode.window.showInformationMessage(`Keystroke: now resolving for ${this.projectLabel() ?? picked.label}.`);
  }

  capabilities(): ManagerCapabilities {
    const restriction = this.restriction;
    const label = this.projectLabel();
    return {
      push: restriction === null ? { enabled: true } : { enabled: false, reason: restriction },
      openLocation: true,
      storeDisabled: restriction,
      project: label === null ? null : { label, canChange: this.projects.length > 1 },
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
