// Coding agents' requests for one credential (README: "For coding agents"). An agent (through the
// MCP server, which holds the bearer token) asks for a key at a scope; the person gets a link to a
// page that stores exactly that one entry, once. The link passes through the model and its logs,
// so it is a browser-session link whose session is granted this request only
// (browser-session.ts), and it expires in minutes. Requests live in this process's memory: a
// restart ends them, as it ends sessions.
import { randomUUID } from "node:crypto";
import type { CreateCredentialRequestBody, CredentialRequestState, CredentialRequestView, StoreEntry } from "../core/schema";

export const REQUEST_TTL_MS = 10 * 60_000;
/** Settled requests are remembered (to answer a late status call) up to this many. */
const REMEMBERED = 200;

type State = CredentialRequestState["state"];

interface RequestRecord {
  request: CreateCredentialRequestBody & { id: string; expiresAt: number };
  state: State;
  entry?: StoreEntry;
  waiters: Set<() => void>;
}

export class CredentialRequests {
  private readonly records = new Map<string, RequestRecord>();

  constructor(private readonly now: () => number = Date.now) {}

  create(body: CreateCredentialRequestBody, ttlMs = REQUEST_TTL_MS): { id: string; expiresAt: number } {
    this.prune();
    const id = randomUUID();
    const expiresAt = this.now() + ttlMs;
    this.records.set(id, { request: { ...body, id, expiresAt }, state: "pending", waiters: new Set() });
    return { id, expiresAt };
  }

  /** The request as it stands; a pending one past its time is expired from then on. */
  state(id: string): CredentialRequestState | null {
    const record = this.records.get(id);
    if (record === undefined) return null;
    if (record.state === "pending" && record.request.expiresAt <= this.now()) this.settle(record, "expired");
    const { key, scope, expiresAt } = record.request;
    return { id, state: record.state, key, scope, expiresAt: new Date(expiresAt).toISOString(), ...(record.entry ? { entry: record.entry } : {}) };
  }

  /** What the page shows; null unless the request is still pending. */
  view(id: string, replaces: (r: CreateCredentialRequestBody) => boolean): CredentialRequestView | null {
    if (this.state(id)?.state !== "pending") return null;
    const { request } = this.records.get(id)!;
    return { ...request, replaces: replaces(request), expiresAt: new Date(request.expiresAt).toISOString() };
  }

  /** The pending request for its one write, or null. */
  pending(id: string): (CreateCredentialRequestBody & { id: string }) | null {
    return this.state(id)?.state === "pending" ? this.records.get(id)!.request : null;
  }

  stored(id: string, entry: StoreEntry): void {
    const record = this.records.get(id);
    if (record !== undefined && record.state === "pending") {
      record.entry = entry;
      this.settle(record, "stored");
    }
  }

  /** Cancels a pending request; false when it was not pending. */
  cancel(id: string): boolean {
    const record = this.records.get(id);
    if (record === undefined || this.state(id)?.state !== "pending") return false;
    this.settle(record, "cancelled");
    return true;
  }

  /** Resolves when the request leaves "pending", or after `ms` (whichever is first). */
  async waitForChange(id: string, ms: number): Promise<void> {
    const record = this.records.get(id);
    if (record === undefined || this.state(id)?.state !== "pending") return;
    const until = Math.min(ms, record.request.expiresAt - this.now());
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        record.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, until));
      record.waiters.add(done);
    });
  }

  private settle(record: RequestRecord, state: State): void {
    record.state = state;
    for (const wake of [...record.waiters]) wake();
  }

  private prune(): void {
    if (this.records.size < REMEMBERED) return;
    // Oldest first (Map keeps insertion order); pending ones stay until they expire.
    for (const id of this.records.keys()) {
      if (this.records.size < REMEMBERED) break;
      if (this.state(id)?.state !== "pending") this.records.delete(id);
    }
  }
}
