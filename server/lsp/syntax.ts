// Small TypeScript-AST lookups the quick fixes need to turn a finding's range into an exact edit
// (which literal to replace, where an array ends, where imports go). Analysis itself stays in core;
// these only locate text.
import ts from "typescript";
import type { Position, Range } from "../core/schema";

export class SourceText {
  readonly source: ts.SourceFile;
  private readonly lineStarts: readonly number[];

  constructor(readonly fileName: string, readonly text: string) {
    this.source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKind(fileName));
    this.lineStarts = this.source.getLineStarts();
  }

  offsetAt(position: Position): number {
    const start = this.lineStarts[position.line];
    if (start === undefined) return this.text.length;
    return Math.min(start + position.character, this.text.length);
  }

  positionAt(offset: number): Position {
    const { line, character } = this.source.getLineAndCharacterOfPosition(offset);
    return { line, character };
  }

  rangeOf(node: ts.Node): Range {
    return { start: this.positionAt(node.getStart(this.source)), end: this.positionAt(node.getEnd()) };
  }

  /** The smallest node that covers [start, end) of `range`. */
  nodeAt(range: Range): ts.Node {
    const start = this.offsetAt(range.start);
    const end = Math.max(start, this.offsetAt(range.end));
    let found: ts.Node = this.source;
    const visit = (node: ts.Node): void => {
      if (node.getStart(this.source) <= start && end <= node.getEnd()) {
        found = node;
        ts.forEachChild(node, visit);
      }
    };
    ts.forEachChild(this.source, visit);
    return found;
  }

  /** Leading whitespace of the line `offset` is on. */
  indentAt(offset: number): string {
    const lineStart = this.lineStarts[this.source.getLineAndCharacterOfPosition(offset).line] ?? 0;
    return /^[ \t]*/.exec(this.text.slice(lineStart))?.[0] ?? "";
  }
}

function scriptKind(fileName: string): ts.ScriptKind {
  if (/\.[cm]?tsx?$/.test(fileName)) return fileName.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  return fileName.endsWith("x") ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}

/** The element of a `credentials: [...]` array that contains `node`, when there is one. */
export function arrayElementOf(node: ts.Node): ts.Expression | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (n.parent && ts.isArrayLiteralExpression(n.parent) && ts.isExpression(n)) return n;
  }
  return undefined;
}

/** The string literal of a `.scope("…")` call at the outside of `expr` (`exa.scope("user")`). */
export function scopeArgument(expr: ts.Expression): ts.StringLiteralLike | undefined {
  let current: ts.Expression = expr;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  if (!ts.isCallExpression(current) || !ts.isPropertyAccessExpression(current.expression)) return undefined;
  if (current.expression.name.text !== "scope") return undefined;
  const arg = current.arguments[0];
  return arg && ts.isStringLiteralLike(arg) ? arg : undefined;
}

/** The innermost string literal that is a `.scope(…)` argument, inside or around `node`. */
export function scopeLiteralAround(node: ts.Node): ts.StringLiteralLike | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isStringLiteralLike(n) && n.parent && ts.isCallExpression(n.parent) && isScopeCall(n.parent)) return n;
    if (ts.isCallExpression(n) && isScopeCall(n)) {
      const arg = n.arguments[0];
      return arg && ts.isStringLiteralLike(arg) ? arg : undefined;
    }
  }
  let inside: ts.StringLiteralLike | undefined;
  const visit = (n: ts.Node): void => {
    if (inside) return;
    if (ts.isCallExpression(n) && isScopeCall(n)) {
      const arg = n.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) inside = arg;
    }
    ts.forEachChild(n, visit);
  };
  visit(node);
  return inside;
}

function isScopeCall(call: ts.CallExpression): boolean {
  return ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === "scope";
}

/** The object literal passed to the nearest enclosing call named one of `names`. */
export function enclosingCallOptions(node: ts.Node, names: readonly string[]): ts.ObjectLiteralExpression | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    const callee = ts.isCallExpression(n) ? calleeName(n) : undefined;
    if (ts.isCallExpression(n) && callee !== undefined && names.includes(callee)) {
      const arg = n.arguments[0];
      return arg && ts.isObjectLiteralExpression(arg) ? arg : undefined;
    }
  }
  return undefined;
}

/** The options object of a call such as `defineAction({...})` (the analyzer's action range). */
export function callOptions(node: ts.Node): ts.ObjectLiteralExpression | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const arg = node.arguments[0];
  return arg && ts.isObjectLiteralExpression(arg) ? arg : undefined;
}

function calleeName(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

export function property(options: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined {
  return options.properties.find(
    (p): p is ts.PropertyAssignment =>
      ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === name,
  );
}

/** `[a, b] as const` → the array literal. */
export function arrayLiteral(expr: ts.Expression): ts.ArrayLiteralExpression | undefined {
  let current = expr;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return ts.isArrayLiteralExpression(current) ? current : undefined;
}

/** The variable a node is declared in (`const exa = defineCredential(...)` → "exa"). */
export function declaredName(node: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    if (ts.isVariableDeclaration(n) && ts.isIdentifier(n.name)) return n.name.text;
  }
  return undefined;
}

/** Names bound by the file's import declarations. */
export function importedNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !statement.importClause) continue;
    const clause = statement.importClause;
    if (clause.name) names.add(clause.name.text);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) names.add(el.name.text);
    if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
  }
  return names;
}

/** Where a new import goes (after the last import) and whether relative imports spell ".js". */
export function importInsertion(source: ts.SourceFile): { offset: number; jsSuffix: boolean } {
  let offset = 0;
  let jsSuffix = false;
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement)) continue;
    offset = statement.getEnd();
    const spec = statement.moduleSpecifier;
    if (ts.isStringLiteral(spec) && spec.text.startsWith(".") && spec.text.endsWith(".js")) jsSuffix = true;
  }
  return { offset, jsSuffix };
}
