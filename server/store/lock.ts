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

/** Null when the holder is dead (or the lock is an old empty file); else the live holder's pid, or "starting". */
async function liveHolder(file: string): Promise<number | "starting" | null> {
  const holder = await readHolder(file);
  if (holder !== null && holder !== process.pid && isProcessAlive(holder)) return holder;
  if (holder === null && (await ageMs(file)) < EMPTY_LOCK_GRACE_MS) return "starting";
  return null;
}

/** Removes a stale lock while holding the takeover directory; false when another process holds that. */
async function takeOverStale(file: string): Promise<boolean> {
  const takeover = `${file}.takeover`;
  try {
    await mkdir(takeover);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if ((await ageMs(takeover)) < TAKEOVER_STALE_MS) return false;
    // Left by a crash mid-takeover: only one of the processes that see it old may remove it.
    await rmdir(takeover).catch(() => undefined);
    return false;
  }
  try {
    // Checked again inside: someone may have taken over between our look and our mkdir.
    if ((await liveHolder(file)) === null) await rm(file, { force: true });
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
    const holder = await liveHolder(file);
    if (typeof holder === "number") return busy(dir, holder);
    if (holder === "starting") break;
    if (!(await takeOverStale(file))) await new Promise((r) => setTimeout(r, 20));
  }
  const holder = await readHolder(file);
  if (holder !== null && holder !== process.pid && isProcessAlive(holder)) return busy(dir, holder);
  return { ok: false, holderPid: null, message: `could not take the store lock ${file}; another server may be starting. Try again.` };
}
