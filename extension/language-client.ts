// The language client: starts dist/server.js over IPC for TypeScript/JavaScript files, forwards the
// "keystroke" settings and the cloud snapshot, and surfaces keystroke/status. A crashed server is
// restarted with back-off (told once); the last cloud snapshot is re-sent after every (re)start.
import * as vscode from "vscode";
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import {
  CLOUD_SNAPSHOT_NOTIFICATION,
  MOVE_TO_CREDENTIAL_COMMAND,
  AGENT_TOOL_REQUEST,
  AgentToolResult,
  MOVE_SELECTION_ARGS_REQUEST,
  MOVE_TO_CREDENTIAL_EDIT_REQUEST,
  MoveSelectionArgsResult,
  REQUIREMENTS_REQUEST,
  RequirementsResult,
  STATUS_NOTIFICATION,
  StatusParams,
  type CloudSnapshotNotification,
  type AgentToolParams,
  type MoveSelectionArgsParams,
  type MoveToCredentialEditParams,
} from "../server/core/schema";
import { Backoff } from "./flows/backoff";
import type { Log } from "./log";
import { SERVER_NODE_FLAGS } from "../server/lsp/node-flags";

const LANGUAGES = ["typescript", "typescriptreact", "javascript", "javascriptreact"];

export class KeystrokeLanguageClient implements vscode.Disposable {
  private client: LanguageClient | null = null;
  private readonly backoff = new Backoff();
  private cloud: CloudSnapshotNotification | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private disposed = false;
  private readonly statusChanges = new vscode.EventEmitter<StatusParams>();
  readonly onDidChangeStatus = this.statusChanges.event;
  private readonly readyChanges = new vscode.EventEmitter<void>();
  /** Fires whenever the server is (again) running: requirements may have changed. */
  readonly onDidStart = this.readyChanges.event;

  constructor(
    private readonly options: {
      serverModule: string;
      storeDir: string;
      /** URI schemes to analyze: "file", plus a virtual workspace's own scheme. */
      schemes: string[];
      channel: vscode.LogOutputChannel;
      log: Log;
    },
  ) {}

