// Find references from a credential definition (or any requirement of it) to every action
// element that requires it, and workspace symbols for every credential definition.
import {
  SymbolKind,
  type Location,
  type ReferenceParams,
  type SymbolInformation,
  type WorkspaceSymbolParams,
} from "vscode-languageserver/node";
import type { CredentialDefinition, Requirement } from "../core/analysis";
import { contains, sameRange } from "../core/ranges";
import { fileUri } from "./uris";
import type { ServerView } from "./view";

export function references(view: ServerView, params: ReferenceParams): Location[] {
  const located = view.locate(params.textDocument.uri);
  if (!located) return [];
  const { model, project } = located.analysis;
  const at = params.position;
  const requirement = model.requirements.find((r) => r.file === located.file && contains(r.range, at));
  const definition = requirement?.definition ?? model.definitions.find((d) => d.file === located.file && contains(d.range, at)) ?? null;
  const key = definition?.key ?? requirement?.key;
  if (key === undefined) return [];
  const matches = (r: Requirement) => (definition ? sameDefinition(r.definition, definition) : r.definition === null && r.key === key);
  const locations = model.requirements.filter(matches).map((r) => ({ uri: fileUri(project.root, r.file), range: r.range }));
  if (definition && params.context.includeDeclaration) locations.unshift({ uri: fileUri(project.root, definition.file), range: definition.keyRange });
  return locations;
}

function sameDefinition(a: CredentialDefinition | null, b: CredentialDefinition): boolean {
  return a !== null && a.file === b.file && sameRange(a.range, b.range);
}

export function workspaceSymbols(view: ServerView, params: WorkspaceSymbolParams): SymbolInformation[] {
  const query = params.query.toLowerCase();
  const symbols: SymbolInformation[] = [];
  for (const { model, project } of view.analyses()) {
    for (const d of model.definitions) {
      if (!isSubsequence(query, d.key.toLowerCase())) continue;
      symbols.push({
        name: d.key,
        kind: SymbolKind.Key,
        location: { uri: fileUri(project.root, d.file), range: d.keyRange },
        containerName: d.exportName ? `${d.exportName} · ${d.kind} credential` : `${d.kind} credential`,
      });
    }
  }
  return symbols;
}

/** Editors filter symbols fuzzily; a subsequence match is the usual server-side pre-filter. */
function isSubsequence(query: string, name: string): boolean {
  let i = 0;
  for (const ch of name) if (ch === query[i]) i++;
  return i === query.length;
}
