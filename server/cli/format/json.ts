// Machine output for scripts: 1-based positions, root-relative `/` paths, target null for
// authoring findings. Version 2 gives each target its state, reason and time; version 1 (the
// old string form, `--json-version 1`) stays for one release (see the CHANGELOG).
import type { Target } from "../../core/schema";
import { oneBasedSpan, type CheckReport, type TargetReport } from "./report";

function targetV2(t: TargetReport) {
  return t.checked
    ? { state: "checked" as const, source: t.source, at: t.at, requested: t.requested }
    : { state: "unchecked" as const, reason: t.reason, at: t.at, requested: t.requested, allowed: t.allowed };
}

export function formatJson(report: CheckReport, version: 1 | 2 = 2): string {
  const targets = (shape: (t: TargetReport) => unknown) =>
    Object.fromEntries((["local", "cloud"] as const satisfies readonly Target[]).map((t) => [t, shape(report.targets[t])]));
  const { analyzed, ...summaryV1 } = report.summary;
  const body = {
    version,
    diagnostics: report.findings.map((f) => ({
      file: f.file,
      ...oneBasedSpan(f.range),
      severity: f.severity,
      code: f.code,
      message: f.message,
      credential: f.credential,
      target: f.target,
    })),
    targets: version === 1 ? targets((t) => (t.checked ? "checked" : "unchecked")) : targets(targetV2),
    summary: version === 1 ? summaryV1 : { ...summaryV1, analyzed },
    /** Files not analysed (too large, unreadable, nested too deeply...), with why. */
    skipped: report.skipped.map((s) => ({ file: s.file, reason: s.reason })),
    ...(version === 2 ? { exitCode: report.exitCode } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
