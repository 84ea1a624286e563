// A real small file system for disk-failure tests: a tmpfs of a few KB that a test fills up
// (ENOSPC) or remounts read-only (EROFS). Needs root (CI and this workplace run as root); where
// mounting is not allowed the tests that need it skip, except under CI, where they fail.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TinyDisk {
  dir: string;
  /** Writes a filler file until the disk has no room left. */
  fill: () => void;
  /** Removes the filler. */
  drain: () => void;
  readOnly: (on: boolean) => void;
  dispose: () => void;
}

function run(args: string[]): { ok: boolean; stderr: string } {
  const r = spawnSync(args[0]!, args.slice(1), { encoding: "utf8" });
  return { ok: r.status === 0, stderr: r.stderr };
}

/** A mounted tmpfs, or the reason there is none. */
export function mountTinyDisk(sizeKb = 256): TinyDisk | string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "ks-disk-"));
  const mounted = run(["mount", "-t", "tmpfs", "-o", `size=${sizeKb}k,mode=0700`, "tmpfs", dir]);
  if (!mounted.ok) {
    rmSync(dir, { recursive: true, force: true });
    const reason = `cannot mount a tmpfs here: ${mounted.stderr.trim()}`;
    if (process.env.CI === "true") throw new Error(reason);
    return reason;
  }
  const filler = path.join(dir, ".filler");
  return {
    dir,
    fill: () => {
      // Page-sized chunks until the file system refuses the next one.
      const chunk = Buffer.alloc(4096, 1);
      for (let i = 0; ; i++) {
        try {
          writeFileSync(`${filler}-${i}`, chunk);
        } catch {
          break;
        }
      }
    },
    drain: () => {
      run(["sh", "-c", `rm -f '${filler}'-*`]);
    },
    readOnly: (on) => {
      const r = run(["mount", "-o", `remount,${on ? "ro" : "rw"}`, dir]);
      if (!r.ok) throw new Error(`remount failed: ${r.stderr}`);
    },
    dispose: () => {
      run(["umount", dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
