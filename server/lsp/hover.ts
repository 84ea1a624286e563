// Hover on a credential reference (an element of an action's credentials array, or a catalog
// import) or on a definition: what the credential is, its pin, and where it resolves per target,
// or why not, or that the target was not checked and when it last was.
import { MarkupKind, type Hover, type HoverParams } from "vscode-languageserver/node";
import type { CredentialDefinition, ModelAction } from "../core/analysis";
import { missingFields, resolveRequirement } from "../core/resolution";
import { TARGETS, type FieldSpec, type RequirementStatus, type Target, type TargetResolution } from "../core/schema";
import { contains, sameRange } from "../core/ranges";
import type { Located, ServerView } from "./view";

export function hover(view: ServerView, params: HoverParams): Hover | null {
  const located = view.locate(params.textDocument.uri);
  if (!located) return null;
  const { model } = located.analysis;
  const requirement = model.requirements.find((r) => r.file === located.file && contains(r.range, params.position));
  if (requirement) {
    const status = located.analysis.statusesIn(located.file).find((s) => s.file === requirement.file && sameRange(s.range, requirement.range));
    if (status) return markdown(requirementHover(view, status), requirement.range);
  }
  const definition = model.definitions.find((d) => d.file === located.file && contains(d.range, params.position));
  if (definition) return markdown(definitionHover(view, located, definition), definition.keyRange);
  // Innermost action around the position (actions do not nest in practice, but the last match is the innermost).
  const action = model.actions.filter((a) => a.file === located.file && contains(a.range, params.position)).pop();
  if (action) return markdown(actionHover(action), undefined);
  return null;
}

/** What an action declares, and whether its run reads were all checked, or why not. */
function actionHover(action: ModelAction): string {
  const keys = action.requirementKeys.length > 0 ? action.requirementKeys.map((k) => `\`${k}\``).join(", ") : "no credentials";
  const reads = action.readsUnchecked
    ? `Reads of undeclared credentials in \`run\`: not checked, because ${action.readsUnchecked}.`
    : "Reads of undeclared credentials in `run`: checked.";
  return [`**Keystroke action** \`${action.name}\``, `Declares ${keys}`, reads].join("\n\n");
}

function markdown(value: string, range: Hover["range"]): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, ...(range ? { range } : {}) };
}

function requirementHover(view: ServerView, status: RequirementStatus): string {
  const paragraphs = [
    header(status.key, status.kind, status.catalog ? "catalog app credential (key inferred from the package name)" : "credential"),
    fieldsLine(status.fields),
    status.pin ? `Pin: \`.scope("${status.pin}")\`, only that scope is tried` : "Pin: none, so the project default, then the organization default",
    `Required by ${status.catalog ? "" : "action "}\`${status.action.name}\``,
  ];
  const perTarget = TARGETS.map((t) => `- **${t}**: ${describeResolution(view, t, status.targets[t])}`);
  return `${paragraphs.join("\n\n")}\n\n${perTarget.join("\n")}`;
}

function definitionHover(view: ServerView, located: Located, definition: CredentialDefinition): string {
  const { model } = located.analysis;
  const users = new Set(model.requirements.filter((r) => r.definition && r.definition.file === definition.file && sameRange(r.definition.range, definition.range)).map((r) => r.action.name));
  const required = definition.fields.filter((f) => f.required).map((f) => f.name);
  const perTarget = TARGETS.map((target) => {
    const snapshot = view.targets.snapshot(target, located.analysis.project.root);
    if (!snapshot) return `- **${target}**: ${notChecked(view, target)}`;
    const outcome = resolveRequirement(definition.key, null, snapshot, { project: model.context.project });
    if (!outcome.ok) return `- **${target}**: ✗ ${outcome.reason} (${outcome.code})`;
    const lacking = missingFields(outcome.entry, required);
    return `- **${target}**: ✓ ${outcome.reason}${lacking.length > 0 ? `, but lacks ${lacking.map((f) => `\`${f}\``).join(", ")} (KS004)` : ""}`;
  });
  return [
    header(definition.key, definition.kind, "credential definition"),
    fieldsLine(definition.fields),
    users.size > 0 ? `Required by ${[...users].map((n) => `\`${n}\``).join(", ")}` : "Not required by any action yet",
    `Unpinned resolution:\n${perTarget.join("\n")}`,
  ].join("\n\n");
}

function header(key: string, kind: string, what: string): string {
  return `**\`${key}\`** · ${what} · kind \`${kind}\``;
}

function fieldsLine(fields: FieldSpec[]): string {
  if (fields.length === 0) return "Fields: none declared";
  return `Fields: ${fields.map((f) => `\`${f.name}\` (${f.required ? "required" : "optional"})`).join(", ")}`;
}

/** One target's outcome in words (hovers, and the code lenses' tooltips). */
export function describeResolution(view: ServerView, target: Target, resolution: TargetResolution): string {
  switch (resolution.status) {
    case "resolved": {
      const name = resolution.entryName ? ` "${resolution.entryName}"` : "";
      const which = resolution.isDefault ? "the default" : "not marked default";
      const lacking = resolution.missingFields.length > 0 ? `, but lacks ${resolution.missingFields.map((f) => `\`${f}\``).join(", ")} (KS004)` : "";
      return `✓ resolves at ${resolution.scope} scope:${name} (${which})${lacking}`;
    }
    case "missing":
      return `✗ ${stripTarget(resolution.message)} (${resolution.code})`;
    case "unchecked":
      return notChecked(view, target, resolution.reason);
    case "skipped":
      return `skipped: ${resolution.reason}`;
  }
}

function notChecked(view: ServerView, target: Target, reason?: string): string {
  const state = view.targets.view(target);
  const why = reason ?? (state.state.state === "unchecked" ? state.state.reason : "no snapshot");
  return `not checked: ${why} (last check: ${state.lastCheckedAt ?? "never"})`;
}

/** The bullet already names the target; the catalog message starts with "[local] ". */
function stripTarget(message: string): string {
  return message.replace(/^\[(local|cloud)\]\s*/, "");
}
