// The language server's state and its wiring to the connection. Analysis lives in core; this
// keeps one ProjectIndex per Keystroke project, feeds it editor or disk text, re-analyses what an
// edit can change, and publishes only diagnostics that changed. All state changes run one at a
// time through `enqueue`, so a reload, an edit and a store update never interleave.
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type FileEvent,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver/node";
import type { z } from "zod";
import { TextDocument } from "vscode-languageserver-textdocument";
import {
  CLOUD_SNAPSHOT_NOTIFICATION,
  CloudSnapshotNotification,
  describeZodError,
  AGENT_TOOL_REQUEST,
  MOVE_SELECTION_ARGS_REQUEST,
  MOVE_TO_CREDENTIAL_EDIT_REQUEST,
  MoveSelectionArgsParams,
  MoveToCredentialEditParams,
  type AgentToolResult,
  type MoveSelectionArgsResult,
  REQUIREMENTS_REQUEST,
  STATUS_NOTIFICATION,
  type RequirementsResult,
  type StatusParams,
  type Target,
} from "../core/schema";
import { defaultStoreDir } from "../store/paths";
import { CONFIG_FILE } from "../core/analysis";
import { isAnalyzableFile, matchesExclude, MAX_FILE_BYTES } from "../workspace";
import { answerAgentTool } from "./agent-tools";
import { codeActions } from "./code-actions";
import { codeLenses } from "./code-lens";
import { completions } from "./completion";
import { hover } from "./hover";
import { LocalDevServerFollower, type LocalReport } from "./local-target";
import { references, workspaceSymbols } from "./navigation";
import { moveSelectionArgs, moveToCredentialEdit, type MoveToCredentialEditResult } from "./move-to-credential";
import { ProjectAnalysis } from "./project-analysis";
import { errorMessage } from "../core/error-message";
import { plural } from "../core/plural";
import { Project } from "./projects";
import { findProjectRoots } from "../workspace/project-roots";
import { DiagnosticsPublisher } from "./publisher";
import { allRequirements } from "./requirements";
import { DEFAULT_SETTINGS, InitializationOptions, parseSettings, type Settings } from "./settings";
import { Targets } from "./targets";
import { relativeTo, uriToPath } from "./uris";
import type { Located, ServerView } from "./view";

/**
 * Edits arriving within this window are analysed together. Kept tiny: an incremental pass takes
 * a few ms on 2,000 actions (bench/lsp.ts), edits that arrive during a pass are coalesced anyway,
 * and the didChange → publishDiagnostics budget (p95 30 ms) includes this wait.
 */
const EDIT_DEBOUNCE_MS = 3;
const WATCHED_GLOBS = ["**/*.{ts,tsx,mts,cts,js,mjs,cjs}", "**/tsconfig.json", `**/${CONFIG_FILE}`];

export class KeystrokeServer implements ServerView {
  readonly targets = new Targets("the local dev server has not been contacted yet");
  private readonly documents = new TextDocuments(TextDocument);
  private readonly publisher: DiagnosticsPublisher;
  private settings: Settings = DEFAULT_SETTINGS;
  private initOptions: InitializationOptions = {};
  private folders: string[] = [];
  /** Deepest root first, so a file maps to the innermost project. */
  private projects: Project[] = [];
  private readonly analysesByProject = new Map<Project, ProjectAnalysis>();
  /** Absolute paths of open documents → the client's URI for them. */
  private readonly openUris = new Map<string, string>();
  private pending = new Set<string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private ready = false;
  private lastStatus = "";
  private largeFilesAnnounced = false;
  private follower: LocalDevServerFollower | undefined;
  private capabilities = { configuration: false, watchRegistration: false, configRegistration: false, lensRefresh: false, folders: false };

