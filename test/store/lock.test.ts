// The store lock: exclusive, names its holder, recovers from a dead holder, releases only its own.
import nodeTest from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, writeFileSync, readFileSync, mkdirSync, utimesSync } from "node:fs";
import path from "node:path";
import { acquireStoreLock } from "../../server/store";
import { isAbandonedTakeover } from "../../server/store/lock";
import { mountTinyDisk } from "../support/tiny-disk";
import { tempDirs } from "../support/temp-dirs";

const temp = tempDirs("ks-lock-");

// This file is also the race test's worker: in a child process, wait for "go", try the lock once,
// say whether it was won, and hold it until stdin closes.
const WORKER = process.env.KS_LOCK_WORKER;
// In a worker, register no test: node:test would run them and write to the protocol's stdout.
const test = WORKER === undefined ? nodeTest : ((() => undefined) as unknown as typeof nodeTest);
if (WORKER !== undefined) {
  process.stdout.write("ready\n");
  process.stdin.once("data", () => {
    void acquireStoreLock(WORKER).then((result) => {
      process.stdout.write(result.ok ? "won\n" : `busy ${result.message}\n`);
      process.stdin.once("end", () => void (result.ok ? result.release() : Promise.resolve()).then(() => process.exit(0)));
      process.stdin.resume();
    });
  });
}

function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  return new Promise((resolve) => child.once("exit", () => resolve(child.pid!)));
}

function startWorker(dir: string) {
  const child = spawn(process.execPath, [__filename], { env: { ...process.env, KS_LOCK_WORKER: dir }, stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  const lines = (n: number) =>
    new Promise<string[]>((resolve, reject) => {
      const check = () => {
        const got = out.split("\n").filter(Boolean);
        if (got.length >= n) resolve(got);
      };
      child.stdout!.on("data", (c: Buffer) => {
        out += c.toString();
        check();
      });
      child.once("exit", (code) => reject(new Error(`worker exited (${code}) after: ${out}`)));
      check();
    });
  return { child, lines, exited: new Promise((r) => child.once("exit", r)) };
}

test("50 rounds of three servers starting together on a stale lock: exactly one writer each time", async () => {
  const dir = temp();
  const stale = await deadPid();
  for (let round = 0; round < 50; round++) {
    writeFileSync(path.join(dir, "devserver.lock"), `${stale}\n`);
    const workers = [startWorker(dir), startWorker(dir), startWorker(dir)];
    try {
      await Promise.all(workers.map((w) => w.lines(1)));
      for (const w of workers) w.child.stdin!.write("go\n");
      const results = await Promise.all(workers.map(async (w) => (await w.lines(2))[1]!));
      const winners = results.filter((r) => r === "won");
      assert.equal(winners.length, 1, `round ${round}: ${JSON.stringify(results)}`);
      for (const loser of results.filter((r) => r !== "won")) assert.match(loser, /already owns the store|another server may be starting/);
      for (const w of workers) w.child.stdin!.end();
      await Promise.all(workers.map((w) => w.exited));
    } finally {
      for (const w of workers) w.child.kill();
    }
  }
});

// The race behind a CI failure (two writers in round 48): a takeover directory released between
// another process's failed mkdir and its stat was taken for abandoned and removed, possibly just
// after a third process had created it anew.
test("a takeover directory is abandoned only when it exists and is old", async () => {
  const dir = temp();
  const takeover = path.join(dir, "devserver.lock.takeover");
  assert.equal(await isAbandonedTakeover(takeover), false, "a vanished one was just released");
  mkdirSync(takeover);
  assert.equal(await isAbandonedTakeover(takeover), false, "a fresh one is held");
  const old = new Date(Date.now() - 60_000);
  utimesSync(takeover, old, old);
  assert.equal(await isAbandonedTakeover(takeover), true);
});

test("a lock that cannot be written on a full disk is not left behind empty", async (t) => {
  const disk = mountTinyDisk();
  if (typeof disk === "string") return t.skip(disk);
  try {
    disk.fill();
    const result = await acquireStoreLock(disk.dir);
    assert.equal(result.ok, false);
    assert.equal(result.ok ? undefined : result.code, "ENOSPC");
    assert.equal(existsSync(path.join(disk.dir, "devserver.lock")), false);
  } finally {
    disk.dispose();
  }
});

test("a live holder keeps the lock; its pid is named", async () => {
  const dir = temp();
  const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  try {
    writeFileSync(path.join(dir, "devserver.lock"), `${holder.pid}\n`);
    const result = await acquireStoreLock(dir);
    assert.ok(!result.ok);
    assert.equal(result.ok ? null : result.holderPid, holder.pid);
    assert.match(result.ok ? "" : result.message, new RegExp(`pid ${holder.pid}`));
  } finally {
    holder.kill();
  }
});

test("a dead holder's lock is taken over, and release removes only our own lock", async () => {
  const dir = temp();
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  const deadPid = child.pid!;
  await new Promise((r) => child.once("exit", r));
  writeFileSync(path.join(dir, "devserver.lock"), `${deadPid}\n`);
  const result = await acquireStoreLock(dir);
  assert.ok(result.ok);
  assert.equal(readFileSync(path.join(dir, "devserver.lock"), "utf8").trim(), String(process.pid));
  // Someone else took over: releasing must not delete their lock.
  writeFileSync(path.join(dir, "devserver.lock"), "1\n");
  if (result.ok) await result.release();
  assert.ok(existsSync(path.join(dir, "devserver.lock")));
});
