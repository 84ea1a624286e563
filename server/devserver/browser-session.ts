// The browser's way in, in one place (README: "Browser session"). Browsers send cookies for
// 127.0.0.1 to every port, so no cookie ever authenticates: a printed link carries a single-use
// code that expires after 60 s; the page exchanges it once (POST /api/v1/session) for a session
// secret that lives in the tab's sessionStorage and travels only in the X-Keystroke-Session
// header, which a browser adds to no request by itself. Sessions live in this process's memory
// (a restart ends them) and end after 8 hours without a request. Only digests are kept, so a
// heap dump of the server reveals no live code or session.
//
// A link may carry a grant: a coding agent's credential request (credential-requests.ts). Its
// session can do that one request's write and nothing else (no listing, no reveal, no other key).
import { createHash, randomBytes } from "node:crypto";

export const LINK_TTL_MS = 60_000;
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_HEADER = "x-keystroke-session";
/** Used and expired codes are remembered (to say "this link was used") up to this many. */
const REMEMBERED_CODES = 1_000;

export type LinkState = "valid" | "used" | "expired" | "unknown";
export type ExchangeResult = { ok: true; session: string; grant?: string } | { ok: false; state: Exclude<LinkState, "valid"> };
/** A live session; `grant` limits it to one credential request. */
export interface SessionInfo {
  grant?: string;
}

function digest(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export class BrowserSessions {
  /** code digest → expiry, and whether it was used. */
  private readonly codes = new Map<string, { expiresAt: number; used: boolean; grant?: string }>();
  /** session digest → last request time, and its grant. */
  private readonly sessions = new Map<string, { last: number; grant?: string }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh single-use code for a link, valid for LINK_TTL_MS unless told otherwise. */
  mintCode(options: { ttlMs?: number; grant?: string } = {}): { code: string; expiresAt: number } {
    this.prune();
    const code = randomBytes(24).toString("base64url");
    const expiresAt = this.now() + (options.ttlMs ?? LINK_TTL_MS);
    this.codes.set(digest(code), { expiresAt, used: false, ...(options.grant !== undefined ? { grant: options.grant } : {}) });
    return { code, expiresAt };
  }

  /** The grant a code carries (whether or not it is still valid), for the page that serves it. */
  codeGrant(code: string): string | undefined {
    return this.codes.get(digest(code))?.grant;
  }

  /** What a link's code is now, without using it (for the page's own GET). */
  linkState(code: string): LinkState {
    const record = this.codes.get(digest(code));
    if (record === undefined) return "unknown";
    if (record.used) return "used";
    return record.expiresAt <= this.now() ? "expired" : "valid";
  }

  /** Uses the code (once) and opens a session. */
  exchange(code: string): ExchangeResult {
    const state = this.linkState(code);
    if (state !== "valid") return { ok: false, state };
    const record = this.codes.get(digest(code))!;
    record.used = true;
    const session = randomBytes(32).toString("base64url");
    const grant = record.grant;
    this.sessions.set(digest(session), { last: this.now(), ...(grant !== undefined ? { grant } : {}) });
    return { ok: true, session, ...(grant !== undefined ? { grant } : {}) };
  }

  /** A live session (whose idle clock then starts again), or null. */
  touch(session: string): SessionInfo | null {
    const key = digest(session);
    const record = this.sessions.get(key);
    if (record === undefined) return null;
    if (this.now() - record.last > SESSION_IDLE_MS) {
      this.sessions.delete(key);
      return null;
    }
    record.last = this.now();
    return record.grant !== undefined ? { grant: record.grant } : {};
  }

  end(session: string): void {
    this.sessions.delete(digest(session));
  }

  private prune(): void {
    const now = this.now();
    for (const [key, { last }] of this.sessions) if (now - last > SESSION_IDLE_MS) this.sessions.delete(key);
    if (this.codes.size < REMEMBERED_CODES) return;
    // Oldest first (Map keeps insertion order): forget spent codes before live ones.
    for (const [key, record] of this.codes) {
      if (this.codes.size < REMEMBERED_CODES) break;
      if (record.used || record.expiresAt <= now) this.codes.delete(key);
    }
  }
}
