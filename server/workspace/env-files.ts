// Which variables the project's .env files define, by name only: KS030 says when a read works
// locally because of one. Only names leave this module (the text is dropped at once, so the
// language server keeps no value); the dev server reads a value only when the person imports it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { dotenvNames } from "../core/dotenv-names";

/** The files `keystroke dev` and the usual tooling load, in the project root. */
export const ENV_FILES = [".env", ".env.local", ".env.development"] as const;

/** Whether a .env text assigns `name` (the dev server reads the value; this only looks for the line). */
export function assignsName(text: string, name: string): boolean {
  return dotenvNames(text).includes(name);
}

/** Variable name → the .env files (root-relative names) that assign it; unreadable files are left out. */
export function readEnvFileNames(root: string): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const file of ENV_FILES) {
    let text: string;
    try {
      text = readFileSync(path.join(root, file), "utf8");
    } catch {
      continue;
    }
    for (const name of dotenvNames(text)) names.set(name, [...(names.get(name) ?? []), file]);
  }
  return names;
}
