// "Move to a credential…" for KS030 (an environment read) and KS031 (a pasted key) inside an
// action's `run`: the code action carries ranges and suggestions to the client, which asks the
// person, stores the value through the dev server (the value never comes here), and then asks for
// the one workspace edit that declares the credential, lists it on the action, adds the `run`
// parameter when absent, and reads `credentials.<key>.<field>` where the value was. Reads outside
// a `run` (a module-level client) get no fix: moving them is a restructuring, as the message says.
import ts from "typescript";
import { CodeActionKind, type CodeAction, type CreateFile, type Diagnostic, type TextDocumentEdit, type TextEdit, type WorkspaceEdit } from "vscode-languageserver/node";
import { MOVE_TO_CREDENTIAL_COMMAND, type Finding, type MoveToCredentialArgs, type MoveToCredentialEditParams, type Range } from "../core/schema";
import { importEdit, listEdit } from "./credential-list-edits";
import { overlaps } from "../core/ranges";
import { callOptions, importedNames, property, SourceText } from "./syntax";
import { fileUri } from "./uris";
import { definitionFields, suggestFromSecret } from "../core/findings/credential-suggestion";
import type { Located } from "./view";

interface Plan {
  options: ts.ObjectLiteralExpression;
  run: ts.FunctionLikeDeclaration;
  /** What the credential read replaces: the environment read, or the whole string literal. */
  replaced: ts.Node;
  /** KS031: the literal's contents, which the client stores. */
  valueRange: Range | undefined;
}

function plan(located: Located, source: SourceText, range: Range, code: "KS030" | "KS031"): Plan | null {
  const action = located.analysis.model.actions.find((a) => a.file === located.file && overlaps(a.range, range));
  const options = action && callOptions(source.nodeAt(action.range));
  if (!options) return null;
  const run = runFunction(options);
  if (!run?.body) return null;
  const node = source.nodeAt(range);
  const start = source.offsetAt(range.start);
  if (start < run.body.getStart(source.source) || source.offsetAt(range.end) > run.body.getEnd()) return null;
  if (code === "KS030") {
    const read = ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isCallExpression(node) ? node : null;
    return read ? { options, run, replaced: read, valueRange: undefined } : null;
  }
  // KS031: only a literal that is the value and nothing else (not `Bearer sk_…`) becomes a read.
  if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node)) return null;
  const inner = { start: source.positionAt(node.getStart(source.source) + 1), end: source.positionAt(node.getEnd() - 1) };
  const whole = source.rangeOf(node);
  const exact = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  if (!exact(range, inner) && !exact(range, whole)) return null;
  return { options, run, replaced: node, valueRange: inner };
}

function runFunction(options: ts.ObjectLiteralExpression): ts.FunctionLikeDeclaration | undefined {
  for (const p of options.properties) {
    if (ts.isMethodDeclaration(p) && ts.isIdentifier(p.name) && p.name.text === "run") return p;
  }
  const run = property(options, "run")?.initializer;
  return run && (ts.isArrowFunction(run) || ts.isFunctionExpression(run)) ? run : undefined;
}

function argsFor(located: Located, uri: string, range: Range, code: "KS030" | "KS031", found: Plan, move: { key: string; field: string }, envName: string | undefined): MoveToCredentialArgs {
  return {
    uri,
    range,
    code,
    key: move.key,
    field: move.field,
    ...(envName ? { envName } : {}),
    ...(found.valueRange ? { valueRange: found.valueRange } : {}),
    definitions: located.analysis.model.definitions
      .filter((d) => d.exportName !== null && d.exportName !== "default" && !d.file.startsWith("../"))
      .map((d) => ({ key: d.key, file: d.file, exportName: d.exportName!, fields: d.fields.map((f) => f.name) })),
  };
}

