// One writer per store: the server holds `devserver.lock` (its pid, created with O_EXCL). A lock
// whose pid is no longer alive was left by a crash and is taken over. A pid reused by an
// unrelated process after a crash would look alive; the message names the pid so a user can check.
import { open, readFile, rm, stat } from "node:fs/promises";
import { LOCK_FILE, storeFile } from "./paths";

export type LockResult = { ok: true; release: () => Promise<void> } | { ok: false; holderPid: number | null; message: string };

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

async function lockAgeMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export async function acquireStoreLock(dir: string): Promise<LockResult> {
  const file = storeFile(dir, LOCK_FILE);
  // Two attempts: the second follows removal of a stale lock.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx", 0o600);
      await handle.writeFile(`${process.pid}\n`);
      await handle.sync();
      await handle.close();
      return {
        ok: true,
        release: async () => {
          // Only remove the lock if it is still ours (never another server's after a takeover).
          if ((await readHolder(file)) === process.pid) await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        return { ok: false, holderPid: null, message: `cannot create the store lock ${file}: ${(error as Error).message}` };
      }
    }
    const holder = await readHolder(file);
    if (holder !== null && holder !== process.pid && isProcessAlive(holder)) {
      return {
        ok: false,
        holderPid: holder,
        message:
          `Another keystroke-credentials server (pid ${holder}) already owns the store in ${dir}. ` +
          "Use that server (run with --attach to print its URL), or stop it first.",
      };
    }
    // An empty lock younger than a few seconds is a server between create and write: not stale.
    if (holder === null && (await lockAgeMs(file)) < 5_000) break;
    // A lock without a live holder (or left empty by a crash long ago) is stale.
    await rm(file, { force: true });
  }
  return { ok: false, holderPid: null, message: `could not take the store lock ${file}; another server may be starting. Try again.` };
}
