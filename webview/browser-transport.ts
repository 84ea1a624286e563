// The browser half of "one UI, two transports": the same methods as the VS Code host, answered by
// the dev server's HTTP API on this page's own origin (the HttpOnly cookie set from the printed
// URL authenticates every request; no token is visible to this script).
import {
  ApiErrorBody,
  StoreEvent,
  WebviewState,
  type HostEvent,
  type MethodParams,
  type MethodResult,
  type WebviewMethod,
} from "../server/core/schema";
import { TransportError, parseResult, type Transport } from "./transport";

const API = "/api/v1";
const STATE_KEY = "keystroke-credentials.ui";

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
  private source: EventSource | null = null;

  async call<M extends WebviewMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    switch (method) {
      case "capabilities":
        return parseResult(method, { push: { enabled: true }, openLocation: false, storeDisabled: null });
      case "openLocation":
        throw new TransportError({ code: "unsupported", message: "Opening code works in VS Code only." });
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

  private async fetchJson(call: HttpCall): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${API}${call.path}`, {
        method: call.method,
        credentials: "same-origin",
        headers: { Accept: "application/json", ...(call.body !== undefined ? { "Content-Type": "application/json" } : {}) },
        ...(call.body !== undefined ? { body: JSON.stringify(call.body) } : {}),
      });
    } catch {
      throw new TransportError({
        code: "unreachable",
        message: "Cannot reach the local dev server. Start it again (`keystroke-credentials serve`, or reload VS Code's Keystroke view) and open the URL it prints.",
      });
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (response.ok) return json;
    const error = ApiErrorBody.safeParse(json);
    if (response.status === 401)
      throw new TransportError({ code: "unauthorized", message: "This page's access has expired (the server restarted?). Open the URL the server printed, or run “Keystroke: Open Credential Manager in Browser” again." });
    if (response.status === 404 && call.path.startsWith("/cloud"))
      throw new TransportError({ code: "unsupported", message: "This dev server cannot reach the cloud; push from VS Code or run `keystroke credentials set` in a terminal (Copy CLI gives the command)." });
    throw new TransportError(error.success ? error.data.error : { code: "http_error", message: `The dev server answered HTTP ${response.status}.` });
  }

  private ensureEvents(): void {
    if (this.source) return;
    const source = new EventSource(`${API}/events`, { withCredentials: true });
    this.source = source;
    let wasDown = false;
    source.onopen = () => {
      if (wasDown) this.emit({ kind: "connection", up: true, message: null });
      wasDown = false;
    };
    source.onmessage = (e: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(e.data);
      } catch {
        return;
      }
      const parsed = StoreEvent.safeParse(data);
      if (!parsed.success) return;
      this.emit({ kind: "store", event: parsed.data });
      // In VS Code the language server re-sends requirements after a store change; here, ask again.
      this.emit({ kind: "requirements" });
    };
    source.onerror = () => {
      // EventSource reconnects by itself; tell the UI once per outage.
      if (wasDown) return;
      wasDown = true;
      this.emit({ kind: "connection", up: false, message: "Lost the connection to the local dev server; reconnecting…" });
    };
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
