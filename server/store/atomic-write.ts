// Crash-safe file replacement: a reader sees either the old file or the new one, never a torn
// mix. The temp file sits in the same directory so rename() stays atomic (same file system), and
// the directory is fsynced so the rename itself survives a power cut.
import { randomBytes } from "node:crypto";
import { open, rename, rm, readdir } from "node:fs/promises";
import path from "node:path";

const TEMP_MARK = ".tmp-";

export async function writeFileAtomic(file: string, data: string, mode = 0o600): Promise<void> {
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
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(path.dirname(file));
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