/** The code action, when the finding can be moved; its command carries no value. */
export function moveToCredentialAction(finding: Finding, located: Located, source: SourceText, uri: string, diagnostics: Diagnostic[] | undefined): CodeAction | undefined {
  const move = finding.data?.move;
  if ((finding.code !== "KS030" && finding.code !== "KS031") || !move) return undefined;
  const found = plan(located, source, finding.range, finding.code);
  if (!found) return undefined;
  const args = argsFor(located, uri, finding.range, finding.code, found, move, finding.data?.envName);
  const action: CodeAction = { title: "Move to a credential…", kind: CodeActionKind.QuickFix, command: { title: "Move to a credential…", command: MOVE_TO_CREDENTIAL_COMMAND, arguments: [args] } };
  if (diagnostics) action.diagnostics = diagnostics;
  return action;
}

const identifierOf = (key: string) => key.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : "")).replace(/^[0-9]/, "_$&");

/**
 * "Move Selection to a Credential…": the same command arguments for a string literal the person
 * selected (no finding needed: they know it is a secret), when it lies inside an action's run.
 */
export function moveSelectionArgs(located: Located, text: string, uri: string, selection: Range): { args: MoveToCredentialArgs } | { error: string } {
  const source = new SourceText(located.file, text);
  let node: ts.Node | undefined = source.nodeAt(selection);
  while (node && !ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node)) node = node.parent;
  if (!node) return { error: "select a string literal (the value, with or without its quotes)" };
  const inner = { start: source.positionAt(node.getStart(source.source) + 1), end: source.positionAt(node.getEnd() - 1) };
  const found = plan(located, source, inner, "KS031");
  if (!found) return { error: "the string is not inside an action's run, so the fix cannot read a credential there; move the code into run first" };
  const parent = node.parent;
  const bound = parent && (ts.isPropertyAssignment(parent) || ts.isVariableDeclaration(parent)) && (ts.isIdentifier(parent.name) || ts.isStringLiteral(parent.name)) ? parent.name.text : null;
  return { args: argsFor(located, uri, inner, "KS031", found, bound ? suggestFromSecret(`value of "${bound}"`) : { key: "secret", field: "value" }, undefined) };
}

export type MoveToCredentialEditResult = { edit: WorkspaceEdit } | { error: string };

/** The edit for the client's choice, or why it cannot be made (the code is then left as it is). */
export function moveToCredentialEdit(located: Located, text: string, params: MoveToCredentialEditParams): MoveToCredentialEditResult {
  const source = new SourceText(located.file, text);
  const finding = located.analysis.byFile.get(located.file)?.find((f) => (f.code === "KS030" || f.code === "KS031") && overlaps(f.range, params.range));
  // No finding: a literal the person selected (moveSelectionArgs), planned as a pasted key.
  const found = plan(located, source, params.range, (finding?.code as "KS030" | "KS031" | undefined) ?? "KS031");
  if (!found) return { error: "the value is no longer where the fix found it, or not inside an action's run" };
  const root = located.analysis.project.root;
  const changes: (CreateFile | TextDocumentEdit)[] = [];
  const edits: TextEdit[] = [];
  let name: string;
  let definitionFile: string;
  if (params.existing) {
    ({ exportName: name, file: definitionFile } = params.existing);
  } else {
    name = identifierOf(params.key);
    if (identifiersIn(source.source).has(name)) name = `${name}Credential`;
    const fields = definitionFields(params.key, params.field).map((f) => `${f}: z.string()`).join(", ");
    const declaration = `export const ${name} = defineCredential({ key: "${params.key}", fields: { ${fields} } });`;
    const beforeAction = keepsDefinitions(located, source) ? topLevelStatementOf(found.options) : undefined;
    if (beforeAction) {
      // Before the action, not after: its credentials list is evaluated when the module loads.
      definitionFile = located.file;
      const at = source.positionAt(beforeAction.getStart(source.source));
      edits.push({ range: { start: at, end: at }, newText: `${declaration}\n\n` });
    } else {
      definitionFile = `${located.file.startsWith("src/") ? "src/" : ""}credentials/${params.key}.ts`;
      if (located.analysis.project.hasFile(definitionFile)) return { error: `${definitionFile} exists already: pick the definition it holds` };
      const uri = fileUri(root, definitionFile);
      const body = `import { defineCredential } from "@keystrokehq/keystroke/credentials";\nimport { z } from "zod";\n\n${declaration}\n`;
      changes.push({ kind: "create", uri, options: { overwrite: false, ignoreIfExists: false } });
      changes.push({ textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: body }] });
    }
  }
  const listed = listEdit(source, found.options, name);
  if (!listed) return { error: "the action's credentials are not an array literal, so the fix cannot add to them" };
  const param = credentialsParameter(source, found.run, params.key);
  if (!param) return { error: "the run function's parameters have a shape the fix does not rewrite; add the credential by hand" };
  edits.push(listed, ...param.edits, { range: source.rangeOf(found.replaced), newText: `${param.access}.${params.field}` });
  if (definitionFile !== located.file && !importedNames(source.source).has(name)) edits.push(importEdit(source, located.file, name, definitionFile));
  changes.push({ textDocument: { uri: fileUri(root, located.file), version: null }, edits });
  return { edit: { documentChanges: changes } };
}

