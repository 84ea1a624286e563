// Machine output for scripts: 1-based positions, root-relative `/` paths, target null for
// authoring findings.
import { oneBasedSpan, type CheckReport } from "./report";

export function formatJson(report: CheckReport): string {
  const body = {
    version: 1,
    diagnostics: report.findings.map((f) => ({
      file: f.file,
      ...oneBasedSpan(f.range),
      severity: f.severity,
      code: f.code,
      message: f.message,
      credential: f.credential,
      target: f.target,
    })),
    targets: {
      local: report.targets.local.checked ? "checked" : "unchecked",
      cloud: report.targets.cloud.checked ? "checked" : "unchecked",
    },
    summary: report.summary,
    /** Files not analysed (too large, unreadable, nested too deeply...), with why. */
    skipped: report.skipped.map((s) => ({ file: s.file, reason: s.reason })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
