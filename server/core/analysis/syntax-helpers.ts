// Small readers over TypeScript syntax nodes shared by the extraction modules.
import ts from "typescript";

/** Strips wrappers that do not change the value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function strip(node: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node)) {
      node = node.expression;
    } else {
      return node;
    }
  }
}

/**
 * V8 keeps a substring of 13 or more characters as a view of the whole string it was cut from.
 * Names and literals that facts keep would hold the blanked copy of the file alive that way (one
 * more copy of every file, for as long as the index lives); a copy of their own frees it.
 */
export function owned(text: string): string {
  return text.length < 13 ? text : (" " + text).slice(1);
}

/** An identifier's name, for keeping in facts (see owned). */
export function nameOf(id: ts.Identifier | ts.PrivateIdentifier): string {
  return owned(id.text);
}

export function stringValue(node: ts.Node | undefined): string | null {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return owned(node.text);
  return null;
}

export function propertyName(name: ts.PropertyName | ts.BindingName | undefined): string | null {
  if (!name) return null;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return nameOf(name);
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return owned(name.text);
  return null;
}

export type Access = ts.PropertyAccessExpression | ts.ElementAccessExpression;

export function isAccess(n: ts.Node): n is Access {
  return ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n);
}

/** `x.name` → "name", `x["name"]` → "name", a computed access → null. */
export function accessedName(n: Access): string | null {
  return ts.isPropertyAccessExpression(n) ? nameOf(n.name) : stringValue(n.argumentExpression);
}

/** Reads the modifiers in place (ts.getModifiers copies them into a new array on every call). */
export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = ts.canHaveModifiers(node) ? node.modifiers : undefined;
  if (!modifiers) return false;
  for (const m of modifiers) if (m.kind === kind) return true;
  return false;
}

/** The string literal a `name: "..."` property holds, or null. */
export function literalValue(prop: ts.ObjectLiteralElementLike | undefined): string | null {
  return prop && ts.isPropertyAssignment(prop) ? stringValue(strip(prop.initializer)) : null;
}

/**
 * The nodes from the file down to the first one (outermost) covering `offset` that `stop`
 * accepts, that one last; null when none does. The parse keeps no parent links (cheaper), so the
 * path stands in for them.
 */
export function pathTo(sf: ts.SourceFile, offset: number, stop: (node: ts.Node) => boolean): ts.Node[] | null {
  const path: ts.Node[] = [];
  let node: ts.Node = sf;
  for (;;) {
    path.push(node);
    if (stop(node)) return path;
    const next: ts.Node | undefined = ts.forEachChild(node, (child) => (child.getStart(sf) <= offset && offset < child.getEnd() ? child : undefined));
    if (next === undefined) return null;
    node = next;
  }
}
