// One writer per store: the server holds `devserver.lock` (its pid, created with O_EXCL). A lock
// whose pid is no longer alive was left by a crash and is taken over. Taking over is the racy
// part (two servers that both saw the stale lock must not both remove it and both create a new
// one), so it happens only while holding `devserver.lock.takeover`, a directory: mkdir is atomic
// on every file system and platform, and no native lock package (a second binary per platform)
// is needed. A pid reused by an unrelated process after a crash would look alive; the message
// names the pid so a user can check.
import { mkdir, open, readFile, rm, rmdir, stat } from "node:fs/promises";
import { LOCK_FILE, storeFile } from "./paths";

export type LockResult =
  | { ok: true; release: () => Promise<void> }
  | { ok: false; holderPid: number | null; message: string; /** The file system's error code, when one refused us. */ code?: string };

/** A takeover takes milliseconds; a takeover directory older than this was left by a crash. */
const TAKEOVER_STALE_MS = 10_000;
/** An empty lock younger than this is a server between create and write: not stale. */
const EMPTY_LOCK_GRACE_MS = 5_000;

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function readHolder(file: string): Promise<number | null> {
  try {
    const pid = Number.parseInt((await readFile(file, "utf8")).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

type CreateResult = "created" | "exists" | { code: string; message: string };

/** O_EXCL create with our pid; a failed write removes the file again (no empty lock left behind). */
async function createLock(file: string): Promise<CreateResult> {
  let handle;
  try {
    handle = await open(file, "wx", 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "error";
    return code === "EEXIST" ? "exists" : { code, message: (error as Error).message };
  }
  try {
    await handle.writeFile(`${process.pid}\n`);
    await handle.sync();
    await handle.close();
    return "created";
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(file, { force: true }).catch(() => undefined);
    return { code: (error as NodeJS.ErrnoException).code ?? "error", message: (error as Error).message };
  }
}

type LockState = { kind: "absent" } | { kind: "live"; pid: number } | { kind: "starting" } | { kind: "stale" };

/**
 * What the lock file says now. "absent" is kept apart from "stale" on purpose: a lock that is
 * gone may be recreated by a winner at any moment, so it must never lead to a removal (the race
 * behind two writers in one CI round: a takeover that read "absent" removed the next winner's lock).
 */
async function lockState(file: string): Promise<LockState> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ENOENT" ? { kind: "absent" } : { kind: "starting" };
  }
  const pid = Number.parseInt(text.trim(), 10);
  if (Number.isInteger(pid) && pid > 0) return pid !== process.pid && isProcessAlive(pid) ? { kind: "live", pid } : { kind: "stale" };
  const age = await ageMs(file);
  if (age === Number.POSITIVE_INFINITY) return { kind: "absent" };
  return age < EMPTY_LOCK_GRACE_MS ? { kind: "starting" } : { kind: "stale" };
}

/**
 * True only for a takeover directory that exists and is old: left by a crash mid-takeover.
 * One that vanished since our mkdir failed was released by its holder a moment ago, and the
 * next mkdir may already be someone else's: removing it would let two processes in at once.
 * (Two processes that both see a truly abandoned one can still race; that needs a crash inside
 * a millisecond window followed by two starts in the same moment.)
 */
export async function isAbandonedTakeover(takeover: string): Promise<boolean> {
  try {
    return Date.now() - (await stat(takeover)).mtimeMs >= TAKEOVER_STALE_MS;
  } catch {
    return false;
  }
}

/** Removes a stale lock while holding the takeover directory; false when another process holds that. */
async function takeOverStale(file: string): Promise<boolean> {
  const takeover = `${file}.takeover`;
  try {
    await mkdir(takeover);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if (await isAbandonedTakeover(takeover)) await rmdir(takeover).catch(() => undefined);
    return false;
  }
  try {
    // Checked again inside: someone may have taken over between our look and our mkdir. Only a
    // lock read as stale is removed; removers hold the takeover directory and a live server
    // removes only its own lock, so the stale file read is still the one removed.
    if ((await lockState(file)).kind === "stale") await rm(file, { force: true });
    return true;
  } finally {
    await rmdir(takeover).catch(() => undefined);
  }
}

function busy(dir: string, holder: number): LockResult {
  return {
    ok: false,
    holderPid: holder,
    message: `Another keystroke-credentials server (pid ${holder}) already owns the store in ${dir}. Use that server (run with --attach to print its URL), or stop it first.`,
  };
}

export async function acquireStoreLock(dir: string): Promise<LockResult> {
  const file = storeFile(dir, LOCK_FILE);
  // A few rounds: a stale lock is removed in one, created in the next; a concurrent takeover
  // by another process is waited out briefly.
  for (let attempt = 0; attempt < 20; attempt++) {
    const created = await createLock(file);
    if (created === "created") {
      return {
        ok: true,
        release: async () => {
          // Only remove the lock if it is still ours (never another server's after a takeover).
          if ((await readHolder(file)) === process.pid) await rm(file, { force: true });
        },
      };
    }
    if (created !== "exists") return { ok: false, holderPid: null, code: created.code, message: `cannot create the store lock ${file}: ${created.message}` };
    const state = await lockState(file);
    if (state.kind === "live") return busy(dir, state.pid);
    if (state.kind === "starting") break;
    if (state.kind === "absent") continue;
    if (!(await takeOverStale(file))) await new Promise((r) => setTimeout(r, 20));
  }
  const holder = await readHolder(file);
  if (holder !== null && holder !== process.pid && isProcessAlive(holder)) return busy(dir, holder);
  return { ok: false, holderPid: null, message: `could not take the store lock ${file}; another server may be starting. Try again.` };
}
