// What an agent, workflow or trigger runs, read from its definition call: the agent's `tools`
// list and every `x.run(...)` in its options (a workflow's steps, a trigger's handler). Only the
// names are kept here; the linker keeps a call only when its name traces to a Keystroke action.
// A receiver whose name is declared anywhere inside the options (a parameter, a local, a
// destructured name) may not be the module's binding of that name, so it is left out.
import ts from "typescript";
import type { HostCall, ValueExpr } from "./facts";
import { propertyName, strip } from "./syntax-helpers";

/** More calls than this in one definition are not listed (the view is a summary, not a call graph). */
const MAX_CALLS = 200;

export function readHostCalls(options: ts.ObjectLiteralExpression, toExpr: (node: ts.Expression) => ValueExpr): HostCall[] {
  const calls: HostCall[] = [];
  for (const p of options.properties) {
    if (ts.isPropertyAssignment(p) && propertyName(p.name) === "tools") calls.push({ how: "tool", expr: toExpr(p.initializer) });
    else if (ts.isShorthandPropertyAssignment(p) && p.name.text === "tools") calls.push({ how: "tool", expr: toExpr(p.name) });
  }
  const declared = new Set<string>();
  const receivers: ts.Expression[] = [];
  // An explicit stack: run bodies can nest deeper than a recursive walk should go.
  const stack: ts.Node[] = [options];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const name = declaredName(node);
    if (name !== null) declared.add(name);
    if (ts.isCallExpression(node)) {
      const callee = strip(node.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "run" && receivers.length < MAX_CALLS) receivers.push(strip(callee.expression));
    }
    ts.forEachChild(node, (child) => void stack.push(child));
  }
  for (const receiver of receivers) {
    const root = rootName(receiver);
    if (root !== null && !declared.has(root)) calls.push({ how: "run", expr: toExpr(receiver) });
  }
  return calls;
}

/** `a` for `a` and `a.b`; null for anything else (a call's result, `this`...). */
function rootName(node: ts.Expression): string | null {
  if (ts.isIdentifier(node)) return node.text;
  if (ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) {
    const object = strip(node.expression);
    return ts.isIdentifier(object) ? object.text : null;
  }
  return null;
}

/** The name a declaration introduces, when it is a plain one (patterns' elements are visited on their own). */
function declaredName(node: ts.Node): string | null {
  if (ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isBindingElement(node)) return ts.isIdentifier(node.name) ? node.name.text : null;
  if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node)) return node.name?.text ?? null;
  return null;
}
