// Quick fixes for findings. The analyzer puts what a fix needs in Finding.data (suggested scope,
// scopes where the key exists, the definition to import, the range to remove, what to store);
// this module only turns that into text edits or client commands, and ranks them by their effect
// on both targets: a fix after which the requirement resolves in every checked target comes first
// (the one preferred fix); one after which a checked target would still fail says so in its title.
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type Diagnostic,
  type TextEdit,
} from "vscode-languageserver/node";
import { resolveRequirement } from "../core/resolution";
import { TARGETS, type Finding, type Scope, type Target } from "../core/schema";
import { commandArgs, storeCommand } from "./commands";
import { DIAGNOSTIC_SOURCE, diagnosticMessage } from "./diagnostics";
import { overlaps, sameRange } from "../core/ranges";
import { importEdit, listEdit } from "./credential-list-edits";
import { moveToCredentialAction } from "./move-to-credential";
import { arrayElementOf, callOptions, declaredName, importedNames, scopeArgument, scopeLiteralAround, SourceText } from "./syntax";
import type { Located, ServerView } from "./view";

export function codeActions(view: ServerView, params: CodeActionParams): CodeAction[] {
  const located = view.locate(params.textDocument.uri);
  const text = view.text(params.textDocument.uri);
  if (!located || text === null) return [];
  const only = params.context.only;
  if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const ours = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  const findings = (located.analysis.byFile.get(located.file) ?? []).filter((f) => overlaps(f.range, params.range));
  if (findings.length === 0) return [];
  const source = new SourceText(located.file, text);
  // The same fix can come from the local and the cloud finding on one element: offer it once.
  const byTitle = new Map<string, CodeAction>();
  for (const finding of findings) {
    // Attach the client's own diagnostic object so the editor links the fix to the squiggle.
    const diagnostic = ours.find((d) => d.code === finding.code && sameRange(d.range, finding.range) && String(d.message) === diagnosticMessage(finding));
    if (ours.length > 0 && !diagnostic) continue;
    const fix: FixContext = { view, located, source, uri: params.textDocument.uri, diagnostics: diagnostic ? [diagnostic] : undefined, finding };
    for (const action of fixesFor(finding, fix)) {
      const same = byTitle.get(action.title);
      if (!same) byTitle.set(action.title, action);
      else if (action.diagnostics) same.diagnostics = [...(same.diagnostics ?? []), ...action.diagnostics];
    }
  }
  return ranked([...byTitle.values()]);
}

/** Fixes that leave no checked target failing first; exactly one of those preferred, none of the others. */
function ranked(actions: CodeAction[]): CodeAction[] {
  const failing = (a: CodeAction) => / would still fail\)$/.test(a.title);
  const order = [...actions].sort((a, b) => Number(failing(a)) - Number(failing(b)) || Number(b.isPreferred === true) - Number(a.isPreferred === true));
  let preferred = false;
  for (const action of order) {
    if (action.isPreferred && !failing(action) && !preferred) preferred = true;
    else delete action.isPreferred;
  }
  return order;
}

interface FixContext {
  view: ServerView;
  located: Located;
  source: SourceText;
  uri: string;
  diagnostics: Diagnostic[] | undefined;
  finding: Finding;
}

/**
 * The checked targets in which the finding's requirement would still not resolve after a fix that
 * pins it at `pin`, or stores it in `stores` (the other target keeps its current state). Targets
 * that are not checked are not guessed about.
 */
function stillFailing(ctx: FixContext, after: { pin: Scope } | { stores: Target }): Target[] {
  const { finding } = ctx;
  const status = ctx.located.analysis.statusesIn(ctx.located.file).find((s) => s.key === finding.credential && sameRange(s.range, finding.range));
  if (!status) return [];
  return TARGETS.filter((t) => {
    if ("stores" in after && after.stores === t) return false;
    const snapshot = ctx.view.targets.snapshot(t, ctx.located.analysis.project.root);
    if (!snapshot) return false;
    if ("pin" in after) return !resolveRequirement(status.key, after.pin, snapshot, { project: ctx.located.analysis.model.context.project }).ok;
    const now = status.targets[t];
    return now.status === "missing" || (now.status === "resolved" && now.missingFields.length > 0);
  });
}

function titled(title: string, failing: Target[]): string {
  return failing.length === 0 ? title : `${title} (${failing.join(" and ")} would still fail)`;
}

function fixesFor(finding: Finding, ctx: FixContext): CodeAction[] {
  // An element from a shared list is not written here: editing the spread would change the code's meaning.
  if (finding.data?.sharedList && finding.code !== "KS001" && finding.code !== "KS004") return commandFixes(finding, ctx);
  switch (finding.code) {
    case "KS010":
      return finding.data?.suggestion ? optional(replaceScope(finding, ctx, finding.data.suggestion, true)) : [];
    case "KS002":
      // The message offers both: pin to the user credential, or store one the unpinned chain reaches.
      return [...optional(pinElement(finding, ctx, "user", true)), ...commandFixes(finding, ctx)];
    case "KS003": {
      const scopes = finding.data?.existsAt ?? [];
      const edits = scopes.flatMap((scope) => optional(replaceScope(finding, ctx, scope, scopes.length === 1) ?? pinElement(finding, ctx, scope, scopes.length === 1)));
      return [...edits, ...commandFixes(finding, ctx)];
    }
    case "KS001":
    case "KS004":
      return commandFixes(finding, ctx);
    case "KS014":
      return optional(declareCredential(finding, ctx));
    case "KS030":
    case "KS031":
      return optional(moveToCredentialAction(finding, ctx.located, ctx.source, ctx.uri, ctx.diagnostics));
    case "KS015":
      return finding.data?.removeRange ? [edit(`Remove the duplicate "${finding.credential ?? "credential"}"`, ctx, [{ range: finding.data.removeRange, newText: "" }], true)] : [];
    default:
      return [];
  }
}

