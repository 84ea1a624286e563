// Reads the project's tsconfig.json `baseUrl`/`paths`, following one relative `extends` level.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseTsconfigPaths, type TsconfigPaths } from "../core/analysis";
import { describeFsError, type SkippedFile } from "./files";

export function readTsconfigPaths(root: string): { paths?: TsconfigPaths; problem?: SkippedFile } {
  const main = readOne(root, "tsconfig.json");
  if (!main) return {};
  if ("problem" in main) return { problem: main.problem };
  const { parsed } = main;
  const ext = parsed.extends;
  if (!ext || !(ext.startsWith("./") || ext.startsWith("../"))) return parsed.paths ? { paths: parsed.paths } : {};
  const baseFile = path.posix.normalize(ext.endsWith(".json") ? ext : `${ext}.json`);
  const base = readOne(root, baseFile);
  if (!base || "problem" in base) {
    const result: { paths?: TsconfigPaths; problem?: SkippedFile } = base ? { problem: base.problem } : {};
    if (parsed.paths) result.paths = parsed.paths;
    return result;
  }
  const own = parsed.paths;
  const inherited = base.parsed.paths;
  // A config that sets only baseUrl keeps the base's patterns, resolved from its own baseUrl.
  if (own && Object.keys(own.paths).length > 0) return { paths: own };
  if (own && inherited) return { paths: { baseUrl: own.baseUrl, paths: inherited.paths } };
  const merged = own ?? inherited;
  return merged ? { paths: merged } : {};
}

function readOne(root: string, rel: string): { parsed: ReturnType<typeof parseTsconfigPaths> } | { problem: SkippedFile } | null {
  const full = path.join(root, rel);
  if (!existsSync(full)) return null;
  let text: string;
  try {
    text = readFileSync(full, "utf8");
  } catch (error) {
    return { problem: { file: rel, reason: `not readable (${describeFsError(error)}); import aliases are not resolved` } };
  }
  const dir = path.posix.dirname(rel);
  const parsed = parseTsconfigPaths(text, dir === "." ? "" : dir);
  if (parsed.error) return { problem: { file: rel, reason: `${parsed.error}; import aliases are not resolved` } };
  return { parsed };
}
