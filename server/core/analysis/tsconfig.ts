// Reads the two tsconfig options that change where an import points: `baseUrl` and `paths`.
// The text is JSONC (comments, trailing commas); TypeScript's own config reader parses it.
import ts from "typescript";
import { joinPath } from "./paths";

/** `baseUrl` is root-relative ("" = the root); `paths` patterns map to baseUrl-relative targets. */
export interface TsconfigPaths {
  baseUrl: string;
  paths: Record<string, string[]>;
}

/**
 * Parses one tsconfig file. `extends` is returned as written (the caller reads at most one level).
 * Without `baseUrl`, `paths` are relative to the tsconfig's own directory, as in TypeScript 4.1+.
 */
export function parseTsconfigPaths(text: string, tsconfigDir: string): { paths?: TsconfigPaths; extends?: string; error?: string } {
  const parsed = ts.parseConfigFileTextToJson("tsconfig.json", text);
  if (parsed.error) {
    return { error: `tsconfig is not valid JSON: ${ts.flattenDiagnosticMessageText(parsed.error.messageText, " ")}` };
  }
  const config: unknown = parsed.config;
  if (typeof config !== "object" || config === null) return {};
  const result: { paths?: TsconfigPaths; extends?: string } = {};
  const ext = (config as { extends?: unknown }).extends;
  if (typeof ext === "string") result.extends = ext;
  else if (Array.isArray(ext) && typeof ext[0] === "string") result.extends = ext[0];
  const options = (config as { compilerOptions?: unknown }).compilerOptions;
  if (typeof options !== "object" || options === null) return result;
  const { baseUrl, paths } = options as { baseUrl?: unknown; paths?: unknown };
  if (typeof baseUrl !== "string" && (typeof paths !== "object" || paths === null)) return result;
  const clean: Record<string, string[]> = {};
  if (typeof paths === "object" && paths !== null) {
    for (const [pattern, targets] of Object.entries(paths)) {
      if (Array.isArray(targets)) clean[pattern] = targets.filter((t): t is string => typeof t === "string");
    }
  }
  result.paths = { baseUrl: joinPath(tsconfigDir, typeof baseUrl === "string" ? baseUrl : "."), paths: clean };
  return result;
}
