// Reads the project's tsconfig.json `baseUrl`/`paths`, following its chain of relative `extends`.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseTsconfigPaths, type TsconfigPaths } from "../core/analysis";
import { describeFsError, type SkippedFile } from "./files";

/** `extends` chains longer than this are cut (they are cycles in practice). */
const MAX_EXTENDS = 8;

export function readTsconfigPaths(root: string): { paths?: TsconfigPaths; problem?: SkippedFile } {
  // The chain from tsconfig.json through each relative `extends`, nearest first.
  const chain: TsconfigPaths[][] = [];
  let rel: string | null = "tsconfig.json";
  let problem: SkippedFile | undefined;
  const seen = new Set<string>();
  while (rel !== null && chain.length < MAX_EXTENDS && !seen.has(rel)) {
    seen.add(rel);
    const read = readOne(root, rel);
    if (!read) break;
    if ("problem" in read) {
      problem = read.problem;
      break;
    }
    chain.push(read.parsed.paths ? [read.parsed.paths] : []);
    const ext = read.parsed.extends;
    rel = ext && (ext.startsWith("./") || ext.startsWith("../")) ? path.posix.normalize(path.posix.join(path.posix.dirname(rel), ext.endsWith(".json") ? ext : `${ext}.json`)) : null;
  }
  // Folded from the base up: a config's own patterns win; one that sets only baseUrl keeps the
  // inherited patterns, resolved from its own baseUrl.
  let merged: TsconfigPaths | undefined;
  for (let i = chain.length - 1; i >= 0; i--) {
    const own = chain[i]![0];
    if (own && Object.keys(own.paths).length > 0) merged = own;
    else if (own && merged) merged = { baseUrl: own.baseUrl, paths: merged.paths };
    else merged = own ?? merged;
  }
  const result: { paths?: TsconfigPaths; problem?: SkippedFile } = {};
  if (merged) result.paths = merged;
  if (problem) result.problem = problem;
  return result;
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
