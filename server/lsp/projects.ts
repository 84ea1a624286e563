// The Keystroke projects inside the editor's workspace folders (found by
// workspace/project-roots.ts, which the extension shares). Each project wraps one core
// ProjectIndex and guards it: a file that makes the analyzer throw is logged and dropped, so one
// bad file never stops the rest.
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import type { ProjectIndex, ProjectModel } from "../core/analysis";
import { environmentOf, loadWorkspace, type SkippedFile } from "../workspace";
import { errorMessage } from "../core/error-message";
export type Log = (message: string) => void;
import { relativeTo } from "./uris";
export class Project {
  private lastGoodModel: ProjectModel | null = null;

  private constructor(
    readonly folder: string,
    readonly root: string,
    /** The root with symbolic links resolved (macOS's /tmp is /private/tmp), when it differs. */
    private readonly realRoot: string | null,
    private readonly index: ProjectIndex,
    readonly skipped: SkippedFile[],
    private readonly log: Log,
  ) {}

  /** Throws (WorkspaceError) when the root cannot be read. */
  static load(folder: string, root: string, exclude: string[], allowedEnv: string[], log: Log): Project {
    const { index, skipped } = loadWorkspace(root, { exclude, allowedEnv });
    let real: string | null;
    try {
      real = realpathSync.native(root);
    } catch {
      real = null;
    }
    return new Project(folder, root, real !== null && real !== root ? real : null, index, skipped, log);
  }

  /** Whether the project has this root-relative file, indexed or not (an excluded one still exists). */
  hasFile(file: string): boolean {
    return this.index.has(file) || existsSync(path.join(this.root, ...file.split("/")));
  }

  /** New names that are not secrets; the .env files are read again. */
  setAllowedEnv(allowed: string[]): void {
    this.index.setEnvironment(environmentOf(this.root, allowed));
  }

  /** The root-relative path of a file of this project, whichever spelling of the root its path uses; else null. */
  fileOf(absolute: string): string | null {
    return relativeTo(this.root, absolute) ?? (this.realRoot !== null ? relativeTo(this.realRoot, absolute) : null);
  }

  setFile(file: string, text: string): void {
    try {
      this.index.setFile(file, text);
    } catch (error) {
      this.log(`analysis of ${this.describe(file)} failed, skipping it: ${errorMessage(error)}`);
      this.removeFile(file);
    }
  }

  removeFile(file: string): void {
    try {
      this.index.removeFile(file);
    } catch (error) {
      this.log(`removing ${this.describe(file)} from the index failed: ${errorMessage(error)}`);
    }
  }

  /**
   * The project model. When the analyzer throws, the files edited since the last good model are
   * the suspects: they are dropped one by one until it succeeds; failing that, the last good
   * model is kept so features keep answering.
   */
  model(suspects: readonly string[] = []): ProjectModel {
    const pending = [...suspects];
    for (;;) {
      try {
        this.lastGoodModel = this.index.model();
        return this.lastGoodModel;
      } catch (error) {
        const suspect = pending.pop();
        if (suspect === undefined) {
          this.log(`analysis of ${this.root} failed: ${errorMessage(error)}`);
          return this.lastGoodModel ?? emptyModel();
        }
        this.log(`analysis failed after a change to ${this.describe(suspect)}, skipping that file: ${errorMessage(error)}`);
        this.removeFile(suspect);
      }
    }
  }

  dependents(file: string): string[] {
    try {
      return this.index.dependents(file);
    } catch (error) {
      this.log(`dependency lookup for ${this.describe(file)} failed: ${errorMessage(error)}`);
      return [file];
    }
  }

  private describe(file: string): string {
    return path.join(this.root, file);
  }
}

function emptyModel(): ProjectModel {
  return { context: {}, definitions: [], requirements: [], actions: [], calls: [], authoringFindings: [], files: [], notAnalyzed: [] };
}