/** The file already holds definitions made with `defineCredential` and `z` imported: a new one goes there too. */
function keepsDefinitions(located: Located, source: SourceText): boolean {
  const imported = importedNames(source.source);
  return imported.has("defineCredential") && imported.has("z") && located.analysis.model.definitions.some((d) => d.file === located.file);
}

function topLevelStatementOf(node: ts.Node): ts.Statement | undefined {
  let n: ts.Node = node;
  while (n.parent && !ts.isSourceFile(n.parent)) n = n.parent;
  return n.parent ? (n as ts.Statement) : undefined;
}

/** Every identifier the file uses (a new import must not shadow or collide with one). */
function identifiersIn(sf: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return names;
}

/** How `run` reaches the credential (`credentials.exa`, or `exa` from a destructured parameter), and the edits that make it so. */
function credentialsParameter(source: SourceText, run: ts.FunctionLikeDeclaration, key: string): { access: string; edits: TextEdit[] } | null {
  const [input, second] = run.parameters;
  const safeKey = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key);
  if (second && ts.isIdentifier(second.name)) return { access: safeKey ? `${second.name.text}.${key}` : `${second.name.text}[${JSON.stringify(key)}]`, edits: [] };
  if (second && ts.isObjectBindingPattern(second.name)) {
    if (!safeKey) return null;
    const element = second.name.elements.find((e) => ((e.propertyName ?? e.name) as ts.Node).getText(source.source) === key);
    if (element) return ts.isIdentifier(element.name) ? { access: element.name.text, edits: [] } : null;
    const last = second.name.elements[second.name.elements.length - 1];
    const at = last ? source.rangeOf(last).end : source.positionAt(second.name.getStart(source.source) + 1);
    return { access: key, edits: [{ range: { start: at, end: at }, newText: last ? `, ${key}` : ` ${key} ` }] };
  }
  if (second) return null;
  const name = "credentials";
  const access = safeKey ? `${name}.${key}` : `${name}[${JSON.stringify(key)}]`;
  if (input) {
    // `async input => …` has no parentheses to add a parameter to.
    if (!run.getChildren(source.source).some((c) => c.kind === ts.SyntaxKind.OpenParenToken)) return null;
    const end = source.rangeOf(input).end;
    return { access, edits: [{ range: { start: end, end }, newText: `, ${name}` }] };
  }
  const open = run.getChildren(source.source).find((c) => c.kind === ts.SyntaxKind.OpenParenToken);
  if (!open) return null;
  const at = source.positionAt(open.getEnd());
  return { access, edits: [{ range: { start: at, end: at }, newText: `_input, ${name}` }] };
}
