// What `check` found, in the shape every output format is rendered from.
import type { Finding, Range, Target } from "../../core/schema";
import type { SkippedFile } from "../../workspace";

export type TargetReport = { checked: true; source: string } | { checked: false; reason: string };

export interface CheckReport {
  /** Absolute project root; finding files are relative to it. */
  root: string;
  findings: Finding[];
  targets: Record<Target, TargetReport>;
  /** Counts of every finding, including those the capped listing leaves out. */
  summary: { files: number; actions: number; requirements: number; errors: number; warnings: number; notes: number };
  skipped: SkippedFile[];
}

/** A range as people, scripts and SARIF count it: lines and UTF-16 columns from 1 (ours are 0-based). */
export function oneBasedSpan(range: Range): { line: number; column: number; endLine: number; endColumn: number } {
  return {
    line: range.start.line + 1,
    column: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

export function countSeverities(findings: Finding[]): { errors: number; warnings: number; notes: number } {
  let errors = 0;
  let warnings = 0;
  for (const f of findings) {
    if (f.severity === "error") errors++;
    else if (f.severity === "warning") warnings++;
  }
  return { errors, warnings, notes: findings.length - errors - warnings };
}
