// What reading a project from disk yields, in a module of its own so that the index and the
// disk index both use it without importing each other.
import type { ProjectIndex } from "../core/analysis";
import type { SkippedFile } from "./files";

export interface Workspace {
  index: ProjectIndex;
  /** Files not analysed (over 2 MB, unreadable) and a tsconfig that could not be read, with why. */
  skipped: SkippedFile[];
}
