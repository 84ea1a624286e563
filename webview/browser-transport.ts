// The browser half of "one UI, two transports": the same methods as the VS Code host, answered by
// the dev server's HTTP API on this page's own origin. The page arrives with a single-use link
// code, trades it once for a session secret (kept in this tab's sessionStorage, which never
// reaches the profile on disk) and sends that in X-Keystroke-Session, which the browser adds to
// no other request; see server/devserver/browser-session.ts.
import {
  ApiErrorBody,
  SessionExchangeResponse,
  StoreEvent,
  WebviewState,
  type HostEvent,
  type MethodParams,
  type MethodResult,
  type WebviewMethod,
} from "../server/core/schema";
import { TransportError, parseResult, type Transport } from "./transport";

// Relative: the page also works path-proxied (code-server serves it at /proxy/<port>/).
const API = "api/v1";
const STATE_KEY = "keystroke-credentials.ui";
const SESSION_KEY = "keystroke-credentials.session";
const SESSION_HEADER = "X-Keystroke-Session";
const NEW_LINK = "Open a new link from VS Code (“Keystroke: Open Credential Manager in Browser”) or with `keystroke-credentials open`.";
const RECONNECT_MS = 2_000;

interface HttpCall {
  method: "GET" | "PUT" | "PATCH" | "DELETE" | "POST";
  path: string;
  body?: unknown;
}

/** The HTTP request behind each method; null = answered in the page itself. */
export function httpCallFor<M extends WebviewMethod>(method: M, params: MethodParams<M>): HttpCall | null {
  const p = params as Record<string, unknown>;
  const id = typeof p.id === "string" ? encodeURIComponent(p.id) : "";
  switch (method) {
    case "health":
      return { method: "GET", path: "/health" };
    case "list":
      return { method: "GET", path: "/credentials" };
    case "put":
      return { method: "PUT", path: "/credentials", body: params };
    case "patch":
      return { method: "PATCH", path: `/credentials/${id}`, body: p.body };
    case "remove":
      return { method: "DELETE", path: `/credentials/${id}` };
    case "reveal":
      return { method: "POST", path: `/credentials/${id}/reveal` };
    case "importDotenv":
      return { method: "POST", path: "/import/dotenv", body: params };
    case "requirements":
      return { method: "GET", path: "/requirements" };
    case "cloud":
      return { method: "GET", path: "/cloud" };
    case "refreshCloud":
      return { method: "POST", path: "/cloud/refresh" };
    case "push":
      return { method: "POST", path: "/cloud/push", body: params };
    default:
      return null;
  }
}

export class BrowserTransport implements Transport {
  private readonly listeners: ((event: HostEvent) => void)[] = [];
  private streaming = false;
  private session: Promise<string> | null = null;

