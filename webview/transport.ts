// How the UI reaches its data. In VS Code the extension host answers over postMessage; in a
// browser tab the dev server answers over fetch (browser-transport.ts). Both validate with the one
// protocol table in server/core/schema/webview.ts, so the UI cannot tell them apart.
import {
  HostMessage,
  WEBVIEW_METHODS,
  WebviewState,
  type HostEvent,
  type MethodParams,
  type MethodResult,
  type UiError,
  type WebviewMethod,
} from "../server/core/schema";

export interface Transport {
  call<M extends WebviewMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>>;
  onEvent(listener: (event: HostEvent) => void): void;
  loadState(): WebviewState;
  saveState(state: WebviewState): void;
}

/** A failed call; `message` is written for the user (what failed and what to do). */
export class TransportError extends Error {
  constructor(readonly error: UiError) {
    super(error.message);
  }
}

export function parseResult<M extends WebviewMethod>(method: M, raw: unknown): MethodResult<M> {
  const parsed = WEBVIEW_METHODS[method].result.safeParse(raw);
  if (!parsed.success) throw new TransportError({ code: "bad-response", message: `Unexpected answer to ${method}; reload the view.` });
  return parsed.data as MethodResult<M>;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export class VsCodeTransport implements Transport {
  private readonly api = acquireVsCodeApi();
  private nextId = 0;
  private readonly pending = new Map<number, { method: WebviewMethod; resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private readonly listeners: ((event: HostEvent) => void)[] = [];

  constructor() {
    window.addEventListener("message", (e: MessageEvent) => this.receive(e.data));
  }

  call<M extends WebviewMethod>(method: M, params: MethodParams<M>): Promise<MethodResult<M>> {
    const id = this.nextId++;
    return new Promise<MethodResult<M>>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject });
      this.api.postMessage({ type: "request", id, method, params });
    });
  }

  onEvent(listener: (event: HostEvent) => void): void {
    this.listeners.push(listener);
  }

  loadState(): WebviewState {
    const parsed = WebviewState.safeParse(this.api.getState());
    return parsed.success ? parsed.data : { collapsed: [] };
  }

  saveState(state: WebviewState): void {
    this.api.setState(WebviewState.parse(state));
  }

  private receive(data: unknown): void {
    const parsed = HostMessage.safeParse(data);
    if (!parsed.success) return; // not ours (VS Code posts its own messages too)
    const message = parsed.data;
    if (message.type === "event") {
      for (const l of this.listeners) l(message.event);
      return;
    }
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.type === "error") waiter.reject(new TransportError(message.error));
    else {
      try {
        waiter.resolve(parseResult(waiter.method, message.result));
      } catch (e) {
        waiter.reject(e);
      }
    }
  }
}
