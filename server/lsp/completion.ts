// Completion in the two places where the valid strings are known: the argument of `.scope("|")`
// (the three scopes) and `key: "|"` of a defineCredential (keys the stores hold that no
// definition in the project declares yet).
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionParams } from "vscode-languageserver/node";
import { TARGETS, type Scope } from "../core/schema";
import { DEFINITION_CALL_NAMES } from "../core/analysis";
import { enclosingCallOptions, SourceText } from "./syntax";
import type { ServerView } from "./view";

const SCOPE_DOCS: Record<Scope, string> = {
  organization: "Always use the organization's shared credential.",
  project: "Use this project's credential.",
  user: "Run as the user who connected the app; the only way to reach a user credential.",
};

export function completions(view: ServerView, params: CompletionParams): CompletionItem[] {
  const text = view.text(params.textDocument.uri);
  const located = view.locate(params.textDocument.uri);
  if (text === null || !located) return [];
  const source = new SourceText(located.file, text);
  const offset = source.offsetAt(params.position);
  const before = text.slice(Math.max(0, offset - 200), offset);
  const replace = (typed: string) => ({ start: { ...params.position, character: params.position.character - typed.length }, end: params.position });

  const scope = /\.scope\(\s*["'`]([A-Za-z]*)$/.exec(before);
  if (scope) {
    const typed = scope[1] ?? "";
    return (Object.keys(SCOPE_DOCS) as Scope[]).map((s, i) => ({
      label: s,
      kind: CompletionItemKind.EnumMember,
      detail: "credential scope",
      documentation: { kind: MarkupKind.Markdown, value: SCOPE_DOCS[s] },
      sortText: String(i),
      textEdit: { range: replace(typed), newText: s },
    }));
  }

  const key = /\bkey\s*:\s*["'`]([A-Za-z0-9._-]*)$/.exec(before);
  if (!key || !enclosingCallOptions(source.nodeAt({ start: params.position, end: params.position }), DEFINITION_CALL_NAMES)) return [];
  const typed = key[1] ?? "";
  const defined = new Set(located.analysis.model.definitions.map((d) => d.key));
  const stored = new Map<string, string[]>();
  for (const target of TARGETS) {
    for (const entry of view.targets.snapshot(target, located.analysis.project.root)?.credentials ?? []) {
      if (defined.has(entry.key)) continue;
      const where = stored.get(entry.key) ?? [];
      where.push(`${target} (${entry.scope})`);
      stored.set(entry.key, where);
    }
  }
  return [...stored].map(([k, where]) => ({
    label: k,
    kind: CompletionItemKind.Value,
    detail: `stored in ${[...new Set(where)].join(", ")}`,
    documentation: { kind: MarkupKind.Markdown, value: `A credential the stores hold that no \`defineCredential\` in this project declares yet.` },
    textEdit: { range: replace(typed), newText: k },
  }));
}
