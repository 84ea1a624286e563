// A small typed client of the dev server, for the language server, the extension and the CLI.
// It finds the server through devserver.json, sends the token, validates every response with the
// shared schemas and turns failures into DevServerError (status 0 = the server is unreachable).
import http from "node:http";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import {
  ApiErrorBody,
  BrowserLinkResponse,
  CloudSnapshotParams,
  CredentialRequestCreated,
  CredentialRequestState,
  DeleteCredentialResponse,
  DevServerInfo,
  HealthResponse,
  ImportDotenvResponse,
  ListCredentialsResponse,
  OkResponse,
  PushResult,
  RequirementsView,
  ResolveResponse,
  RevealResponse,
  Snapshot,
  StoreEntry,
  StoreEvent,
  type CreateCredentialRequestBody,
  type ImportDotenvBody,
  type PatchCredentialBody,
  type PushRequest,
  type PutCredentialBody,
  type Scope,
} from "../core/schema";
// Direct module imports (not ../store's index) keep the keychain's native module out of the
// language server's and extension's bundles.
import { isProcessAlive } from "../store/lock";
import { DEVSERVER_FILE, defaultStoreDir, storeFile } from "../store/paths";

/** The running server of a store, or null when there is none (no file, bad file, dead pid). */
export async function readDevServerInfo(storeDir: string = defaultStoreDir()): Promise<DevServerInfo | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(storeFile(storeDir, DEVSERVER_FILE), "utf8"));
  } catch {
    return null;
  }
  const parsed = DevServerInfo.safeParse(raw);
  if (!parsed.success || !isProcessAlive(parsed.data.pid)) return null;
  return parsed.data;
}

/** Where to connect: a wildcard bind address is reached through loopback. */
function connectHost(host: string): string {
  return host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;
}

