// SARIF 2.1.0 for GitHub code scanning: one rule per catalog code, results located by
// %SRCROOT%-relative URIs with 1-based UTF-16 columns, fingerprints that survive unrelated edits,
// and the targets and files that were not checked as tool notifications.
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { FINDING_CODES, type Finding, type Severity } from "../../core/schema";
import { CATALOG, README_URL, helpUri } from "../../core/findings/catalog";
import { EXIT_UNCHECKED } from "../command";
import { VERSION } from "../../core/version";
import { oneBasedSpan, type CheckReport } from "./report";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", information: "note", hint: "note" };

export function formatSarif(report: CheckReport): string {
  const rules = FINDING_CODES.map((code) => ({
    id: code,
    name: CATALOG[code].title.replace(/(?:^|\s+)(\w)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: CATALOG[code].title },
    fullDescription: { text: CATALOG[code].fix },
    helpUri: helpUri(code),
    help: { text: CATALOG[code].fix, markdown: `**Fix:** ${CATALOG[code].fix}\n\n[${code} in the README](${helpUri(code)})` },
    defaultConfiguration: { level: LEVEL[CATALOG[code].severity] },
  }));
  const fingerprints = fingerprintAll(report.findings);
  const results = report.findings.map((f, i) => {
    const span = oneBasedSpan(f.range);
    return {
      ruleId: f.code,
      ruleIndex: FINDING_CODES.indexOf(f.code),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: f.file.split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" },
            region: { startLine: span.line, startColumn: span.column, endLine: span.endLine, endColumn: span.endColumn },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT]: fingerprints[i] },
      properties: { credential: f.credential, target: f.target },
    };
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "keystroke-credentials", version: VERSION, semanticVersion: VERSION, informationUri: README_URL, rules } },
        originalUriBaseIds: { "%SRCROOT%": { uri: `${pathToFileURL(report.root).href.replace(/\/?$/, "/")}` } },
        columnKind: "utf16CodeUnits",
        // Targets and files not checked, so a reader can tell "clean" from "not looked at".
        invocations: [
          {
            executionSuccessful: report.exitCode !== EXIT_UNCHECKED,
            exitCode: report.exitCode,
            toolExecutionNotifications: [...targetNotifications(report), ...report.skipped.map((s) => ({
              level: "warning",
              message: { text: `${s.file} was not analysed: ${s.reason}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(s.file), uriBaseId: "%SRCROOT%" } } }],
            }))],
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

/** Versioned, so a change of what goes into the hash can be told from the alerts it re-opens. */
const FINGERPRINT = "keystrokeFinding/v1";

/**
 * What identifies a finding across runs: code, file, credential, target and message, never its
 * line or column (an edit above it must not re-open the alert). Identical findings in one file
 * are told apart by their order, as code scanning's own `primaryLocationLineHash` does.
 */
function fingerprintAll(findings: Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    // Messages name an unnamed action by its line ("defineAction at line 12"): not part of its identity.
    const identity = [f.code, f.file, f.credential ?? "", f.target ?? "", f.message.replace(/\bline \d+/g, "line")].join("\u0000");
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    return `${createHash("sha256").update(identity).digest("hex").slice(0, 32)}:${occurrence + 1}`;
  });
}

/** One notification per target: an error for one the command line asked for that was not checked. */
function targetNotifications(report: CheckReport) {
  return (["local", "cloud"] as const).map((target) => {
    const t = report.targets[target];
    const properties = { target, state: t.checked ? "checked" : "unchecked", at: t.at, requested: t.requested };
    if (t.checked) return { level: "note", message: { text: `${target}: checked against ${t.source}` }, timeUtc: t.at, properties };
    // Asked for: an error (the run fails) unless --allow-unchecked lowered it; not asked for: a note.
    const level = !t.requested ? "note" : t.allowed ? "warning" : "error";
    return { level, message: { text: `${target}: not checked (${t.reason})` }, timeUtc: t.at, properties };
  });
}
