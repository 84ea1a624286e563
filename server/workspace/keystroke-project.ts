// Whether a root holds a Keystroke project at all: `check` on an empty or wrong folder must not
// report "no problems", since nothing was looked at.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { CONFIG_FILE } from "../core/analysis";

const PACKAGE = "@keystrokehq/keystroke";
const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/** Null for a Keystroke project (a keystroke.config.ts, or a package.json depending on Keystroke); else why not. */
export function notAKeystrokeProject(root: string): string | null {
  if (existsSync(path.join(root, CONFIG_FILE))) return null;
  const manifest = path.join(root, "package.json");
  if (!existsSync(manifest)) return `${root} has no ${CONFIG_FILE} and no package.json`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifest, "utf8"));
  } catch (error) {
    return `${root} has no ${CONFIG_FILE}, and its package.json cannot be read (${(error as Error).message})`;
  }
  const record = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  for (const field of DEPENDENCY_FIELDS) {
    const deps = record[field];
    if (typeof deps === "object" && deps !== null && PACKAGE in deps) return null;
  }
  return `${root} has no ${CONFIG_FILE} and its package.json does not depend on ${PACKAGE}`;
}