function hostHeader(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The manager page's URL with a single-use link code (browser-session.ts); never the token. */
export function pageUrl(info: Pick<DevServerInfo, "host" | "port">, code: string, page: "/" | "/request" = "/"): string {
  return `http://${hostHeader(connectHost(info.host), info.port)}${page}?code=${encodeURIComponent(code)}`;
}

export class DevServerError extends Error {
  override readonly name = "DevServerError";
  constructor(
    /** HTTP status; 0 when the server could not be reached or answered nonsense. */
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ResolveOptions {
  scope?: Scope;
  project?: string;
  /** Include the chosen entry's values (for a local run of an action). */
  values?: boolean;
}

export class DevServerClient {
  private readonly agent = new http.Agent({ keepAlive: true });
  private readonly host: string;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly info: Pick<DevServerInfo, "host" | "port" | "token">,
    private readonly timeoutMs = 15_000,
  ) {
    this.host = connectHost(info.host);
    this.headers = { Host: hostHeader(this.host, info.port), Authorization: `Bearer ${info.token}` };
  }

  health(): Promise<HealthResponse> {
    return this.request("GET", "/health", undefined, HealthResponse);
  }

  async list(): Promise<StoreEntry[]> {
    return (await this.request("GET", "/credentials", undefined, ListCredentialsResponse)).entries;
  }

  /** Creates, or replaces the values of the entry with the same key, scope and project. */
  put(body: PutCredentialBody): Promise<StoreEntry> {
    return this.request("PUT", "/credentials", body, StoreEntry);
  }

  patch(id: string, body: PatchCredentialBody): Promise<StoreEntry> {
    return this.request("PATCH", `/credentials/${encodeURIComponent(id)}`, body, StoreEntry);
  }

  async remove(id: string): Promise<void> {
    await this.request("DELETE", `/credentials/${encodeURIComponent(id)}`, undefined, DeleteCredentialResponse);
  }

  reveal(id: string): Promise<RevealResponse> {
    return this.request("POST", `/credentials/${encodeURIComponent(id)}/reveal`, undefined, RevealResponse);
  }

  /** Lets the page be opened under a remote editor's forwarded origin (code-server's proxy). */
  async allowOrigin(origin: string): Promise<void> {
    await this.request("POST", "/session/origin", { origin }, OkResponse);
  }

  /** A fresh single-use link to the credential manager (each call mints a new one). */
  browserLink(): Promise<BrowserLinkResponse> {
    return this.request("POST", "/session/link", undefined, BrowserLinkResponse);
  }

  snapshot(): Promise<Snapshot> {
    return this.request("GET", "/snapshot", undefined, Snapshot);
  }

  resolve(key: string, options: ResolveOptions = {}): Promise<ResolveResponse> {
    const query = new URLSearchParams({ key });
    if (options.scope !== undefined) query.set("scope", options.scope);
    if (options.project !== undefined) query.set("project", options.project);
    if (options.values === true) query.set("values", "1");
    return this.request("GET", `/resolve?${query}`, undefined, ResolveResponse);
  }

  importDotenv(body: ImportDotenvBody): Promise<ImportDotenvResponse> {
    return this.request("POST", "/import/dotenv", body, ImportDotenvResponse);
  }

  /** A coding agent's request for one credential, with the single-use link of its page. */
  createRequest(body: CreateCredentialRequestBody): Promise<CredentialRequestCreated> {
    return this.request("POST", "/requests", body, CredentialRequestCreated);
  }

  /** A request's state, after the server waited up to `waitSeconds` for it to settle. */
  requestState(id: string, waitSeconds = 0): Promise<CredentialRequestState> {
    return this.request("GET", `/requests/${encodeURIComponent(id)}?wait=${waitSeconds}`, undefined, CredentialRequestState);
  }

  cancelRequest(id: string): Promise<CredentialRequestState> {
    return this.request("DELETE", `/requests/${encodeURIComponent(id)}`, undefined, CredentialRequestState);
  }

  /** The server's cloud listing (the CLI runs once when it holds none); `refresh` lists again. */
  cloud(refresh = false): Promise<CloudSnapshotParams> {
    return refresh ? this.request("POST", "/cloud/refresh", undefined, CloudSnapshotParams) : this.request("GET", "/cloud", undefined, CloudSnapshotParams);
  }

  /** Pushes a local entry to the cloud; the values go from the store to the CLI's environment. */
  push(body: PushRequest): Promise<PushResult> {
    return this.request("POST", "/cloud/push", body, PushResult);
  }

  /** The --root project's requirements with their status per target (unavailable without --root). */
  requirements(): Promise<RequirementsView> {
    return this.request("GET", "/requirements", undefined, RequirementsView);
  }

  /**
   * Subscribes to store changes. `onOpen` fires once the server has accepted the stream (changes
   * after that are delivered); `onError` fires once when the stream fails or ends: re-read
   * devserver.json and subscribe again (the server may have restarted on another port).
   * Returns a function that closes the stream (after which no callback fires).
   */
  events(onEvent: (event: StoreEvent) => void, onError: (error: DevServerError) => void, onOpen?: () => void): () => void {
    let closed = false;
    const fail = (error: DevServerError) => {
      if (closed) return;
      closed = true;
      onError(error);
    };
    const req = http.request(
      { host: this.host, port: this.info.port, path: "/api/v1/events", method: "GET", headers: { ...this.headers, Accept: "text/event-stream" } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          fail(new DevServerError(res.statusCode ?? 0, "events_refused", `the dev server refused the event stream (HTTP ${res.statusCode})`));
          return;
        }
        res.setEncoding("utf8");
        let buffer = "";
        let opened = false;
        res.on("data", (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!opened) {
              opened = true;
              if (!closed) onOpen?.();
            }
            const data = block
              .split("\n")
              .filter((line) => line.startsWith("data:"))
              .map((line) => line.slice(5).trimStart())
              .join("\n");
            if (data === "" || closed) continue;
            const parsed = StoreEvent.safeParse(safeJson(data));
            if (parsed.success) onEvent(parsed.data);
          }
        });
        res.on("end", () => fail(new DevServerError(0, "events_ended", "the dev server closed the event stream")));
        res.on("error", (error) => fail(new DevServerError(0, "unreachable", error.message)));
      },
    );
    req.on("error", (error) => fail(new DevServerError(0, "unreachable", `cannot reach the dev server: ${error.message}`)));
    req.end();
    return () => {
      closed = true;
      req.destroy();
    };
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private request<T>(method: string, path: string, body: unknown, schema: z.ZodType<T>): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = http.request(
        {
          host: this.host,
          port: this.info.port,
          path: `/api/v1${path}`,
          method,
          agent: this.agent,
          timeout: this.timeoutMs,
          headers: {
            ...this.headers,
            Accept: "application/json",
            ...(payload !== undefined ? { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(payload)) } : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", (error) => reject(new DevServerError(0, "unreachable", error.message)));
          res.on("end", () => {
            const json = safeJson(Buffer.concat(chunks).toString("utf8"));
            const status = res.statusCode ?? 0;
            if (status < 200 || status >= 300) {
              const error = ApiErrorBody.safeParse(json);
              reject(
                error.success
                  ? new DevServerError(status, error.data.error.code, error.data.error.message)
                  : new DevServerError(status, "http_error", `the dev server answered HTTP ${status}`),
              );
              return;
            }
            const parsed = schema.safeParse(json);
            if (parsed.success) resolve(parsed.data);
            else reject(new DevServerError(0, "bad_response", `unexpected response from the dev server for ${method} ${path}`));
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on("error", (error) => reject(new DevServerError(0, "unreachable", `cannot reach the dev server: ${error.message}`)));
      req.end(payload);
    });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
