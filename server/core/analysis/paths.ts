// Root-relative POSIX path arithmetic for module resolution, without node:path (core stays pure
// and behaves the same on every OS). "" is the root; results never start with "./" or "/". A path
// outside the root (a monorepo's shared package) starts with "../" segments.

/** Joins `base` with a relative path, resolving "." and "..". */
export function joinPath(base: string, relative: string): string {
  return normalizePath(base === "" ? relative : `${base}/${relative}`);
}

export function normalizePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/** Whether a root-relative path lies outside the root. */
export function isOutsideRoot(file: string): boolean {
  return file === ".." || file.startsWith("../");
}

export function dirname(file: string): string {
  const i = file.lastIndexOf("/");
  return i < 0 ? "" : file.slice(0, i);
}
