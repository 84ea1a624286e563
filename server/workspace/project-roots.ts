// Where a workspace folder's Keystroke projects are: the folder itself when it has a
// keystroke.config.ts at its root; otherwise every nested folder that has one (a monorepo); a
// folder with neither is still one project, because the config file is optional. Shared by the
// language server and the extension (which runs each project's CLI in that project's root), so
// the two never disagree; light on purpose (no analyzer).
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { CONFIG_FILE } from "../core/keystroke-manifest";

/** How deep below a workspace folder nested project roots are looked for: cheap, and enough for packages/x and apps/y. */
const NESTED_ROOT_DEPTH = 3;
const SKIPPED_DIRS = new Set(["node_modules", "dist", "out", "build", "coverage"]);

export async function findProjectRoots(folder: string): Promise<string[]> {
  if (existsSync(path.join(folder, CONFIG_FILE))) return [folder];
  const found: string[] = [];
  let level = [folder];
  for (let depth = 0; depth < NESTED_ROOT_DEPTH && level.length > 0; depth++) {
    const next: string[] = [];
    for (const dir of level) {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isDirectory() || entry.name.startsWith(".") || SKIPPED_DIRS.has(entry.name)) continue;
        const child = path.join(dir, entry.name);
        // A project root's own subfolders belong to it, so the search stops there.
        if (existsSync(path.join(child, CONFIG_FILE))) found.push(child);
        else next.push(child);
      }
    }
    level = next;
  }
  return found.length > 0 ? found.sort() : [folder];
}

