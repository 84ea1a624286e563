// What `check` found, in the shape every output format is rendered from.
import type { Finding, Range, Target } from "../../core/schema";
import type { SkippedFile } from "../../workspace";

/**
 * A target's state. `at` is when it was determined (a snapshot's own `fetchedAt` when it has
 * one); `requested` when the command line named it, and then an unchecked one fails the run
 * (exit 3) unless `allowed` by --allow-unchecked.
 */
export type TargetReport = ({ checked: true; source: string } | { checked: false; reason: string; allowed: boolean }) & { at: string; requested: boolean };

export interface CheckReport {
  /** Absolute project root; finding files are relative to it. */
  root: string;
  findings: Finding[];
  targets: Record<Target, TargetReport>;
  /** Counts of every finding, including those the capped listing leaves out. */
  summary: { files: number; analyzed: number; actions: number; requirements: number; errors: number; warnings: number; notes: number };
  skipped: SkippedFile[];
  /** The exit status the run ends with (SARIF marks a run that could not check what was asked as unsuccessful). */
  exitCode: number;
}

/** A requested target that could not be checked and was not allowed to be: the run exits 3. */
export function failedTargets(targets: Record<Target, TargetReport>): Target[] {
  return (["local", "cloud"] as const).filter((t) => {
    const r = targets[t];
    return !r.checked && r.requested && !r.allowed;
  });
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