  constructor(private readonly connection: Connection) {
    this.publisher = new DiagnosticsPublisher(connection);
    this.targets.onChange((target) => this.onTargetChange(target));
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => void this.initialized().catch((error: unknown) => this.log(`initialization failed: ${errorMessage(error)}`)));
    c.onShutdown(() => this.shutdown());
    c.onDidChangeConfiguration((params) => void this.enqueue("settings", () => this.reloadSettings(params.settings)));
    c.onDidChangeWatchedFiles((params) => this.guard("watched files", () => this.onWatchedFiles(params.changes)));
    c.onNotification(CLOUD_SNAPSHOT_NOTIFICATION, (params: unknown) => this.guard("cloud snapshot", () => this.onCloudSnapshot(params)));
    const noRequirements: RequirementsResult = { requirements: [] };
    c.onRequest(REQUIREMENTS_REQUEST, () => this.answer("requirements", noRequirements, () => allRequirements(this)));
    c.onRequest(AGENT_TOOL_REQUEST, (raw: unknown) => this.answer("agent tool", { error: "the request could not be answered" } as AgentToolResult, () => answerAgentTool(this, raw)));
    c.onRequest(MOVE_SELECTION_ARGS_REQUEST, (raw: unknown) => this.answer("move selection to a credential", { error: "the request could not be answered" } as MoveSelectionArgsResult, () => this.onDocument(MoveSelectionArgsParams, raw, (p, located, text) => moveSelectionArgs(located, text, p.uri, p.range))));
    c.onRequest(MOVE_TO_CREDENTIAL_EDIT_REQUEST, (raw: unknown) => this.answer("move to a credential", { error: "the request could not be answered" } as MoveToCredentialEditResult, () => this.onDocument(MoveToCredentialEditParams, raw, (p, located, text) => moveToCredentialEdit(located, text, p))));
    c.onHover((p) => this.answer("hover", null, () => hover(this, p)));
    c.onCodeAction((p) => this.answer("code actions", [], () => codeActions(this, p)));
    c.onCodeLens((p) => this.answer("code lenses", [], () => codeLenses(this, p)));
    c.onCompletion((p) => this.answer("completion", [], () => completions(this, p)));
    c.onReferences((p) => this.answer("references", [], () => references(this, p)));
    c.onWorkspaceSymbol((p) => this.answer("workspace symbols", [], () => workspaceSymbols(this, p)));
    this.documents.onDidOpen((e) =>
      this.guard("open", () => {
        const file = uriToPath(e.document.uri);
        if (file) this.openUris.set(file, e.document.uri);
      }),
    );
    this.documents.onDidChangeContent((e) => this.guard("change", () => this.noteChange(e.document.uri)));
    this.documents.onDidClose((e) =>
      this.guard("close", () => {
        const file = uriToPath(e.document.uri);
        if (file) this.openUris.delete(file);
        this.noteChange(e.document.uri); // back to the disk's text
      }),
    );
    this.documents.listen(c);
    c.listen();
  }

  // ---- ServerView: what the feature modules read ----------------------------------------------

  analyses(): ProjectAnalysis[] {
    return [...this.analysesByProject.values()];
  }

  locate(uri: string): Located | null {
    const absolute = uriToPath(uri);
    if (!absolute) return null;
    const project = this.projectFor(absolute);
    const analysis = project && this.analysesByProject.get(project);
    const file = project && project.fileOf(absolute);
    return analysis && file ? { analysis, file, uri } : null;
  }

  text(uri: string): string | null {
    return this.documents.get(uri)?.getText() ?? null;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  private initialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.capabilities = {
      configuration: caps.workspace?.configuration === true,
      watchRegistration: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      configRegistration: caps.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      lensRefresh: caps.workspace?.codeLens?.refreshSupport === true,
      folders: caps.workspace?.workspaceFolders === true,
    };
    this.initOptions = InitializationOptions.parse(params.initializationOptions ?? {});
    const folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    this.folders = folderUris.map((uri) => uriToPath(uri)).filter((p): p is string => p !== null);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        completionProvider: { triggerCharacters: ['"', "'", "`"] },
        referencesProvider: true,
        workspaceSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: "keystroke-credentials" },
    };
  }

  private async initialized(): Promise<void> {
    if (this.capabilities.watchRegistration) {
      void this.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) })
        .catch((error: unknown) => this.log(`could not register file watching: ${errorMessage(error)}`));
    }
    if (this.capabilities.configRegistration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: "keystroke" }).catch(() => undefined);
    }
    if (this.capabilities.folders) {
      this.connection.workspace.onDidChangeWorkspaceFolders((e) =>
        this.enqueue("workspace folders", async () => {
          const removed = new Set(e.removed.map((f) => uriToPath(f.uri)));
          const added = e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== null);
          this.folders = [...this.folders.filter((f) => !removed.has(f)), ...added];
          for (const folder of removed) if (folder) this.dropFolder(folder);
          for (const folder of added) await this.loadFolder(folder);
          this.analyzeAll();
        }),
      );
    }
    await this.enqueue("initial indexing", async () => {
      this.settings = await this.pullSettings();
      this.follower = new LocalDevServerFollower(this.storeDir(), (r) => this.onLocalReport(r), (m) => this.log(m));
      this.follower.start();
      const started = performance.now();
      for (const folder of this.folders) await this.loadFolder(folder);
      this.trace(`read ${this.folders.length} folder(s), ${this.projects.length} project(s) in ${Math.round(performance.now() - started)} ms, rss ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
      this.ready = true;
      this.analyzeAll();
    });
  }

  private shutdown(): void {
    clearTimeout(this.flushTimer);
    this.follower?.dispose();
  }

  // ---- projects --------------------------------------------------------------------------------

  private async loadFolder(folder: string): Promise<void> {
    for (const root of await findProjectRoots(folder)) {
      try {
        const project = Project.load(folder, root, this.settings.exclude, this.settings.allowedEnv, (m) => this.log(m));
        this.projects.push(project);
        this.announceSkipped(project);
        for (const [absolute, uri] of this.openUris) {
          const file = this.ownedFile(absolute);
          const text = this.text(uri);
          if (file?.project === project && text !== null && text.length <= MAX_FILE_BYTES) project.setFile(file.file, text);
        }
      } catch (error) {
        this.log(`could not index ${root}: ${errorMessage(error)}`);
      }
    }
    this.projects.sort((a, b) => b.root.length - a.root.length);
  }

  private dropFolder(folder: string): void {
    for (const project of this.projects.filter((p) => p.folder === folder)) {
      this.analysesByProject.delete(project);
      this.publisher.clearRoot(project.root);
    }
    this.projects = this.projects.filter((p) => p.folder !== folder);
  }

  private async reloadFolder(folder: string): Promise<void> {
    const before = new Set(this.projects.filter((p) => p.folder === folder).map((p) => p.root));
    for (const project of this.projects.filter((p) => p.folder === folder)) this.analysesByProject.delete(project);
    this.projects = this.projects.filter((p) => p.folder !== folder);
    await this.loadFolder(folder);
    for (const root of before) if (!this.projects.some((p) => p.root === root)) this.publisher.clearRoot(root);
  }

  private projectFor(absolute: string): Project | undefined {
    return this.projects.find((p) => p.fileOf(absolute) !== null);
  }

  /** The project file an absolute path is, when it is one the analyzer should read. */
  private ownedFile(absolute: string): { project: Project; file: string } | null {
    const project = this.projectFor(absolute);
    const file = project && project.fileOf(absolute);
    if (!project || !file || !isAnalyzableFile(file) || matchesExclude(file, this.settings.exclude)) return null;
    // Discovery skips dot-directories (.git, .vscode): files there are not project sources.
    if (file.split("/").some((part) => part.startsWith("."))) return null;
    return { project, file };
  }

  private announceSkipped(project: Project): void {
    if (project.skipped.length === 0) return;
    const list = project.skipped.map((s) => `${s.file} (${s.reason})`).join(", ");
    this.log(`skipped in ${project.root}: ${list}`);
    if (this.largeFilesAnnounced) return;
    this.largeFilesAnnounced = true;
    // A notification, not window/showMessageRequest: nothing to answer, nothing left pending.
    void this.connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Info,
      message: `Keystroke: ${plural(project.skipped.length, "file")} ${project.skipped.length === 1 ? "was" : "were"} not analysed (larger than 2 MB or unreadable): ${list}. Later ones are listed in the Keystroke output.`,
    });
  }

  // ---- analysis and publishing -------------------------------------------------------------------

  /**
   * Analyses a project: fully, or after an edit only the `changed` files and their dependents
   * (returned as the scope to publish). A failure keeps the previous result.
   */
  private analyze(project: Project, changed?: readonly string[]): { analysis: ProjectAnalysis; scope?: Set<string> } {
    const model = project.model(changed);
    const inputs = this.targets.inputsFor(project.root);
    const previous = this.analysesByProject.get(project);
    try {
      const scope = changed && previous ? new Set(changed.flatMap((f) => project.dependents(f))) : undefined;
      const analysis = scope && previous ? previous.update(model, inputs, scope) : ProjectAnalysis.compute(project, model, inputs);
      this.analysesByProject.set(project, analysis);
      return scope ? { analysis, scope } : { analysis };
    } catch (error) {
      this.log(`computing findings for ${project.root} failed: ${errorMessage(error)}`);
      return { analysis: previous ?? ProjectAnalysis.empty(project, model, inputs) };
    }
  }

  /** Re-analyses every project and publishes whatever changed (store, settings, reloads). */
  private analyzeAll(): void {
    if (!this.ready) return;
    for (const project of this.projects) {
      const started = performance.now();
      const { analysis } = this.analyze(project);
      const analysed = performance.now();
      const sent = this.publisher.publish(analysis, this.settings);
      this.trace(`${project.root}: analysis ${(analysed - started).toFixed(0)} ms, ${sent} publish(es) ${(performance.now() - analysed).toFixed(0)} ms, rss ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
    }
    this.sendStatus();
    if (this.capabilities.lensRefresh) void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
  }

  private noteChange(uri: string): void {
    const absolute = uriToPath(uri);
    if (!absolute) return;
    this.pending.add(absolute);
    clearTimeout(this.flushTimer);
    this.flushTimer = setTimeout(() => void this.enqueue("edit", () => this.flush()), EDIT_DEBOUNCE_MS);
  }

  /** Answers feature requests on the latest text: runs a pending re-analysis now. */
  private async settle(): Promise<void> {
    if (this.pending.size > 0) {
      clearTimeout(this.flushTimer);
      void this.enqueue("edit", () => this.flush());
    }
    await this.queue;
  }

  private async flush(): Promise<void> {
    if (!this.ready || this.pending.size === 0) return;
    const started = performance.now();
    const batch = this.pending;
    this.pending = new Set();
    const changed = new Map<Project, string[]>();
    for (const absolute of batch) {
      const owned = this.ownedFile(absolute);
      if (!owned) continue;
      await this.syncFile(owned.project, owned.file, absolute);
      const files = changed.get(owned.project);
      if (files) files.push(owned.file);
      else changed.set(owned.project, [owned.file]);
    }
    let sent = 0;
    for (const [project, files] of changed) {
      const { analysis, scope } = this.analyze(project, files);
      sent += this.publisher.publish(analysis, this.settings, scope);
    }
    this.sendStatus();
    const names = [...changed.values()].flat();
    this.trace(`re-analysed ${batch.size} changed file(s) (${names.slice(0, 5).join(", ")}${names.length > 5 ? ", …" : ""}), ${sent} publish(es) in ${(performance.now() - started).toFixed(1)} ms`);
  }

  /** Gives the index the editor's text for open files, the disk's for closed ones. */
  private async syncFile(project: Project, file: string, absolute: string): Promise<void> {
    const uri = this.openUris.get(absolute);
    const open = uri === undefined ? null : this.text(uri);
    if (open !== null) {
      if (open.length > MAX_FILE_BYTES) this.skipLarge(project, file);
      else project.setFile(file, open);
      return;
    }
    try {
      const info = await stat(absolute);
      if (info.size > MAX_FILE_BYTES) return this.skipLarge(project, file);
      project.setFile(file, await readFile(absolute, "utf8"));
    } catch {
      project.removeFile(file); // deleted (or unreadable): its findings go
    }
  }

  private skipLarge(project: Project, file: string): void {
    this.log(`skipped ${path.join(project.root, file)}: larger than 2 MB`);
    project.removeFile(file);
  }

  private sendStatus(): void {
    if (!this.ready) return;
    const analyses = this.analyses();
    const count = (target: Target) => analyses.reduce((n, a) => n + a.missingCount(target), 0);
    const status: StatusParams = {
      targets: { local: this.targets.view("local").state, cloud: this.targets.view("cloud").state },
      missing: { local: count("local"), cloud: count("cloud") },
      requirements: analyses.reduce((n, a) => n + a.model.requirements.length, 0),
    };
    const serialized = JSON.stringify(status);
    if (serialized === this.lastStatus) return;
    this.lastStatus = serialized;
    void this.connection.sendNotification(STATUS_NOTIFICATION, status);
  }

  // ---- inputs from outside the editor --------------------------------------------------------------

  private onWatchedFiles(changes: FileEvent[]): void {
    const reloads = new Set<string>();
    for (const change of changes) {
      const absolute = uriToPath(change.uri);
      if (!absolute) continue;
      const name = path.basename(absolute);
      const folder = this.folders.find((f) => f === absolute || relativeTo(f, absolute) !== null);
      // A config file appearing or going changes which projects exist; tsconfig changes path mapping.
      const structural = name === "tsconfig.json" || (name === CONFIG_FILE && change.type !== FileChangeType.Changed);
      if (structural && folder) reloads.add(folder);
      else if (!this.openUris.has(absolute)) this.noteChange(change.uri); // open files follow the editor
    }
    for (const folder of reloads) {
      void this.enqueue("reload", async () => {
        await this.reloadFolder(folder);
        this.analyzeAll();
      });
    }
  }

  private onCloudSnapshot(params: unknown): void {
    const parsed = CloudSnapshotNotification.safeParse(params);
    if (!parsed.success) {
      this.log(`ignored a cloud listing it could not read: ${describeZodError(parsed.error)}`);
      return;
    }
    this.targets.setCloudRoot(parsed.data.root ?? null);
    if (parsed.data.snapshot) this.targets.setSnapshot("cloud", parsed.data.snapshot);
    else this.targets.setUnchecked("cloud", "reason" in parsed.data ? parsed.data.reason : "the cloud could not be listed");
  }

  private onLocalReport(report: LocalReport): void {
    if ("snapshot" in report) this.targets.setSnapshot("local", report.snapshot);
    else this.targets.setUnchecked("local", report.unchecked);
  }

  private targetChangeQueued = false;

  /** Store updates arrive in bursts (an import touches many entries): one re-analysis per burst. */
  private onTargetChange(target: Target): void {
    this.trace(`${target} target: ${JSON.stringify(this.targets.view(target).state)}`);
    if (this.targetChangeQueued) return;
    this.targetChangeQueued = true;
    void this.enqueue("store change", () => {
      this.targetChangeQueued = false;
      this.analyzeAll();
    });
  }

  /** `pushed` is the notification's payload, used only by clients without workspace/configuration. */
  private async reloadSettings(pushed: unknown): Promise<void> {
    const previous = this.settings;
    if (!this.capabilities.configuration && typeof pushed === "object" && pushed !== null && "keystroke" in pushed) {
      this.initOptions = { ...this.initOptions, settings: pushed.keystroke };
    }
    this.settings = await this.pullSettings();
    this.follower?.restart(this.storeDir());
    if (JSON.stringify(previous.exclude) !== JSON.stringify(this.settings.exclude)) {
      for (const folder of this.folders) await this.reloadFolder(folder);
    } else if (JSON.stringify(previous.allowedEnv) !== JSON.stringify(this.settings.allowedEnv)) {
      for (const project of this.projects) project.setAllowedEnv(this.settings.allowedEnv);
    }
    this.analyzeAll();
  }

  /** The "keystroke" section: pulled from the client, else the last one pushed or given at start. */
  private async pullSettings(): Promise<Settings> {
    let raw: unknown = this.initOptions.settings;
    if (this.capabilities.configuration) {
      try {
        raw = await this.connection.workspace.getConfiguration("keystroke");
      } catch (error) {
        this.log(`could not read the keystroke settings, using defaults: ${errorMessage(error)}`);
      }
    }
    const { settings, problem } = parseSettings(raw);
    if (problem) this.log(`invalid keystroke settings, using defaults: ${problem}`);
    return settings;
  }

  private storeDir(): string {
    return this.settings.devServer.storeDir ?? this.initOptions.storeDir ?? defaultStoreDir();
  }

  // ---- plumbing -------------------------------------------------------------------------------------

  private enqueue(label: string, task: () => Promise<void> | void): Promise<void> {
    this.queue = this.queue.then(task).catch((error: unknown) => this.log(`${label} failed: ${errorMessage(error)}`));
    return this.queue;
  }

  /** Runs a notification handler; an exception is logged, never thrown into the connection. */
  private guard(label: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.log(`${label} failed: ${errorMessage(error)}`);
    }
  }

  /** A request about one open document of a project: its params parsed, the document located, else why not. */
  private onDocument<S extends z.ZodType<{ uri: string }>, R>(schema: S, raw: unknown, fn: (params: z.infer<S>, located: Located, text: string) => R): R | { error: string } {
    const params = schema.safeParse(raw);
    if (!params.success) return { error: `invalid request: ${describeZodError(params.error)}` };
    const located = this.locate(params.data.uri);
    const text = this.text(params.data.uri);
    if (!located || text === null) return { error: "the file is not part of an analysed Keystroke project" };
    return fn(params.data, located, text);
  }

  /** Answers a request on settled state; an exception is logged and the fallback returned. */
  private async answer<T>(label: string, fallback: T, fn: () => T): Promise<T> {
    try {
      await this.settle();
      return fn();
    } catch (error) {
      this.log(`${label} failed: ${errorMessage(error)}`);
      return fallback;
    }
  }

  log(message: string): void {
    this.connection.console.log(message);
  }

  private trace(message: string): void {
    if (this.settings.trace.server === "verbose") this.connection.console.log(message);
  }
}
