// The browser session's lifetimes on a controlled clock (the real class, its time source given):
// a link's code works once and for 60 s; a session ends after 8 hours without a request and
// lives again with each one; spent codes are told apart from ones never minted.
import test from "node:test";
import assert from "node:assert/strict";
import { BrowserSessions, LINK_TTL_MS, SESSION_IDLE_MS } from "../../server/devserver/browser-session";

function clock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

test("a code is valid for 60 s, then expired; exchanged once, then used", () => {
  const c = clock();
  const sessions = new BrowserSessions(c.now);
  const late = sessions.mintCode();
  c.advance(LINK_TTL_MS);
  assert.equal(sessions.linkState(late.code), "expired");
  assert.deepEqual(sessions.exchange(late.code), { ok: false, state: "expired" });

  const fresh = sessions.mintCode();
  c.advance(LINK_TTL_MS - 1);
  assert.equal(sessions.linkState(fresh.code), "valid");
  const first = sessions.exchange(fresh.code);
  assert.ok(first.ok);
  assert.deepEqual(sessions.exchange(fresh.code), { ok: false, state: "used" });
  assert.equal(sessions.linkState("never-minted"), "unknown");
});

test("a session ends after 8 hours idle; each request restarts its clock; end() ends it", () => {
  const c = clock();
  const sessions = new BrowserSessions(c.now);
  const opened = sessions.exchange(sessions.mintCode().code);
  assert.ok(opened.ok);
  c.advance(SESSION_IDLE_MS - 1);
  assert.notEqual(sessions.touch(opened.session), null);
  c.advance(SESSION_IDLE_MS - 1);
  assert.notEqual(sessions.touch(opened.session), null, "the last request restarted the idle clock");
  c.advance(SESSION_IDLE_MS + 1);
  assert.equal(sessions.touch(opened.session), null);

  const other = sessions.exchange(sessions.mintCode().code);
  assert.ok(other.ok);
  sessions.end(other.session);
  assert.equal(sessions.touch(other.session), null);
  assert.equal(sessions.touch("made-up"), null);
});

test("remembered codes stay bounded; live codes outlast spent ones", () => {
  const c = clock();
  const sessions = new BrowserSessions(c.now);
  const live = sessions.mintCode();
  for (let i = 0; i < 1_500; i++) sessions.exchange(sessions.mintCode().code);
  assert.equal(sessions.linkState(live.code), "valid");
  assert.ok(sessions.exchange(live.code).ok);
});
