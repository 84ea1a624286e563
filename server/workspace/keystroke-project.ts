// Whether a root holds a Keystroke project at all: `check` on an empty or wrong folder must not
// report "no problems", since nothing was looked at.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CONFIG_FILE } from "../core/analysis";
import { KEYSTROKE_PACKAGE, readKeystrokeDependency } from "../core/keystroke-manifest";

/** Null for a Keystroke project (a keystroke.config.ts, or a package.json depending on Keystroke); else why not. */
export function notAKeystrokeProject(root: string): string | null {
  if (existsSync(path.join(root, CONFIG_FILE))) return null;
  const manifest = path.join(root, "package.json");
  if (!existsSync(manifest)) return `${root} has no ${CONFIG_FILE} and no package.json`;
  let text: string;
  try {
    text = readFileSync(manifest, "utf8");
  } catch (error) {
    return `${root} has no ${CONFIG_FILE}, and its package.json cannot be read (${(error as Error).message})`;
  }
  const read = readKeystrokeDependency(text);
  if (read.error !== undefined) return `${root} has no ${CONFIG_FILE}, and its package.json cannot be read (${read.error})`;
  return read.depends ? null : `${root} has no ${CONFIG_FILE} and its package.json does not depend on ${KEYSTROKE_PACKAGE}`;
}
