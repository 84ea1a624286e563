// Shared by the core tests: fixture locations, in-memory projects, and a compact view of findings
// (`file:line CODE[target]`) so assertions read like the expectations written in fixtures.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ProjectIndex, computeFindings, type TargetInput } from "../../server/core/analysis";
import type { Finding, Snapshot } from "../../server/core/schema";

export const REPO = process.cwd();
export const FIXTURES = path.join(REPO, "test/fixtures/projects");

export function brief(f: Finding): string {
  return `${f.file}:${f.range.start.line + 1} ${f.code}${f.target ? `[${f.target}]` : ""}`;
}

/** `// expect: KS001[local] KS013` comments in a fixture, as `file:line CODE[target]` strings. */
export function readExpectations(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const childRel = rel ? `${rel}/${name}` : name;
      if (statSync(full).isDirectory()) walk(full, childRel);
      else if (/\.[mc]?[jt]sx?$/.test(name)) {
        readFileSync(full, "utf8").split("\n").forEach((line, i) => {
          const m = /\/\/ expect: (.*)$/.exec(line);
          for (const code of m?.[1]?.trim().split(/\s+/) ?? []) out.push(`${childRel}:${i + 1} ${code}`);
        });
      }
    }
  };
  walk(root, "");
  return out.sort();
}

export const UNCHECKED: TargetInput = { unchecked: "not given" };

export function snapshot(credentials: Snapshot["credentials"], extra: Partial<Snapshot> = {}): TargetInput {
  return { snapshot: { version: 1, credentials, ...extra } };
}

/** A project from a `{ file: text }` map. */
export function project(files: Record<string, string>, options?: ConstructorParameters<typeof ProjectIndex>[0]): ProjectIndex {
  const index = new ProjectIndex(options);
  for (const [file, text] of Object.entries(files)) index.setFile(file, text);
  return index;
}

export function findingsOf(index: ProjectIndex, local: TargetInput = UNCHECKED, cloud: TargetInput = UNCHECKED): string[] {
  return computeFindings(index.model(), { local, cloud }).map(brief).sort();
}

export const DEFINE = `import { defineCredential } from "@keystrokehq/keystroke/credentials";\nimport { z } from "zod";\n`;
export const ACTION = `import { defineAction } from "@keystrokehq/keystroke/action";\n`;

/** Every source file under `dir` (not .d.ts), as root-relative path and text, in directory order. */
export function sourceFiles(dir: string, rel = ""): [string, string][] {
  return readdirSync(dir).flatMap((name): [string, string][] => {
    const full = path.join(dir, name);
    const childRel = rel ? `${rel}/${name}` : name;
    if (statSync(full).isDirectory()) return sourceFiles(full, childRel);
    return /\.[mc]?[jt]s$/.test(name) && !name.endsWith(".d.ts") ? [[childRel, readFileSync(full, "utf8")]] : [];
  });
}

/** One mechanical damage: truncation, dropped or swapped tokens, binary garbage, a duplicated slice. */
export function mutate(text: string, random: () => number): string {
  const tokens = text.split(/(\s+|[()[\]{},.;:"'`])/);
  const pick = () => Math.floor(random() * tokens.length);
  switch (Math.floor(random() * 6)) {
    case 0:
      return text.slice(0, Math.floor(random() * text.length));
    case 1: {
      for (let k = 0; k < 1 + random() * 8; k++) tokens.splice(pick(), 1);
      return tokens.join("");
    }
    case 2: {
      for (let k = 0; k < 1 + random() * 8; k++) {
        const a = pick();
        const b = pick();
        [tokens[a], tokens[b]] = [tokens[b]!, tokens[a]!];
      }
      return tokens.join("");
    }
    case 3: {
      const bytes = Array.from({ length: 16 + Math.floor(random() * 400) }, () => String.fromCharCode(Math.floor(random() * 0xffff)));
      const at = Math.floor(random() * text.length);
      return text.slice(0, at) + bytes.join("") + text.slice(at);
    }
    case 4:
      return Array.from({ length: Math.floor(random() * 2000) }, () => String.fromCharCode(Math.floor(random() * 256))).join("");
    default: {
      // Duplicate a random slice somewhere else: unbalanced brackets, repeated declarations.
      const a = Math.floor(random() * text.length);
      const slice = text.slice(a, a + Math.floor(random() * 200));
      const at = Math.floor(random() * text.length);
      return text.slice(0, at) + slice + text.slice(at);
    }
  }
}
