// The credential manager as an editor panel ("Keystroke: Open Credential Manager"): serves the
// shared UI bundle under a nonce CSP and answers its requests (the VS Code transport of
// server/core/schema/webview.ts). The native views cover lists and actions; the panel is for what
// they cannot do (multi-field forms, the local-versus-cloud comparison, the .env import table).
// A serializer brings an open panel back after a window reload. Every incoming message is parsed
// with the protocol schema; answers carry user-facing messages, never stack traces.
import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import {
  WebviewRequest,
  type HostMessage,
  type MethodParams,
  type MethodResult,
  type UiError,
  type WebviewMethod,
} from "../server/core/schema";
import { DevServerError } from "../server/devserver/client";
import { renderManagerHtml } from "../webview/html";
import { entryLabel } from "../webview/model";
import type { Services } from "./services";
import { showLocation } from "./trees/open-location";
import { MANAGER_PANEL } from "./ids";
import { describeTarget } from "../server/core/push-preview";
import { errorMessage } from "../server/core/error-message";

type Handlers = { [M in WebviewMethod]: (params: MethodParams<M>) => Promise<MethodResult<M>> };

function uiError(error: unknown): UiError {
  if (error instanceof DevServerError) {
    if (error.status === 0)
      return { code: "unreachable", message: `The local dev server is not reachable (${error.message}). It restarts by itself; press Refresh, or see Output › Keystroke.` };
    // The dev server's messages already say what to do (e.g. "unlock your keychain").
    return { code: error.code, message: error.message };
  }
  return { code: "failed", message: errorMessage(error) };
}

export class ManagerViewProvider implements vscode.Disposable {
  private view: vscode.WebviewPanel | null = null;
  private pendingFocus: { key: string; openForm: boolean } | null = null;
  /** The page answers requests only once its script runs: a focus is posted after its first one. */
  private ready = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly services: Services,
    /** "Connect App" for one app (the palette's flow, with the slug given). */
    private readonly connect: (slug: string) => Promise<void>,
    /** "Select Project…" (the palette's flow). */
    private readonly selectProject: () => Promise<void>,
  ) {
    this.disposables.push(services.onDidChange((event) => this.post({ type: "event", event })));
  }

  /** Opens the panel, or brings it to the front; `key` scrolls to that credential, `openForm` opens its Set form. */
  open(key?: string, openForm = false): void {
    if (key !== undefined) this.pendingFocus = { key, openForm };
    if (this.view) {
      this.view.reveal();
      this.flushFocus();
      return;
    }
    const panel = vscode.window.createWebviewPanel(MANAGER_PANEL, "Keystroke Credentials", vscode.ViewColumn.Active, this.options());
    this.restore(panel);
  }

  private options(): vscode.WebviewOptions & vscode.WebviewPanelOptions {
    return { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, "dist", "webview")] };
  }

  /** Fills a panel: a new one, or one VS Code restores after a reload (the serializer). */
  restore(view: vscode.WebviewPanel): void {
    this.view?.dispose();
    this.view = view;
    this.ready = false;
    const root = vscode.Uri.joinPath(this.extensionUri, "dist", "webview");
    view.webview.options = this.options();
    view.iconPath = vscode.Uri.joinPath(this.extensionUri, "media", "keystroke.svg");
    view.webview.html = renderManagerHtml({
      nonce: randomBytes(16).toString("base64"),
      mode: "vscode",
      cspSource: view.webview.cspSource,
      scriptUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, "main.js")).toString(),
      styleUri: view.webview.asWebviewUri(vscode.Uri.joinPath(root, "style.css")).toString(),
    });
    const sub = view.webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw));
    // A hidden panel's page is discarded and loads again when shown: wait for it before posting.
    const visibility = view.onDidChangeViewState(() => {
      if (!view.visible) this.ready = false;
    });
    view.onDidDispose(() => {
      sub.dispose();
      visibility.dispose();
      if (this.view === view) this.view = null;
    });
    // Opening the view is a reason to start the services (the dev server in particular).
    void this.services.ensureStarted();
  }

  private flushFocus(): void {
    if (!this.view || !this.ready || !this.pendingFocus) return;
    const { key, openForm } = this.pendingFocus;
    this.pendingFocus = null;
    this.post({ type: "event", event: { kind: "focus", key, ...(openForm ? { openForm } : {}) } });
  }

  private post(message: HostMessage): void {
    void this.view?.webview.postMessage(message);
  }

  private async receive(raw: unknown): Promise<void> {
    if (!this.ready) {
      this.ready = true;
      queueMicrotask(() => this.flushFocus());
    }
    const parsed = WebviewRequest.safeParse(raw);
    if (!parsed.success) {
      const id = typeof (raw as { id?: unknown })?.id === "number" ? (raw as { id: number }).id : null;
      if (id !== null) this.post({ type: "error", id, error: { code: "invalid_request", message: "The view sent an invalid request; reload it." } });
      return;
    }
    const request = parsed.data as WebviewRequest;
    try {
      const handler = this.handlers[request.method] as (p: unknown) => Promise<unknown>;
      const result = await handler(request.params);
      this.post({ type: "response", id: request.id, ok: true, result });
    } catch (error) {
      this.post({ type: "error", id: request.id, error: uiError(error) });
    }
  }

  private readonly handlers: Handlers = {
    capabilities: async () => this.services.capabilities(),
    health: async () => (await this.services.store()).health(),
    list: async () => ({ entries: await (await this.services.store()).list() }),
    requirements: async () => this.services.requirementsView(),
    cloud: async () => this.services.cloudSnapshot(),
    refreshCloud: async () => this.services.refreshCloud(),
    put: async (body) => (await this.services.store()).put(body),
    patch: async ({ id, body }) => (await this.services.store()).patch(id, body),
    remove: async ({ id }) => {
      await (await this.services.store()).remove(id);
      return { ok: true as const };
    },
    reveal: async ({ id }) => (await this.services.store()).reveal(id),
    importDotenv: async (body) => (await this.services.store()).importDotenv(body),
    push: async ({ id, targets }) => {
      const store = await this.services.store();
      const entry = (await store.list()).find((e) => e.id === id);
      if (!entry) throw new Error("That credential is no longer in the local store; refresh the view.");
      const pushed = await this.services.pushEntry(entry, targets);
      if (!pushed.ok) throw new Error(pushed.error.message);
      return { ok: true as const, message: `Pushed ${entryLabel(entry)} to ${pushed.value.targets.map(describeTarget).join(", ")}` };
    },
    selectProject: async () => {
      await this.selectProject();
      return { ok: true as const };
    },
    connect: async ({ key }) => {
      await this.connect(key);
      return { ok: true as const };
    },
    openLocation: async (location) => {
      await showLocation(location);
      return { ok: true as const };
    },
    copy: async ({ text }) => {
      await vscode.env.clipboard.writeText(text);
      return { ok: true as const };
    },
  };

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
