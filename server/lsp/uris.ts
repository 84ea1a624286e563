// Conversions between LSP document URIs and the analyzer's root-relative '/' paths, for the
// platform's own path rules: Windows drive letters, backslashes and UNC shares, VS Code's
// `file:///c%3A/...` spelling, and the case-insensitive file systems of Windows and macOS. Tests
// run the Windows and macOS rules on Linux by passing their style.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export interface PathStyle {
  path: path.PlatformPath;
  /** Names that differ only in case name the same file (Windows; macOS's default APFS). */
  caseInsensitive: boolean;
}

export const NATIVE_STYLE: PathStyle = { path, caseInsensitive: process.platform === "win32" || process.platform === "darwin" };
export const WINDOWS_STYLE: PathStyle = { path: path.win32, caseInsensitive: true };
export const MACOS_STYLE: PathStyle = { path: path.posix, caseInsensitive: true };

const isWindows = (style: PathStyle) => style.path.sep === "\\";

/** The absolute file-system path of a file: URI, or null for other schemes (untitled:, git:). */
export function uriToPath(uri: string, style: PathStyle = NATIVE_STYLE): string | null {
  if (!uri.startsWith("file:")) return null;
  try {
    if (!isWindows(style) || style === NATIVE_STYLE) return style.path.normalize(fileURLToPath(uri));
    // Node's own conversion follows the host OS; Windows rules on another host are spelled out.
    const url = new URL(uri);
    const pathname = decodeURIComponent(url.pathname);
    if (url.hostname !== "") return style.path.normalize(`\\\\${url.hostname}${pathname.replace(/\//g, "\\")}`);
    if (!/^\/[A-Za-z]:/.test(pathname)) return null;
    return style.path.normalize(pathname.slice(1).replace(/\//g, "\\"));
  } catch {
    return null;
  }
}

/** A file URI for an absolute path, as VS Code spells it on Windows (`file:///c%3A/...`). */
export function pathToUri(absolute: string, style: PathStyle = NATIVE_STYLE): string {
  if (!isWindows(style)) return pathToFileURL(absolute).href;
  const slashed = style.path.normalize(absolute).replace(/\\/g, "/");
  const encode = (p: string) => p.split("/").map(encodeURIComponent).join("/");
  if (slashed.startsWith("//")) {
    const [host = "", ...rest] = slashed.slice(2).split("/");
    return `file://${host.toLowerCase()}/${encode(rest.join("/"))}`;
  }
  const drive = /^([A-Za-z]):(.*)$/.exec(slashed);
  return drive ? `file:///${drive[1]!.toLowerCase()}%3A${encode(drive[2]!)}` : `file:///${encode(slashed.replace(/^\//, ""))}`;
}

/** `absolute` relative to `root` with '/' separators (in `absolute`'s own case), or null when outside `root`. */
export function relativeTo(root: string, absolute: string, style: PathStyle = NATIVE_STYLE): string | null {
  const p = style.path;
  let rel = p.relative(root, absolute);
  // path.win32 already compares case-insensitively; macOS's default file system does too.
  if (style.caseInsensitive && (rel.startsWith("..") || p.isAbsolute(rel))) {
    const base = p.normalize(root).replace(/[\\/]+$/, "");
    const file = p.normalize(absolute);
    if (file.toLowerCase().startsWith(`${base.toLowerCase()}${p.sep}`)) rel = file.slice(base.length + 1);
  }
  if (rel === "" || rel.startsWith("..") || p.isAbsolute(rel)) return null;
  return rel.split(p.sep).join("/");
}

export function fileUri(root: string, relative: string, style: PathStyle = NATIVE_STYLE): string {
  return pathToUri(style.path.join(root, ...relative.split("/")), style);
}
