// A Secret Service call that D-Bus dropped (the daemon busy with several stores, or restarting) is
// tried again a moment later, at most twice; a real refusal is final at once. The failures below
// are the texts @napi-rs/keyring gave in the four-stores stress test (test/devserver).
import test from "node:test";
import assert from "node:assert/strict";
import { isTransientKeychainFailure, retryTransient } from "../../server/store/transient-retry";

const DROPPED = new Error("Platform failure: DBus error: Message recipient disconnected from message bus without replying");
const GONE = new Error("Couldn't access platform storage: Secret Service: no result found");
const LOCKED = new Error("Couldn't access platform storage: Secret Service: the collection is locked");

test("a dropped call is tried again and its answer returned", async () => {
  const failures = [DROPPED, GONE];
  let calls = 0;
  const value = await retryTransient(async () => {
    calls++;
    const failure = failures.shift();
    if (failure) throw failure;
    return "stored";
  }, [0, 0]);
  assert.equal(value, "stored");
  assert.equal(calls, 3);
});

test("at most twice more: the third dropped call's error is the answer", async () => {
  let calls = 0;
  await assert.rejects(retryTransient(async () => (calls++, Promise.reject(DROPPED)), [0, 0]), DROPPED);
  assert.equal(calls, 3);
});

test("a refusal (locked, denied, no answer within the deadline) is not retried", async () => {
  let calls = 0;
  await assert.rejects(retryTransient(async () => (calls++, Promise.reject(LOCKED)), [0, 0]), LOCKED);
  assert.equal(calls, 1);
  assert.equal(isTransientKeychainFailure(new Error("no answer within 10 s; is the keychain locked?")), false);
});
