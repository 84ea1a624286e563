// The files outside a project root that its imports may reach: in a monorepo, a shared package
// (`packages/credentials`) found through a tsconfig path alias or through its workspace package
// name in `node_modules` (a link to the package's own directory). Installed packages (whose real
// path is inside a `node_modules`) are never read. What cannot be read is reported in `skipped`.
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { ExternalSources } from "../core/analysis";
import { isSourceName, readProjectFile, type SkippedFile } from "./files";

/** Fields of package.json that may name a package's entry, most source-like first. */
const ENTRY_FIELDS = ["source", "module", "main"] as const;
const EXPORT_CONDITIONS = ["source", "import", "default", "require", "node"] as const;

export function diskExternalSources(root: string, skipped: SkippedFile[]): ExternalSources {
  const exists = new Map<string, boolean>();
  const packages = new Map<string, string | null>();
  const full = (file: string) => path.join(root, ...file.split("/"));
  const rootRelative = (absolute: string) => path.relative(root, absolute).split(path.sep).join("/");

  /** The workspace package directory (root-relative) a package name links to, or null. */
  const packageDir = (name: string): string | null => {
    if (packages.has(name)) return packages.get(name)!;
    let found: string | null = null;
    for (let dir = root; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, "node_modules", ...name.split("/"));
      if (existsSync(candidate)) {
        const real = safeRealpath(candidate);
        found = real !== null && !real.split(path.sep).includes("node_modules") ? rootRelative(real) : null;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    packages.set(name, found);
    return found;
  };

  return {
    exists(file) {
      let known = exists.get(file);
      if (known === undefined) {
        try {
          known = isSourceName(path.posix.basename(file)) && statSync(full(file)).isFile();
        } catch {
          known = false;
        }
        exists.set(file, known);
      }
      return known;
    },
    read(file) {
      return readProjectFile(full(file), file, skipped);
    },
    packageBases(specifier) {
      const parts = specifier.split("/");
      const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
      const sub = parts.slice(specifier.startsWith("@") ? 2 : 1).join("/");
      const dir = packageDir(name);
      if (dir === null) return [];
      if (sub !== "") return [`${dir}/${sub}`, `${dir}/src/${sub}`];
      return [...entryFields(full(dir)).map((entry) => `${dir}/${entry}`), `${dir}/src/index`, `${dir}/index`];
    },
  };
}

function safeRealpath(p: string): string | null {
  try {
    return realpathSync(p);
  } catch {
    return null;
  }
}

/** The entries package.json names (`./` stripped), in the order they are tried; none when it is unreadable. */
function entryFields(dir: string): string[] {
  let manifest: Record<string, unknown>;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  } catch {
    return [];
  }
  const entries: string[] = [];
  const add = (value: unknown) => {
    if (typeof value === "string") entries.push(value.replace(/^\.\//, ""));
  };
  add(manifest.source);
  const exported = manifest.exports;
  const main = typeof exported === "object" && exported !== null && "." in exported ? (exported as Record<string, unknown>)["."] : exported;
  if (typeof main === "string") add(main);
  else if (typeof main === "object" && main !== null) for (const c of EXPORT_CONDITIONS) add((main as Record<string, unknown>)[c]);
  for (const field of ENTRY_FIELDS.slice(1)) add(manifest[field]);
  return entries;
}
