// A small glob matcher for `--exclude` and the editor's exclude setting: `*`, `?`, `**`, `{a,b}`
// and `[...]`, matched against root-relative `/` paths. A pattern also excludes everything below
// a directory it matches, and a pattern without `/` matches any single path segment (like
// .gitignore), so `--exclude generated` and `--exclude "*.test.ts"` do what people expect.

const cache = new Map<string, RegExp>();

export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let re = "";
  let braceDepth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") {
      if (glob[i + 1] === "*") {
        const slashAfter = glob[i + 2] === "/";
        re += slashAfter ? "(?:.*/)?" : ".*";
        i += slashAfter ? 2 : 1;
        // `**/**/` means `**/`; adjacent optional groups backtrack exponentially on a miss, and
        // the pattern may come from a workspace's settings (analysis runs in untrusted folders).
        if (slashAfter) while (glob.startsWith("**/", i + 1)) i += 3;
      } else re += "[^/]*";
    } else if (c === "?") re += "[^/]";
    else if (c === "{") {
      braceDepth++;
      re += "(?:";
    } else if (c === "}" && braceDepth > 0) {
      braceDepth--;
      re += ")";
    } else if (c === "," && braceDepth > 0) re += "|";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close < 0) re += "\\[";
      else {
        const body = glob.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\");
        re += `[${body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\\]]/g, "\\$&");
  }
  re += ")".repeat(braceDepth);
  let compiled: RegExp;
  try {
    compiled = new RegExp(`^${re}$`);
  } catch {
    // A malformed class or brace: fall back to matching the pattern literally.
    compiled = new RegExp(`^${glob.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  }
  cache.set(glob, compiled);
  return compiled;
}

/** True when the root-relative `file` (or a directory above it) matches one of the globs. */
export function matchesExclude(file: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const parts = file.split("/");
  for (const raw of globs) {
    const glob = raw.replace(/^\.\//, "").replace(/\/+$/, "");
    if (glob === "") continue;
    const re = globToRegExp(glob);
    if (!glob.includes("/")) {
      if (parts.some((p) => re.test(p))) return true;
      continue;
    }
    for (let i = parts.length; i > 0; i--) {
      if (re.test(parts.slice(0, i).join("/"))) return true;
    }
  }
  return false;
}
