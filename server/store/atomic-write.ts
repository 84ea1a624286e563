// Crash-safe file replacement: a reader sees either the old file or the new one, never a torn
// mix. The temp file sits in the same directory so rename() stays atomic (same file system), and
// the directory is fsynced so the rename itself survives a power cut.
//
// Windows differs in two ways: a directory cannot be opened to fsync it (EISDIR; NTFS journals
// the rename itself), and renaming over a file that another process (an editor, an indexer, a
// virus scanner) holds open fails with EPERM, EACCES or EBUSY for as long as it is held, so the
// rename is retried for a while before the write fails, with the old file intact.
import { randomBytes } from "node:crypto";
import { open, rename, rm, readdir } from "node:fs/promises";
import path from "node:path";

const TEMP_MARK = ".tmp-";
const WINDOWS_RENAME_BUSY = new Set(["EPERM", "EACCES", "EBUSY"]);
/** About 2 s in all: how long a scanner or an indexer typically holds a file it just saw change. */
const WINDOWS_RENAME_DELAYS_MS = [10, 20, 40, 80, 160, 320, 640, 730];

export interface AtomicWriteOptions {
  mode?: number;
  /** The platform whose rules apply (tests switch it). */
  platform?: NodeJS.Platform;
  /** fs.rename, replaceable so that a test can hold the target "open" the way Windows does. */
  rename?: (from: string, to: string) => Promise<void>;
}

export async function writeFileAtomic(file: string, data: string, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o600;
  const platform = options.platform ?? process.platform;
  const temp = `${file}${TEMP_MARK}${process.pid}-${randomBytes(4).toString("hex")}`;
  const handle = await open(temp, "wx", mode);
  try {
    await handle.writeFile(data, "utf8");
    await handle.chmod(mode); // the umask may have narrowed `mode` on open; make it exact
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await renameOver(temp, file, platform, options.rename ?? rename);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  if (platform !== "win32") await syncDir(path.dirname(file));
}

async function renameOver(from: string, to: string, platform: NodeJS.Platform, renameFile: (from: string, to: string) => Promise<void>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await renameFile(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      const delay = WINDOWS_RENAME_DELAYS_MS[attempt];
      if (platform !== "win32" || !WINDOWS_RENAME_BUSY.has(code) || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Removes temp files a crash left behind (only ours: `<name>.tmp-*` next to known files). */
export async function removeStaleTempFiles(dir: string, names: readonly string[]): Promise<void> {
  for (const entry of await readdir(dir)) {
    if (names.some((n) => entry.startsWith(`${n}${TEMP_MARK}`))) await rm(path.join(dir, entry), { force: true });
  }
}
