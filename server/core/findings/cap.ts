// Bounds what one file reports: at most CAP findings of one code, then one summary finding that
// says how many more there are. Hostile or generated input (100,000 duplicate entries) would
// otherwise flood the Problems panel and produce SARIF files of hundreds of megabytes. Exit
// statuses and summary counts are computed from the uncapped list.
import type { Finding } from "../schema";

export const FINDINGS_PER_CODE = 20;

export function capFindings(findings: readonly Finding[], cap = FINDINGS_PER_CODE): Finding[] {
  const seen = new Map<string, number>();
  const out: Finding[] = [];
  const summaries = new Map<string, Finding>();
  for (const f of findings) {
    const group = `${f.file}\u0000${f.code}`;
    const n = (seen.get(group) ?? 0) + 1;
    seen.set(group, n);
    if (n <= cap) {
      out.push(f);
      continue;
    }
    let summary = summaries.get(group);
    if (!summary) {
      summary = { code: f.code, severity: "information", file: f.file, range: f.range, message: "", credential: null, target: null, related: [] };
      summaries.set(group, summary);
      out.push(summary);
    }
    summary.message = `…and ${n - cap} more ${f.code} finding${n - cap === 1 ? "" : "s"} in this file, not listed (only the first ${cap} of each code are).`;
  }
  return out;
}
