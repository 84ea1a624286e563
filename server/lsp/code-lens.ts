// A lens above each defineAction per required key, e.g. `exa ✓ local · ✗ cloud`. Clicking runs
// the command that fixes the first failing target (set it locally, else push it); when nothing
// fails it opens the credential manager, which the extension registers.
import type { CodeLens, CodeLensParams, Command } from "vscode-languageserver/node";
import type { CredentialCommandArgs, RequirementStatus, Target, TargetResolution } from "../core/schema";
import { commandArgs, OPEN_MANAGER_COMMAND, storeCommand } from "./commands";
import { sameRange } from "./ranges";
import type { Located, ServerView } from "./view";

const MARKS: Record<TargetResolution["status"], string> = { resolved: "✓", missing: "✗", unchecked: "?", skipped: "–" };

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
      if (status) lenses.push({ range: line, command: lensCommand(located, status) });
    }
  }
  return lenses;
}

function lensCommand(located: Located, status: RequirementStatus): Command {
  const title = `${status.key} ${mark(status, "local")} local · ${mark(status, "cloud")} cloud`;
  const failing = (["local", "cloud"] as const).find((t) => status.targets[t].status === "missing");
  if (!failing) return { title, command: OPEN_MANAGER_COMMAND, arguments: [{ key: status.key }] };
  return storeCommand(failing, fixArgs(located, status, failing), title);
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