function optional(action: CodeAction | undefined): CodeAction[] {
  return action ? [action] : [];
}

function edit(title: string, ctx: FixContext, edits: TextEdit[], isPreferred: boolean, failing: Target[] = []): CodeAction {
  const sharing = actionsSharing(ctx, edits);
  const shown = titled(sharing > 0 ? `${title} (in a shared list: changes ${sharing} action${sharing === 1 ? "" : "s"})` : title, failing);
  const action: CodeAction = { title: shown, kind: CodeActionKind.QuickFix, edit: { changes: { [ctx.uri]: edits } } };
  if (ctx.diagnostics) action.diagnostics = ctx.diagnostics;
  if (isPreferred) action.isPreferred = true;
  return action;
}

/** How many actions take an element from the list these edits change (0: not a list kept apart from its actions). */
function actionsSharing(ctx: FixContext, edits: TextEdit[]): number {
  const actions = new Set<string>();
  for (const r of ctx.located.analysis.model.requirements) {
    if (r.origin?.file !== ctx.located.file) continue;
    if (edits.some((e) => overlaps(r.origin!.range, e.range))) actions.add(`${r.action.file}\u0000${r.action.name}\u0000${r.action.range.start.line}`);
  }
  return actions.size;
}

/** KS010/KS003: replace an existing `.scope("…")` literal, keeping its quote character. */
function replaceScope(finding: Finding, ctx: FixContext, scope: Scope, isPreferred: boolean): CodeAction | undefined {
  const node = ctx.source.nodeAt(finding.range);
  const element = arrayElementOf(node);
  const literal = element ? scopeArgument(element) : scopeLiteralAround(node);
  if (!literal) return undefined;
  const quote = ctx.source.text.charAt(literal.getStart(ctx.source.source));
  return edit(`Change the scope to "${scope}"`, ctx, [{ range: ctx.source.rangeOf(literal), newText: `${quote}${scope}${quote}` }], isPreferred, stillFailing(ctx, { pin: scope }));
}

/** KS002/KS003: pin an unpinned array element by appending `.scope("…")`. */
function pinElement(finding: Finding, ctx: FixContext, scope: Scope, isPreferred: boolean): CodeAction | undefined {
  const element = arrayElementOf(ctx.source.nodeAt(finding.range));
  if (!element) return undefined;
  const end = ctx.source.rangeOf(element).end;
  return edit(`Pin "${finding.credential ?? "credential"}" with .scope("${scope}")`, ctx, [{ range: { start: end, end }, newText: `.scope("${scope}")` }], isPreferred, stillFailing(ctx, { pin: scope }));
}

/** KS014: list the credential in the enclosing action's `credentials`, importing it when needed. */
function declareCredential(finding: Finding, ctx: FixContext): CodeAction | undefined {
  const target = finding.data?.definition;
  const key = finding.credential;
  if (!target || !key) return undefined;
  const sameFile = target.file === ctx.located.file;
  const name = target.exportName ?? (sameFile ? localName(ctx, key, target.file) : undefined);
  if (!name) return undefined;
  const action = ctx.located.analysis.model.actions.find((a) => a.file === ctx.located.file && overlaps(a.range, finding.range));
  const options = action && callOptions(ctx.source.nodeAt(action.range));
  if (!action || !options) return undefined;
  const added = listEdit(ctx.source, options, name);
  if (!added) return undefined;
  const edits: TextEdit[] = [added];
  if (!sameFile && !importedNames(ctx.source.source).has(name)) edits.push(importEdit(ctx.source, ctx.located.file, name, target.file));
  return edit(`Add "${key}" to the credentials of "${action.name}"`, ctx, edits, true);
}

/** A same-file definition without an export is still reachable through its variable name. */
function localName(ctx: FixContext, key: string, file: string): string | undefined {
  const definition = ctx.located.analysis.model.definitions.find((d) => d.key === key && d.file === file);
  return definition ? declaredName(ctx.source.nodeAt(definition.range)) : undefined;
}

/** KS001/KS003/KS004: store the credential, through the client (it asks for the values). */
function commandFixes(finding: Finding, ctx: FixContext): CodeAction[] {
  const fix = finding.data?.fix;
  if (!fix || !finding.target) return [];
  const command = storeCommand(finding.target, commandArgs(fix));
  const action: CodeAction = { title: titled(command.title, stillFailing(ctx, { stores: finding.target })), kind: CodeActionKind.QuickFix, command };
  if (ctx.diagnostics) action.diagnostics = ctx.diagnostics;
  // The only fix for a plain "not stored" finding is to store it; KS002 and KS003 prefer their edits.
  if (finding.code === "KS001" || finding.code === "KS004") action.isPreferred = true;
  return [action];
}
