// Human output: `path:line:col severity CODE [target] message`, then which targets were checked.
// Paths are shown relative to the working directory so terminals and editors can open them.
import path from "node:path";
import { plural } from "../../core/plural";
import type { Target } from "../../core/schema";
import { oneBasedSpan, type CheckReport, type TargetReport } from "./report";

export function formatText(report: CheckReport, cwd: string): string {
  const lines = report.findings.map((f) => {
    const shown = displayPath(path.join(report.root, f.file), cwd);
    // Resolution messages already begin with "[local]"/"[cloud]".
    const { line, column } = oneBasedSpan(f.range);
    return `${shown}:${line}:${column} ${f.severity} ${f.code} ${f.message}`;
  });
  // The summary counts every finding, also those the listing left out (see capFindings).
  const s = report.summary;
  const { errors, warnings, notes } = s;
  const counts = errors + warnings + notes === 0 ? "No credential problems found" : [plural(errors, "error"), plural(warnings, "warning"), ...(notes > 0 ? [plural(notes, "note")] : [])].join(", ");
  lines.push(`${report.findings.length > 0 ? "\n" : ""}${counts} in ${plural(s.analyzed, "file")} analysed (${plural(s.actions, "action")}, ${plural(s.requirements, "credential requirement")}); ${report.skipped.length} not analysed${report.skipped.length > 0 ? ", so not checked:" : "."}`);
  for (const skipped of report.skipped) lines.push(`  ${skipped.file}: ${skipped.reason}`);
  for (const target of ["local", "cloud"] as const) lines.push(targetLine(target, report.targets[target]));
  return `${lines.join("\n")}\n`;
}

function targetLine(target: Target, t: TargetReport): string {
  if (t.checked) return `${target}: checked against ${t.source}`;
  const line = `${target}: not checked (${t.reason})`;
  if (!t.requested) return line;
  return t.allowed ? `${line}; asked for, allowed by --allow-unchecked` : `${line}; asked for on the command line, so the run fails (exit 3; --allow-unchecked=${target} accepts it)`;
}

/** Relative to the working directory when inside it, else absolute; `/`-separated. `p`: the platform's path rules (tests switch them). */
export function displayPath(absolute: string, cwd: string, p: path.PlatformPath = path): string {
  const rel = p.relative(cwd, absolute);
  const shown = rel.startsWith("..") || p.isAbsolute(rel) ? absolute : rel;
  return shown.split(p.sep).join("/");
}
