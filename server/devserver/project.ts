// The current project (for /resolve and /snapshot) comes from --root's keystroke.config.ts, read
// by the analyzer's own parser: the config is one more file of a ProjectIndex, so the dev server
// and `check` can never disagree about which project is current.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { CONFIG_FILE, ProjectIndex, type ProjectContext } from "../core/analysis";

export async function readProjectContext(root: string | undefined): Promise<ProjectContext> {
  if (root === undefined) return {};
  let text: string;
  try {
    text = await readFile(path.join(root, CONFIG_FILE), "utf8");
  } catch {
    return {};
  }
  const index = new ProjectIndex();
  index.setFile(CONFIG_FILE, text);
  return index.model().context;
}
