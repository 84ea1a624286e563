// A ProjectIndex kept in step with a project on disk without reading it all again: each refresh
// walks the tree and stats every file, and reads and re-indexes only the files whose size or
// modification time changed, so asking again costs a directory walk, not a parse of the project
// (the dev server's GET /requirements asks on every store change). A file rewritten with the same
// size within one tick of the file system's clock would be missed; editors and tools do not.
import { statSync } from "node:fs";
import { ProjectIndex, type EnvironmentOptions, type ProjectContext, type TsconfigPaths } from "../core/analysis";
import { describeFsError, readProjectFile, walkProjectFiles, type SkippedFile } from "./files";
import { diskExternalSources } from "./external-sources";
import { readTsconfigPaths } from "./tsconfig-file";
import type { Workspace } from "./workspace";

/**
 * A ProjectIndex with the project's import aliases, the context that overrides its config, and
 * the shared files outside the root its imports reach (unreadable ones are reported in `skipped`).
 */
export function emptyIndex(aliases: TsconfigPaths | undefined, context: ProjectContext | undefined, root: string, skipped: SkippedFile[], environment?: EnvironmentOptions): ProjectIndex {
  const options: ConstructorParameters<typeof ProjectIndex>[0] = { external: diskExternalSources(root, skipped) };
  if (environment) options.environment = environment;
  if (aliases) options.tsconfig = aliases;
  if (context) options.context = context;
  return new ProjectIndex(options);
}

export class DiskIndex {
  private index: ProjectIndex | null = null;
  /** file → size and modification time when it was last read. */
  private readonly stamps = new Map<string, string>();
  /** The import aliases the index was built with: others need a new index. */
  private aliases = "";

  constructor(
    private readonly root: string,
    private readonly options: { exclude?: readonly string[]; context?: ProjectContext } = {},
  ) {}

  /** Throws WorkspaceError (with a message for users) when the root cannot be read. */
  refresh(): Workspace {
    const skipped: SkippedFile[] = [];
    const tsconfig = readTsconfigPaths(this.root);
    const aliases = JSON.stringify(tsconfig.paths ?? null);
    if (this.index === null || aliases !== this.aliases) {
      this.index = emptyIndex(tsconfig.paths, this.options.context, this.root, skipped);
      this.stamps.clear();
      this.aliases = aliases;
    }
    const index = this.index;
    const present = new Set<string>();
    walkProjectFiles(this.root, this.options.exclude ?? [], skipped, (file, full) => {
      let stamp: string;
      try {
        const stat = statSync(full);
        if (!stat.isFile()) return;
        stamp = `${stat.size}:${stat.mtimeMs}`;
      } catch (error) {
        skipped.push({ file, reason: `not readable (${describeFsError(error)})` });
        return;
      }
      if (this.stamps.get(file) === stamp) {
        present.add(file);
        return;
      }
      const text = readProjectFile(full, file, skipped);
      if (text === null) return;
      present.add(file);
      this.stamps.set(file, stamp);
      index.setFile(file, text);
    });
    for (const file of [...this.stamps.keys()]) {
      if (present.has(file)) continue;
      this.stamps.delete(file);
      index.removeFile(file);
    }
    if (tsconfig.problem) skipped.push(tsconfig.problem);
    return { index, skipped };
  }
}
