// Reads of environment variables by a literal name, for KS030: `process.env.X`, `process.env["X"]`,
// `const { X } = process.env`, `import.meta.env.X`, `Bun.env.X` and `Deno.env.get("X")`. Found
// from a text scan (most files hold none, and then nothing is walked) and confirmed on the parse:
// a match inside a string or a comment, a computed name, an assignment (`process.env.X = ...`) or
// a `delete` is not a read.
import ts from "typescript";
import type { EnvRead } from "./facts";
import { pathTo } from "./syntax-helpers";

const ENV_WORD = /\b(?:process\.env|import\.meta\.env|Bun\.env|Deno\.env\.get)\b/g;

/** Offsets where an environment object is named in the text (cheap; the parse confirms them). */
export function envWordOffsets(text: string): number[] {
  if (!text.includes(".env")) return [];
  const out: number[] = [];
  for (const match of text.matchAll(ENV_WORD)) out.push(match.index);
  return out;
}

export function readEnvReads(sf: ts.SourceFile, offsets: readonly number[]): EnvRead[] {
  const out: EnvRead[] = [];
  for (const offset of offsets) {
    const ancestors = envObjectAt(sf, offset);
    if (ancestors) readUse(sf, ancestors, out);
  }
  return out;
}

/** The path down to the `process.env` / `import.meta.env` / `Bun.env` / `Deno.env.get` node starting at `offset`, if the code there is one. */
function envObjectAt(sf: ts.SourceFile, offset: number): ts.Node[] | null {
  return pathTo(sf, offset, (node) => ts.isPropertyAccessExpression(node) && node.getStart(sf) === offset && isEnvObject(node));
}

function isEnvObject(node: ts.PropertyAccessExpression): boolean {
  const name = node.name.text;
  const target = node.expression;
  if (name === "env") {
    if (ts.isIdentifier(target)) return target.text === "process" || target.text === "Bun";
    return ts.isMetaProperty(target) && target.keywordToken === ts.SyntaxKind.ImportKeyword && target.name.text === "meta";
  }
  // Deno.env.get
  return name === "get" && ts.isPropertyAccessExpression(target) && target.name.text === "env" && ts.isIdentifier(target.expression) && target.expression.text === "Deno";
}

function readUse(sf: ts.SourceFile, ancestors: ts.Node[], out: EnvRead[]): void {
  const env = ancestors[ancestors.length - 1] as ts.PropertyAccessExpression;
  const parent = ancestors[ancestors.length - 2]!;
  const above = ancestors.slice(0, -1);
  const objectText = env.getText(sf);
  if (env.name.text === "get") {
    if (ts.isCallExpression(parent) && parent.expression === env) {
      const name = literalName(parent.arguments[0]);
      if (name !== null) out.push({ name, shape: `${objectText}("${name}")`, span: [parent.getStart(sf), parent.getEnd()] });
    }
    return;
  }
  if (ts.isPropertyAccessExpression(parent) && parent.expression === env) {
    if (isWritten(above)) return;
    out.push({ name: parent.name.text, shape: `${objectText}.${parent.name.text}`, span: [parent.getStart(sf), parent.getEnd()] });
  } else if (ts.isElementAccessExpression(parent) && parent.expression === env) {
    const name = literalName(parent.argumentExpression);
    if (name === null || isWritten(above)) return;
    out.push({ name, shape: `${objectText}["${name}"]`, span: [parent.getStart(sf), parent.getEnd()] });
  } else if (ts.isVariableDeclaration(parent) && parent.initializer === env && ts.isObjectBindingPattern(parent.name)) {
    for (const element of parent.name.elements) {
      if (element.dotDotDotToken) continue;
      const key = element.propertyName ?? element.name;
      const name = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : null;
      if (name !== null) out.push({ name, shape: `{ ${name} } = ${objectText}`, span: [element.getStart(sf), element.getEnd()] });
    }
  }
}

function literalName(node: ts.Expression | undefined): string | null {
  if (node === undefined) return null;
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : null;
}

/** The access (last of `path`) is the target of an assignment (`=`, `??=`, `+=`...) or of `delete`: the code sets it, it does not need it. */
function isWritten(path: ts.Node[]): boolean {
  let i = path.length - 1;
  while (i > 0 && (ts.isParenthesizedExpression(path[i - 1]!) || ts.isNonNullExpression(path[i - 1]!))) i--;
  const node = path[i]!;
  const parent = path[i - 1];
  if (parent === undefined) return false;
  if (ts.isDeleteExpression(parent)) return true;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;
}
