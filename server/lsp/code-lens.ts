// A lens above each defineAction per required key, e.g. `exa $(check) local · $(error) cloud`,
// with each target's outcome in its tooltip. Clicking runs the command that fixes the first
// failing target (set it locally, else push it); when a target is not checked it opens the
// credential manager; when both resolve there is nothing to do, and the lens does nothing.
import type { CodeLens, CodeLensParams, Command } from "vscode-languageserver/node";
import { TARGETS, type CredentialCommandArgs, type RequirementStatus, type Target, type TargetResolution } from "../core/schema";
import { describeResolution } from "./hover";
import { commandArgs, OPEN_MANAGER_COMMAND, storeCommand } from "./commands";
import { sameRange } from "../core/ranges";
import type { Located, ServerView } from "./view";

/** Codicons, as VS Code draws them in lens titles. */
const MARKS: Record<TargetResolution["status"], string> = { resolved: "$(check)", missing: "$(error)", unchecked: "$(question)", skipped: "$(dash)" };

export function codeLenses(view: ServerView, params: CodeLensParams): CodeLens[] {
  const located = view.locate(params.textDocument.uri);
  if (!located) return [];
  const statuses = located.analysis.statusesIn(located.file).filter((s) => s.action.file === located.file);
  const lenses: CodeLens[] = [];
  for (const action of located.analysis.model.actions) {
    if (action.file !== located.file) continue;
    const own = statuses.filter((s) => s.action.name === action.name && sameRange(s.action.range, action.range));
    const line = { start: action.range.start, end: action.range.start };
    for (const key of action.requirementKeys) {
      const status = own.find((s) => s.key === key);
      if (status) lenses.push({ range: line, command: lensCommand(view, located, status) });
    }
  }
  return lenses;
}

function lensCommand(view: ServerView, located: Located, status: RequirementStatus): Command {
  const title = `${status.key} ${mark(status, "local")} local · ${mark(status, "cloud")} cloud`;
  const tooltip = TARGETS.map((t) => `${t}: ${describeResolution(view, t, status.targets[t])}`).join("\n");
  const failing = TARGETS.find((t) => status.targets[t].status === "missing");
  if (failing) return { ...storeCommand(failing, fixArgs(located, status, failing), title), tooltip };
  // An empty command id: VS Code shows the lens as text, since there is nothing to fix.
  if (TARGETS.every((t) => status.targets[t].status === "resolved")) return { title, command: "", tooltip };
  return { title, command: OPEN_MANAGER_COMMAND, arguments: [{ key: status.key }], tooltip };
}

function mark(status: RequirementStatus, target: Target): string {
  return MARKS[status.targets[target].status];
}

/** The analyzer's own fix when it made one; else the requirement's pin and required fields. */
function fixArgs(located: Located, status: RequirementStatus, target: Target): CredentialCommandArgs {
  const finding = (located.analysis.byFile.get(status.file) ?? []).find(
    (f) => f.target === target && f.data?.fix && sameRange(f.range, status.range),
  );
  if (finding?.data?.fix) return commandArgs(finding.data.fix);
  const project = located.analysis.model.context.project;
  return {
    key: status.key,
    ...(status.pin ? { scope: status.pin } : {}),
    ...(project ? { project } : {}),
    fields: status.fields.filter((f) => f.required).map((f) => f.name),
  };
}
