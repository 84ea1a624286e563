// Turns analyzer findings into LSP diagnostics: README link per code, "keystroke" as source, the
// store target named in the message, related locations as file URIs, and the per-target severity
// the user chose (resolution findings only; authoring findings keep the catalog's severity).
import { DiagnosticSeverity, type Diagnostic } from "vscode-languageserver/node";
import { helpUri } from "../core/findings/catalog";
import type { Finding, Severity } from "../core/schema";
import { resolutionSeverity, type Settings } from "./settings";
import { fileUri } from "./uris";

export const DIAGNOSTIC_SOURCE = "keystroke";

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** Null when the finding's target is switched off in the settings. */
export function toDiagnostic(finding: Finding, root: string, settings: Settings): Diagnostic | null {
  const severity = finding.target === null ? finding.severity : resolutionSeverity(settings, finding.target, finding.severity);
  if (severity === null) return null;
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITIES[severity],
    code: finding.code,
    codeDescription: { href: helpUri(finding.code) },
    source: DIAGNOSTIC_SOURCE,
    message: diagnosticMessage(finding),
  };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: fileUri(root, r.file), range: r.range },
      message: r.message,
    }));
  }
  return diagnostic;
}

/** The catalog's resolution messages already start with "[local]"/"[cloud]"; others get it added. */
export function diagnosticMessage(finding: Finding): string {
  if (finding.target === null || finding.message.includes(`[${finding.target}]`)) return finding.message;
  return `[${finding.target}] ${finding.message}`;
}

/** A file the analyzer could not read through: said in the file itself, so "clean" is never "not looked at". */
export function notAnalyzedDiagnostic(reason: string): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: DIAGNOSTIC_SOURCE,
    message: `Keystroke did not check this file's credentials (${reason}).`,
  };
}
