// SARIF 2.1.0 for GitHub code scanning: one rule per catalog code, results located by
// %SRCROOT%-relative URIs with 1-based UTF-16 columns.
import { pathToFileURL } from "node:url";
import { FINDING_CODES, type Severity } from "../../core/schema";
import { CATALOG, helpAnchor } from "../../core/findings/catalog";
import { VERSION } from "../version";
import { oneBasedSpan, type CheckReport } from "./report";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", information: "note", hint: "note" };
const INFORMATION_URI = "https://github.com/keystrokehq/keystroke-credentials";

export function formatSarif(report: CheckReport): string {
  const rules = FINDING_CODES.map((code) => ({
    id: code,
    name: CATALOG[code].title.replace(/(?:^|\s+)(\w)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: CATALOG[code].title },
    fullDescription: { text: CATALOG[code].fix },
    help: { text: CATALOG[code].fix, markdown: `${CATALOG[code].fix} See the README, section ${helpAnchor(code)}.` },
    defaultConfiguration: { level: LEVEL[CATALOG[code].severity] },
  }));
  const results = report.findings.map((f) => {
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
      properties: { credential: f.credential, target: f.target },
    };
  });
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "keystroke-credentials", version: VERSION, semanticVersion: VERSION, informationUri: INFORMATION_URI, rules } },
        originalUriBaseIds: { "%SRCROOT%": { uri: `${pathToFileURL(report.root).href.replace(/\/?$/, "/")}` } },
        columnKind: "utf16CodeUnits",
        // Files not analysed, so a reader can tell "clean" from "not looked at".
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.skipped.map((s) => ({
              level: "warning",
              message: { text: `${s.file} was not analysed: ${s.reason}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(s.file), uriBaseId: "%SRCROOT%" } } }],
            })),
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
