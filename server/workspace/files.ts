// Which files the analyzer reads, and the directory walk that finds them under a project root.
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { matchesExclude } from "./glob";
import { errorMessage } from "../core/error-message";

const EXTENSIONS = /\.(?:ts|tsx|mts|cts|js|mjs|cjs)$/;
const DECLARATION = /\.d\.(?:ts|mts|cts)$|\.d\.[^/]*\.ts$/;
/** Never project sources: installed packages, build output, VCS and tool state. */
const SKIPPED_DIRS = new Set(["node_modules", "dist"]);
export const MAX_FILE_BYTES = 2 * 1024 * 1024;

export interface SkippedFile {
  file: string;
  reason: string;
}

/** A root-relative `/` path the analyzer reads: a source extension, not a declaration file, not in node_modules/dist. */
export function isAnalyzableFile(file: string): boolean {
  const normalized = file.replace(/\\/g, "/");
  return isSourceName(normalized) && !normalized.split("/").some((part) => SKIPPED_DIRS.has(part));
}

/** A source extension and not a declaration file (the walk has skipped node_modules/dist already). */
export function isSourceName(name: string): boolean {
  return EXTENSIONS.test(name) && !DECLARATION.test(name);
}

export class WorkspaceError extends Error {}

/** Reads every analyzable file under `root`; large and unreadable files are reported, not read. */
export function readProjectFiles(root: string, exclude: readonly string[]): { files: Map<string, string>; skipped: SkippedFile[] } {
  const files = new Map<string, string>();
  const { skipped } = forEachProjectFile(root, exclude, (file, text) => files.set(file, text));
  return { files, skipped };
}

/** Throws WorkspaceError (with a message for users) unless `root` is a readable directory. */
export function assertProjectRoot(root: string): void {
  let rootStat;
  try {
    rootStat = statSync(root);
  } catch (error) {
    throw new WorkspaceError(`Cannot read the project root ${root}: ${describeFsError(error)}. Pass an existing directory with --root.`);
  }
  if (!rootStat.isDirectory()) throw new WorkspaceError(`The project root ${root} is not a directory. Pass a directory with --root.`);
}

/**
 * Calls `onFile` for each analyzable file as soon as it is read (in path order), so a caller that
 * indexes as it goes never holds every text at once.
 */
export function forEachProjectFile(root: string, exclude: readonly string[], onFile: (file: string, text: string) => void): { skipped: SkippedFile[] } {
  const skipped: SkippedFile[] = [];
  walkProjectFiles(root, exclude, skipped, (file, full, symlink) => {
    // Symlinks may point anywhere; regular files are read directly (one syscall fewer each).
    if (symlink && !isFileTarget(full, file, skipped)) return;
    const text = readProjectFile(full, file, skipped);
    if (text !== null) onFile(file, text);
  });
  return { skipped };
}

/**
 * Calls `onFile` with each analyzable file's root-relative and full path, in path order, without
 * reading it. Unreadable directories go to `skipped`; the root's own failure throws WorkspaceError.
 */
export function walkProjectFiles(
  root: string,
  exclude: readonly string[],
  skipped: SkippedFile[],
  onFile: (file: string, full: string, symlink: boolean) => void,
): void {
  assertProjectRoot(root);
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (rel === "") throw new WorkspaceError(`Cannot read the project root ${root}: ${describeFsError(error)}.`);
      skipped.push({ file: rel, reason: `directory not readable (${describeFsError(error)})` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const childRel = rel === "" ? entry.name : `${rel}/${entry.name}`;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        // Dot-directories (.git, .keystroke, .vscode) hold tool state, not sources.
        if (SKIPPED_DIRS.has(entry.name) || entry.name.startsWith(".") || matchesExclude(childRel, exclude)) continue;
        walk(full, childRel);
        continue;
      }
      if (!(entry.isFile() || entry.isSymbolicLink()) || !isSourceName(entry.name) || matchesExclude(childRel, exclude)) continue;
      onFile(childRel, full, entry.isSymbolicLink());
    }
  };
  walk(root, "");
}

/** Whether a symlink leads to a regular file; a broken one is reported. */
function isFileTarget(full: string, file: string, skipped: SkippedFile[]): boolean {
  try {
    return statSync(full).isFile();
  } catch (error) {
    skipped.push({ file, reason: `not readable (${describeFsError(error)})` });
    return false;
  }
}

/** The file's UTF-8 text, or null with the reason in `skipped` (over 2 MB, or not readable). */
export function readProjectFile(full: string, file: string, skipped: SkippedFile[]): string | null {
  try {
    return readText(full, file, skipped);
  } catch (error) {
    skipped.push({ file, reason: `not readable (${describeFsError(error)})` });
    return null;
  }
}

/** One buffer reused for every read: a cold load then allocates only the decoded strings. */
let readBuffer = Buffer.alloc(64 * 1024);

/** The file's UTF-8 text, or null (and the reason in `skipped`) when it is over the size limit. */
function readText(full: string, file: string, skipped: SkippedFile[]): string | null {
  const fd = openSync(full, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_FILE_BYTES) {
      skipped.push({ file, reason: `larger than 2 MB (${(size / 1024 / 1024).toFixed(1)} MB)` });
      return null;
    }
    if (readBuffer.length < size) readBuffer = Buffer.alloc(Math.max(size, readBuffer.length * 2));
    // Like readFileSync: `size` bytes, or up to end of file when the size is unknown (reported as 0).
    let length = 0;
    while (size === 0 || length < size) {
      if (length === readBuffer.length) readBuffer = Buffer.concat([readBuffer, Buffer.alloc(readBuffer.length)]);
      const n = readSync(fd, readBuffer, length, (size === 0 ? readBuffer.length : size) - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_FILE_BYTES) {
      skipped.push({ file, reason: `larger than 2 MB (${(length / 1024 / 1024).toFixed(1)} MB)` });
      return null;
    }
    return decodeSource(readBuffer, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Source text the way TypeScript's own `sys.readFile` decodes it: a UTF-16 byte-order mark
 * (either order) means UTF-16, a UTF-8 one is dropped, anything else is UTF-8.
 */
export function decodeSource(bytes: Buffer, length: number): string {
  if (length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString("utf16le", 2, length - ((length - 2) % 2));
  if (length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2, length - ((length - 2) % 2)));
    return swapped.swap16().toString("utf16le");
  }
  if (length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.toString("utf8", 3, length);
  return bytes.toString("utf8", 0, length);
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "no such file or directory";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "ENOTDIR") return "not a directory";
  if (code === "EISDIR") return "is a directory";
  return errorMessage(error);
}
