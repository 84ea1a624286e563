// Root-relative POSIX path arithmetic for module resolution, without node:path (core stays pure
// and behaves the same on every OS). "" is the root; results never start with "./" or "/".

/** Joins `base` with a relative path, resolving "." and ".."; null when it climbs above the root. */
export function joinPath(base: string, relative: string): string {
  return normalizePath(base === "" ? relative : `${base}/${relative}`) ?? "";
}

export function normalizePath(p: string): string | null {
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

export function dirname(file: string): string {
  const i = file.lastIndexOf("/");
  return i < 0 ? "" : file.slice(0, i);
}
