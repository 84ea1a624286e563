// A real LSP client for the tests: spawns dist/server.js over stdio, speaks the protocol with
// vscode-languageserver-protocol, records publishDiagnostics and keystroke/status, and lets a test
// wait for a condition on them with a deadline (never a fixed sleep).
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  ConfigurationRequest,
  createProtocolConnection,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  HoverRequest,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  ShowMessageNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type MarkupContent,
  type Position,
  type ProtocolConnection,
  type ShowMessageParams,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol/node";
import { STATUS_NOTIFICATION, type StatusParams } from "../../server/core/schema";
import { SERVER_NODE_FLAGS } from "../../server/lsp/node-flags";

export const ROOT = process.cwd();
export const SERVER = path.join(ROOT, "dist/server.js");
export const FIXTURES = path.join(ROOT, "test/lsp/fixtures");
const DEFAULT_DEADLINE_MS = 10_000;

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/** A private copy of a fixture (tests edit files) and an empty store directory, both temporary. */
export function tempWorkspace(fixture: string): { dir: string; store: string; cleanup: () => void } {
  const base = mkdtempSync(path.join(os.tmpdir(), "ks-lsp-"));
  const dir = path.join(base, fixture);
  cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
  const store = path.join(base, "store");
  return { dir, store, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

export interface StartOptions {
  folders: string[];
  storeDir: string;
  settings?: Record<string, unknown>;
  initializationOptions?: Record<string, unknown>;
  /** Runs between the initialize response and the initialized notification. */
  beforeInitialized?: (connection: ProtocolConnection) => Promise<void>;
}

export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  readonly messages: ShowMessageParams[] = [];
  readonly publishedAt: number[] = [];
  status: StatusParams | null = null;
  settings: Record<string, unknown>;
  stderr = "";
  private readonly waiters = new Set<Waiter>();
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
    child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.publishedAt.push(performance.now());
      this.diagnostics.set(p.uri, p.diagnostics);
      this.wake();
    });
    connection.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
      this.status = p;
      this.wake();
    });
    connection.onNotification(ShowMessageNotification.type, (p) => {
      this.messages.push(p);
      this.wake();
    });
    connection.onRequest(ConfigurationRequest.type, (p) => p.items.map(() => this.settings));
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest("workspace/codeLens/refresh", () => null);
    connection.onRequest("window/workDoneProgress/create", () => null);
    connection.listen();
  }

  static async start(options: StartOptions): Promise<LspClient> {
    const child = spawn(process.execPath, [...SERVER_NODE_FLAGS, SERVER, "--stdio"], {
      cwd: ROOT,
      env: { ...process.env, KEYSTROKE_CREDENTIALS_HOME: options.storeDir },
    });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection, options.settings ?? {});
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: options.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      initializationOptions: { storeDir: options.storeDir, ...options.initializationOptions },
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          didChangeConfiguration: { dynamicRegistration: true },
          codeLens: { refreshSupport: true },
        },
        textDocument: { publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true } },
      },
    });
    await options.beforeInitialized?.(connection);
    await connection.sendNotification(InitializedNotification.type, {});
    return client;
  }

  /** Resolves once `predicate` holds on the client's latest state; rejects at the deadline. */
  waitFor(what: string, predicate: () => boolean, deadlineMs = DEFAULT_DEADLINE_MS): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: predicate,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out after ${deadlineMs} ms waiting for ${what}\nstatus: ${JSON.stringify(this.status)}\nserver stderr: ${this.stderr.slice(-2000)}`));
      }, deadlineMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits until the latest diagnostics of `file` satisfy `predicate`, and returns them. */
  async waitForDiagnostics(file: string, predicate: (d: Diagnostic[]) => boolean, deadlineMs?: number): Promise<Diagnostic[]> {
    const uri = uriOf(file);
    await this.waitFor(`diagnostics of ${path.basename(file)} (now ${JSON.stringify(this.codes(file))})`, () => predicate(this.diagnostics.get(uri) ?? []), deadlineMs);
    return this.diagnostics.get(uri) ?? [];
  }

  async waitForStatus(predicate: (s: StatusParams) => boolean, deadlineMs?: number): Promise<StatusParams> {
    await this.waitFor("keystroke/status", () => this.status !== null && predicate(this.status), deadlineMs);
    return this.status!;
  }

  codes(file: string): string[] {
    return (this.diagnostics.get(uriOf(file)) ?? []).map((d) => String(d.code)).sort();
  }

  open(file: string, text = readFileSync(file, "utf8")): Promise<void> {
    const uri = uriOf(file);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    return this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "typescript", version: 1, text },
    });
  }

  /** Full-text change of an open document. */
  setText(file: string, text: string): Promise<void> {
    const uri = uriOf(file);
    if (!this.texts.has(uri)) throw new Error(`${file} is not open`);
    this.texts.set(uri, text);
    return this.change(uri, [{ text }]);
  }

  /** Incremental change: replaces the first occurrence of `find` with `replace`. */
  replace(file: string, find: string, replace: string): Promise<void> {
    const uri = uriOf(file);
    const text = this.texts.get(uri);
    if (text === undefined) throw new Error(`${file} is not open`);
    const offset = text.indexOf(find);
    if (offset < 0) throw new Error(`"${find}" not in ${file}`);
    const start = positionAt(text, offset);
    const end = positionAt(text, offset + find.length);
    this.texts.set(uri, text.slice(0, offset) + replace + text.slice(offset + find.length));
    return this.change(uri, [{ range: { start, end }, text: replace }]);
  }

  text(file: string): string {
    return this.texts.get(uriOf(file)) ?? readFileSync(file, "utf8");
  }

  /** The markdown of the hover at `position` in `file`, or null when the server gives none. */
  async hover(file: string, position: Position): Promise<string | null> {
    const hover = await this.connection.sendRequest(HoverRequest.type, { textDocument: { uri: uriOf(file) }, position });
    return hover ? (hover.contents as MarkupContent).value : null;
  }

  private change(uri: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    return this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), exited]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The connection may already be gone; the kill below covers it.
    }
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 3000);
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }

  private wake(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }
}

export function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1) };
}
