// What the feature modules (hover, code actions, lenses, completion, navigation) may read from the
// server: the latest analyses, the targets, and open documents' text. Read-only by construction.
import type { ProjectAnalysis } from "./project-analysis";
import type { Targets } from "./targets";

export interface Located {
  analysis: ProjectAnalysis;
  /** Root-relative, '/'-separated, as the analyzer names files. */
  file: string;
  uri: string;
}

export interface ServerView {
  readonly targets: Targets;
  analyses(): ProjectAnalysis[];
  locate(uri: string): Located | null;
  /** The editor's text of an open document. */
  text(uri: string): string | null;
}
