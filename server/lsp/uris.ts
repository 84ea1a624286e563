// Conversions between LSP document URIs and the analyzer's root-relative '/' paths.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The absolute file-system path of a file: URI, or null for other schemes (untitled:, git:). */
export function uriToPath(uri: string): string | null {
  if (!uri.startsWith("file:")) return null;
  try {
    return path.normalize(fileURLToPath(uri));
  } catch {
    return null;
  }
}

function pathToUri(absolute: string): string {
  return pathToFileURL(absolute).href;
}

/** `file` relative to `root` with '/' separators, or null when it lies outside `root`. */
export function relativeTo(root: string, absolute: string): string | null {
  const rel = path.relative(root, absolute);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join("/");
}

export function fileUri(root: string, relative: string): string {
  return pathToUri(path.join(root, ...relative.split("/")));
}
