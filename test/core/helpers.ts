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
