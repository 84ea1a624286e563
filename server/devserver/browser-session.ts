// The browser's way in, in one place (README: "Browser session"). Browsers send cookies for
// 127.0.0.1 to every port, so no cookie ever authenticates: a printed link carries a single-use
// code that expires after 60 s; the page exchanges it once (POST /api/v1/session) for a session
// secret that lives in the tab's sessionStorage and travels only in the X-Keystroke-Session
// header, which a browser adds to no request by itself. Sessions live in this process's memory
// (a restart ends them) and end after 8 hours without a request. Only digests are kept, so a
// heap dump of the server reveals no live code or session.
import { createHash, randomBytes } from "node:crypto";

export const LINK_TTL_MS = 60_000;
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_HEADER = "x-keystroke-session";
/** Used and expired codes are remembered (to say "this link was used") up to this many. */
const REMEMBERED_CODES = 1_000;

export type LinkState = "valid" | "used" | "expired" | "unknown";
export type ExchangeResult = { ok: true; session: string } | { ok: false; state: Exclude<LinkState, "valid"> };

function digest(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

export class BrowserSessions {
  /** code digest → expiry, and whether it was used. */
  private readonly codes = new Map<string, { expiresAt: number; used: boolean }>();
  /** session digest → last request time. */
  private readonly sessions = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh single-use code for a link, valid for LINK_TTL_MS. */
  mintCode(): { code: string; expiresAt: number } {
    this.prune();
    const code = randomBytes(24).toString("base64url");
    const expiresAt = this.now() + LINK_TTL_MS;
    this.codes.set(digest(code), { expiresAt, used: false });
    return { code, expiresAt };
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
    this.codes.get(digest(code))!.used = true;
    const session = randomBytes(32).toString("base64url");
    this.sessions.set(digest(session), this.now());
    return { ok: true, session };
  }

  /** True for a live session, whose idle clock then starts again. */
  touch(session: string): boolean {
    const key = digest(session);
    const last = this.sessions.get(key);
    if (last === undefined) return false;
    if (this.now() - last > SESSION_IDLE_MS) {
      this.sessions.delete(key);
      return false;
    }
    this.sessions.set(key, this.now());
    return true;
  }

  end(session: string): void {
    this.sessions.delete(digest(session));
  }

  private prune(): void {
    const now = this.now();
    for (const [key, last] of this.sessions) if (now - last > SESSION_IDLE_MS) this.sessions.delete(key);
    if (this.codes.size < REMEMBERED_CODES) return;
    // Oldest first (Map keeps insertion order): forget spent codes before live ones.
    for (const [key, record] of this.codes) {
      if (this.codes.size < REMEMBERED_CODES) break;
      if (record.used || record.expiresAt <= now) this.codes.delete(key);
    }
  }
}
