// Maps an import specifier to a project file, the way TypeScript's "bundler" resolution would for
// files we know: relative specifiers with or without extension, `.js`/`.mjs`/`.cjs` naming the
// `.ts`/`.mts`/`.cts` source, `index` files, and tsconfig `paths`/`baseUrl`. Installed packages
// are never resolved (a bare specifier without an alias is external), except a monorepo's own
// workspace packages, which the caller locates (packageBases).
import type { TsconfigPaths } from "./tsconfig";
import { dirname, normalizePath } from "./paths";
import { isKeystrokeScopePackage } from "./primitives";

const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
const SOURCE_FOR_JS: Record<string, string[]> = {
  ".js": [".ts", ".tsx"],
  ".jsx": [".tsx"],
  ".mjs": [".mts"],
  ".cjs": [".cts"],
};

export class ModuleResolver {
  constructor(
    private readonly has: (file: string) => boolean,
    private readonly tsconfig: TsconfigPaths | undefined,
    /** Where a bare specifier's workspace package lives (root-relative bases to probe); none for installed packages. */
    private readonly packageBases?: (specifier: string) => readonly string[],
  ) {}

  resolve(fromFile: string, specifier: string): string | null {
    if (specifier === "." || specifier === ".." || specifier.startsWith("./") || specifier.startsWith("../")) {
      return this.probe(normalizePath(`${dirname(fromFile)}/${specifier}`));
    }
    // Keystroke's own packages are never project files, whatever links a workspace has.
    if (specifier.startsWith("/") || isKeystrokeScopePackage(specifier)) return null;
    const aliased = this.tsconfig ? this.resolveAlias(specifier, this.tsconfig) : null;
    if (aliased !== null || !this.packageBases) return aliased;
    for (const base of this.packageBases(specifier)) {
      const found = this.probe(normalizePath(base));
      if (found) return found;
    }
    return null;
  }

  private resolveAlias(specifier: string, config: TsconfigPaths): string | null {
    // TypeScript picks the matching pattern with the longest prefix before its `*`.
    let best: { pattern: string; star: string } | null = null;
    let bestPrefix = -1;
    for (const pattern of Object.keys(config.paths)) {
      const star = pattern.indexOf("*");
      if (star < 0) {
        if (pattern === specifier && pattern.length > bestPrefix) {
          best = { pattern, star: "" };
          bestPrefix = pattern.length;
        }
        continue;
      }
      const prefix = pattern.slice(0, star);
      const suffix = pattern.slice(star + 1);
      if (specifier.length >= prefix.length + suffix.length && specifier.startsWith(prefix) && specifier.endsWith(suffix) && prefix.length > bestPrefix) {
        best = { pattern, star: specifier.slice(prefix.length, specifier.length - suffix.length) };
        bestPrefix = prefix.length;
      }
    }
    if (best) {
      for (const target of config.paths[best.pattern] ?? []) {
        const found = this.probe(normalizePath(`${config.baseUrl}/${target.replace("*", best.star)}`));
        if (found) return found;
      }
    }
    return this.probe(normalizePath(`${config.baseUrl}/${specifier}`));
  }

  /** The file a resolved path names: as written, with a source extension, or its index file. */
  private probe(base: string): string | null {
    const dot = base.lastIndexOf(".");
    const ext = dot > base.lastIndexOf("/") ? base.slice(dot) : "";
    for (const sourceExt of SOURCE_FOR_JS[ext] ?? []) {
      const candidate = base.slice(0, dot) + sourceExt;
      if (this.has(candidate)) return candidate;
    }
    if (ext !== "" && EXTENSIONS.includes(ext) && this.has(base)) return base;
    for (const e of EXTENSIONS) if (this.has(base + e)) return base + e;
    const index = base === "" ? "index" : `${base}/index`;
    for (const e of EXTENSIONS) if (this.has(index + e)) return index + e;
    return null;
  }
}
