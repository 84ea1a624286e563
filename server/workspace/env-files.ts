// Which variables the project's .env files define, by name only: KS030 says when a read works
// locally because of one. Values are never read into memory here (the language server must not
// hold them); the dev server reads a value only when the person imports it.
import { readFileSync } from "node:fs";
import path from "node:path";

/** The files `keystroke dev` and the usual tooling load, in the project root. */
export const ENV_FILES = [".env", ".env.local", ".env.development"] as const;

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*=/;

/** Whether a .env text assigns `name` (the dev server reads the value; this only looks for the line). */
export function assignsName(text: string, name: string): boolean {
  return text.split(/\r?\n/).some((line) => ASSIGNMENT.exec(line)?.[1] === name);
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
    for (const line of text.split(/\r?\n/)) {
      const name = ASSIGNMENT.exec(line)?.[1];
      if (name === undefined) continue;
      const list = names.get(name) ?? [];
      if (!list.includes(file)) list.push(file);
      names.set(name, list);
    }
  }
  return names;
}