  async call<M extends WebviewMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    switch (method) {
      case "capabilities":
        return parseResult(method, { push: { enabled: true }, openLocation: false, storeDisabled: null });
      case "openLocation":
        throw new TransportError({ code: "unsupported", message: "Opening code works in VS Code only." });
      case "selectProject":
        throw new TransportError({ code: "unsupported", message: "This page belongs to one dev server, which resolves for one project; pick another in VS Code." });
      case "connect":
        throw new TransportError({ code: "unsupported", message: "Connecting runs the keystroke CLI in VS Code; here, copy the command and run it in the project." });
      case "copy":
        await this.copy((params as MethodParams<"copy">).text);
        return parseResult(method, { ok: true });
    }
    const http = httpCallFor(method, params)!;
    const result = parseResult(method, await this.fetchJson(http));
    if (method === "list") this.ensureEvents();
    // The requirements' cloud status comes from the listing the server holds: a new one changes it.
    if (method === "cloud" || method === "refreshCloud") this.emit({ kind: "requirements" });
    return result;
  }

  onEvent(listener: (event: HostEvent) => void): void {
    this.listeners.push(listener);
  }

  loadState(): WebviewState {
    try {
      const parsed = WebviewState.safeParse(JSON.parse(sessionStorage.getItem(STATE_KEY) ?? "null"));
      return parsed.success ? parsed.data : { collapsed: [] };
    } catch {
      return { collapsed: [] };
    }
  }

  saveState(state: WebviewState): void {
    sessionStorage.setItem(STATE_KEY, JSON.stringify(WebviewState.parse(state)));
  }

  /** This tab's session: from sessionStorage, else traded once for the link's code. */
  private sessionSecret(): Promise<string> {
    this.session ??= this.establishSession().catch((error: unknown) => {
      this.session = null;
      throw error;
    });
    return this.session;
  }

  private async establishSession(): Promise<string> {
    const code = new URLSearchParams(location.search).get("code");
    // The code is spent either way: take it out of the address bar (and so the history entry).
    if (code !== null) history.replaceState(null, "", location.pathname);
    if (code === null) {
      const stored = sessionStorage.getItem(SESSION_KEY);
      if (stored !== null) return stored;
      throw new TransportError({ code: "unauthorized", message: `This tab has no session. ${NEW_LINK}` });
    }
    const response = await this.send("/session", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ code }) });
    const json: unknown = await response.json().catch(() => undefined);
    const parsed = SessionExchangeResponse.safeParse(json);
    if (!response.ok || !parsed.success) {
      const error = ApiErrorBody.safeParse(json);
      throw new TransportError({ code: "unauthorized", message: error.success ? error.data.error.message : `This link did not open a session. ${NEW_LINK}` });
    }
    sessionStorage.setItem(SESSION_KEY, parsed.data.session);
    return parsed.data.session;
  }

  private async authorizedHeaders(extra: Record<string, string>): Promise<Record<string, string>> {
    return { ...extra, [SESSION_HEADER]: await this.sessionSecret() };
  }

  private async send(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${API}${path}`, { ...init, credentials: "omit", cache: "no-store" });
    } catch {
      throw new TransportError({
        code: "unreachable",
        message: "Cannot reach the local dev server. Start it again (`keystroke-credentials serve`, or reload VS Code's Keystroke view) and open a new link.",
      });
    }
  }

  private async fetchJson(call: HttpCall): Promise<unknown> {
    const headers = await this.authorizedHeaders({ Accept: "application/json", ...(call.body !== undefined ? { "Content-Type": "application/json" } : {}) });
    const response = await this.send(call.path, { method: call.method, headers, ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}) });
    const json: unknown = await response.json().catch(() => undefined);
    if (response.ok) return json;
    const error = ApiErrorBody.safeParse(json);
    if (response.status === 401) {
      sessionStorage.removeItem(SESSION_KEY);
      throw new TransportError({ code: "unauthorized", message: error.success ? error.data.error.message : `This page's session has ended. ${NEW_LINK}` });
    }
    if (response.status === 404 && call.path.startsWith("/cloud"))
      throw new TransportError({ code: "unsupported", message: "This dev server cannot reach the cloud; push from VS Code or run `keystroke credentials set` in a terminal (Copy CLI gives the command)." });
    throw new TransportError(error.success ? error.data.error : { code: "http_error", message: `The dev server answered HTTP ${response.status}.` });
  }

  /**
   * Store events over a fetch stream (EventSource cannot send the session header), reconnecting
   * after an outage the way EventSource would; a refused session stops it with the reason.
   */
  private ensureEvents(): void {
    if (this.streaming) return;
    this.streaming = true;
    void this.followEvents(false);
  }

  private async followEvents(wasDown: boolean): Promise<void> {
    let down = wasDown;
    for (;;) {
      let status = 0;
      try {
        const response = await this.send("/events", { headers: await this.authorizedHeaders({ Accept: "text/event-stream" }) });
        status = response.status;
        if (response.ok && response.body) {
          if (down) this.emit({ kind: "connection", up: true, message: null });
          down = false;
          await this.readEvents(response.body);
        }
      } catch (error) {
        if (error instanceof TransportError && error.error.code === "unauthorized") status = 401;
      }
      if (status === 401) {
        sessionStorage.removeItem(SESSION_KEY);
        this.emit({ kind: "connection", up: false, message: `This page's session has ended. ${NEW_LINK}` });
        this.streaming = false;
        return;
      }
      // Tell the UI once per outage.
      if (!down) this.emit({ kind: "connection", up: false, message: "Lost the connection to the local dev server; reconnecting…" });
      down = true;
      await new Promise((r) => setTimeout(r, RECONNECT_MS));
    }
  }

  private async readEvents(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        this.dispatch(block);
      }
    }
  }

  private dispatch(block: string): void {
    const data = block
      .split("\n")
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).trimStart())
      .join("\n");
    if (data === "") return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = StoreEvent.safeParse(json);
    if (!parsed.success) return;
    this.emit({ kind: "store", event: parsed.data });
    // In VS Code the language server re-sends requirements after a store change; here, ask again.
    this.emit({ kind: "requirements" });
  }

  private emit(event: HostEvent): void {
    for (const l of this.listeners) l(event);
  }

  private async copy(text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      throw new TransportError({ code: "clipboard", message: `The browser refused clipboard access. The command is: ${text}` });
    }
  }
}