  async start(): Promise<void> {
    if (this.client) return;
    const { serverModule, storeDir, schemes, channel } = this.options;
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, "--nolazy", "--inspect=6011"] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: schemes.flatMap((scheme) => LANGUAGES.map((language) => ({ scheme, language }))),
      synchronize: {
        configurationSection: "keystroke",
        // Files that change what the analyzer sees without being open in an editor.
        fileEvents: vscode.workspace.createFileSystemWatcher("**/{*.ts,*.tsx,*.mts,*.cts,*.js,*.jsx,*.mjs,*.cjs,tsconfig.json,package.json}"),
      },
      initializationOptions: { storeDir },
      outputChannel: channel,
      middleware: {
        // "Move to a credential…" stores a value: not offered in Restricted Mode.
        provideCodeActions: async (document, range, context, token, next) => {
          const actions = await next(document, range, context, token);
          if (vscode.workspace.isTrusted || !actions) return actions;
          return actions.filter((a) => (a instanceof vscode.CodeAction ? a.command?.command : a.command) !== MOVE_TO_CREDENTIAL_COMMAND);
        },
      },
      errorHandler: {
        error: (_error, _message, count) => ({ action: (count ?? 0) <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown, handled: true }),
        closed: () => {
          this.scheduleRestart();
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
    const client = new LanguageClient("keystroke", "Keystroke Language Server", serverOptions, clientOptions);
    this.client = client;
    client.onDidChangeState((e) => {
      if (e.newState !== State.Running) return;
      this.backoff.started(Date.now());
      if (this.cloud) void client.sendNotification(CLOUD_SNAPSHOT_NOTIFICATION, this.cloud);
      this.readyChanges.fire();
    });
    client.onNotification(STATUS_NOTIFICATION, (raw: unknown) => {
      const parsed = StatusParams.safeParse(raw);
      if (!parsed.success) return this.options.log.warn("The language server sent a status this version of the extension cannot read; it was ignored (reinstalling the extension fixes a mismatch).");
      this.statusChanges.fire(parsed.data);
    });
    await client.start();
  }

  private scheduleRestart(): void {
    if (this.disposed || this.restartTimer) return;
    const delay = this.backoff.crashed(Date.now());
    if (delay === null) {
      const message = "The Keystroke language server keeps stopping; it is not restarted again. See Output › Keystroke, then run “Keystroke: Restart Language Server”.";
      this.options.log.error(message);
      void vscode.window.showErrorMessage(message, "Show Output").then((c) => c && this.options.log.show());
      return;
    }
    this.options.log.warn(`The language server stopped; restarting it in ${Math.round(delay / 1000)} s.`);
    if (this.backoff.shouldNotify())
      void vscode.window.showWarningMessage("Keystroke: the language server stopped unexpectedly; restarting it.", "Show Output").then((c) => c && this.options.log.show());
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      this.client?.start().catch((error: Error) => {
        this.options.log.error(`Restarting the language server failed: ${error.message}`);
        this.scheduleRestart();
      });
    }, delay);
  }

  /** "Keystroke: Restart Language Server": a fresh streak, immediately. */
  async restart(): Promise<void> {
    this.backoff.reset();
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (!this.client) return this.start();
    if (this.client.state === State.Running) await this.client.restart();
    else await this.client.start();
  }

  sendCloudSnapshot(params: CloudSnapshotNotification): void {
    this.cloud = params;
    if (this.client?.state === State.Running) void this.client.sendNotification(CLOUD_SNAPSHOT_NOTIFICATION, params);
  }

  /** Every requirement with its per-target status, or null while the server is not running. */
  async requirements(): Promise<RequirementsResult | null> {
    if (this.client?.state !== State.Running) return null;
    const raw: unknown = await this.client.sendRequest(REQUIREMENTS_REQUEST, {});
    const parsed = RequirementsResult.safeParse(raw);
    if (!parsed.success) {
      this.options.log.warn("The language server sent a list of requirements this version of the extension cannot read; it was ignored (reinstalling the extension fixes a mismatch).");
      return null;
    }
    return parsed.data;
  }

  /** An agent-mode tool's answer from the server's analyses (server/lsp/agent-tools.ts). */
  async agentTool(params: AgentToolParams): Promise<AgentToolResult> {
    const client = this.client;
    if (client?.state !== State.Running) return { error: "Not checked, because the Keystroke language server is not running." };
    const parsed = AgentToolResult.safeParse(await client.sendRequest(AGENT_TOOL_REQUEST, params));
    return parsed.success ? parsed.data : { error: "the language server gave a malformed answer" };
  }

  /** The quick fix's arguments for a selected string literal, or why it cannot be moved. */
  async moveSelectionArgs(params: MoveSelectionArgsParams): Promise<MoveSelectionArgsResult> {
    const client = this.client;
    if (client?.state !== State.Running) return { error: "the language server is not running" };
    const parsed = MoveSelectionArgsResult.safeParse(await client.sendRequest(MOVE_SELECTION_ARGS_REQUEST, params));
    return parsed.success ? parsed.data : { error: "the language server gave a malformed answer" };
  }

  /** The edit for "Move to a credential…" as VS Code's WorkspaceEdit, or why the server cannot make it. */
  async moveToCredentialEdit(params: MoveToCredentialEditParams): Promise<{ edit: vscode.WorkspaceEdit } | { error: string }> {
    const client = this.client;
    if (client?.state !== State.Running) return { error: "the language server is not running" };
    const raw = (await client.sendRequest(MOVE_TO_CREDENTIAL_EDIT_REQUEST, params)) as { edit?: unknown; error?: unknown } | null;
    if (raw && typeof raw.error === "string") return { error: raw.error };
    if (!raw?.edit) return { error: "the language server gave no edit" };
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(raw.edit as Parameters<typeof client.protocol2CodeConverter.asWorkspaceEdit>[0]);
    return edit ? { edit } : { error: "the language server gave an edit VS Code cannot read" };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.statusChanges.dispose();
    this.readyChanges.dispose();
    const client = this.client;
    this.client = null;
    if (client && client.state !== State.Stopped) await client.stop(2_000).catch(() => undefined);
  }
}
