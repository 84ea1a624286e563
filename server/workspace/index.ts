// The file-system adapter shared by the CLI and the language server: finds a project's files,
// reads its tsconfig aliases, and builds a core ProjectIndex from them.
import type { EnvironmentOptions, ProjectContext } from "../core/analysis";
import { readEnvFileNames } from "./env-files";
import { emptyIndex } from "./disk-index";
import { forEachProjectFile, type SkippedFile } from "./files";
import { readTsconfigPaths } from "./tsconfig-file";
import type { Workspace } from "./workspace";

export { assertProjectRoot, isAnalyzableFile, readProjectFiles, forEachProjectFile, WorkspaceError, MAX_FILE_BYTES, type SkippedFile } from "./files";
export { matchesExclude, globMatches } from "./glob";
export { readTsconfigPaths } from "./tsconfig-file";
export { readSnapshotFile, parseSnapshotText, type SnapshotFileResult } from "./snapshot-file";
export { DiskIndex } from "./disk-index";
export { notAKeystrokeProject } from "./keystroke-project";
export { readEnvFileNames } from "./env-files";

/** KS030's inputs: names that are not secrets, and which .env files define which names. */
export function environmentOf(root: string, allowed: readonly string[] = []): EnvironmentOptions {
  return { allowed, envFiles: readEnvFileNames(root) };
}

export type { Workspace } from "./workspace";

/** Throws WorkspaceError (with a message for users) when the root cannot be read. */
export function loadWorkspace(root: string, options: { exclude?: readonly string[]; context?: ProjectContext; allowedEnv?: readonly string[] } = {}): Workspace {
  const tsconfig = readTsconfigPaths(root);
  // Shared files outside the root are read while linking; what cannot be read is added here.
  const skipped: SkippedFile[] = [];
  const index = emptyIndex(tsconfig.paths, options.context, root, skipped, environmentOf(root, options.allowedEnv));
  skipped.push(...forEachProjectFile(root, options.exclude ?? [], (file, text) => index.setFile(file, text)).skipped);
  if (tsconfig.problem) skipped.push(tsconfig.problem);
  return { index, skipped };
}
