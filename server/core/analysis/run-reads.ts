// The reads of `run(input, creds)`'s second parameter, scope-aware: `creds.k.f`, `creds["k"]`,
// `creds.k?.f`, destructuring in the parameter or in a `const`, and `const c = creds.k; c.f`.
// A name that shadows the parameter (a nested function's parameter, a `catch` binding, a local)
// is not the credentials object. When the object escapes (passed on, read with a computed name,
// a rest element, a reassignable alias), the traced reads are still returned and `unchecked`
// says why the others cannot be known.
import ts from "typescript";
import type { CredsAccess, Span } from "./facts";
import { accessedName, isAccess, propertyName, strip, type Access } from "./syntax-helpers";
import { anyWithin, snippet, wordOffsets } from "./text-index";

export interface RunReads {
  accesses: CredsAccess[];
  unchecked: string | null;
}

/** What a name in scope stands for: the whole credentials object, one credential, or something else. */
type Meaning = { k: "all" } | { k: "credential"; key: string } | { k: "other" };
const OTHER: Meaning = { k: "other" };
/** Our walks stop here with an explicit result rather than overflow the stack. */
export const MAX_WALK_DEPTH = 400;

export class TooDeep extends Error {
  constructor() {
    super(`nested more than ${MAX_WALK_DEPTH} levels deep`);
  }
}

type RunFunction = ts.SignatureDeclarationBase & { body?: ts.Node };

/** The function a `run` property holds, if it is one we can read. */
export function runFunction(prop: ts.ObjectLiteralElementLike | undefined): RunFunction | undefined {
  if (prop && ts.isMethodDeclaration(prop)) return prop;
  if (prop && ts.isPropertyAssignment(prop)) {
    const init = strip(prop.initializer);
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return init;
  }
  return undefined;
}

export function readRunReads(fn: RunFunction | undefined, sf: ts.SourceFile, text: string): RunReads | null {
  const param = fn?.parameters[1];
  if (!fn || !param) return null;
  return new RunReader(sf, text).read(param, fn.body);
}

class RunReader {
  private readonly accesses: CredsAccess[] = [];
  private unchecked: string | null = null;
  /** Innermost scope last. */
  private readonly scopes: Map<string, Meaning>[] = [];
  private tracked = new Set<string>();
  private mentions: readonly number[] = [];
  private body: ts.Node | undefined;
  private vars: readonly number[] | null = null;

  constructor(
    private readonly sf: ts.SourceFile,
    private readonly text: string,
  ) {}

  read(param: ts.ParameterDeclaration, body: ts.Node | undefined): RunReads {
    const scope = new Map<string, Meaning>();
    this.scopes.push(scope);
    this.bindFrom(param.name, { k: "all" }, scope, true);
    this.body = body;
    if (body && this.tracked.size > 0) {
      this.refreshMentions();
      if (ts.isBlock(body)) this.visitBlock(body);
      else this.visit(body);
    }
    return { accesses: this.accesses, unchecked: this.unchecked };
  }

  private span(node: ts.Node): Span {
    return [node.getStart(this.sf), node.getEnd()];
  }

  private escape(why: string): void {
    this.unchecked ??= why;
  }

  /** Offsets of the word `var` in the run body: most bodies have none, and then no walk looks for it. */
  private varWords(): readonly number[] {
    this.vars ??= this.body ? wordOffsets(this.text, ["var"], this.body.pos, this.body.end) : [];
    return this.vars;
  }

  private refreshMentions(): void {
    if (this.body) this.mentions = wordOffsets(this.text, [...this.tracked], this.body.pos, this.body.end);
  }

  private track(name: string, meaning: Meaning, scope: Map<string, Meaning>): void {
    scope.set(name, meaning);
    if (meaning.k !== "other" && !this.tracked.has(name)) {
      this.tracked.add(name);
      this.refreshMentions();
    }
  }

  private lookup(name: string): Meaning {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const m = this.scopes[i]!.get(name);
      if (m) return m;
    }
    return OTHER;
  }

  /**
   * Binds `name` (an identifier or a destructuring) to `value` in `scope`, recording the reads a
   * destructuring makes. `constant` is false for `let`/`var`, whose alias may change later.
   */
  private bindFrom(name: ts.BindingName, value: Meaning, scope: Map<string, Meaning>, constant: boolean): void {
    if (ts.isIdentifier(name)) {
      if (value.k !== "other" && !constant) {
        this.escape(`it is assigned to "${name.text}", which can be reassigned`);
        this.track(name.text, OTHER, scope);
        return;
      }
      this.track(name.text, value, scope);
      return;
    }
    if (ts.isArrayBindingPattern(name)) {
      if (value.k === "all") this.escape("it is destructured as an array");
      for (const el of name.elements) if (ts.isBindingElement(el)) this.bindFrom(el.name, OTHER, scope, true);
      return;
    }
    for (const el of name.elements) {
      if (value.k === "other") {
        this.bindFrom(el.name, OTHER, scope, true);
        continue;
      }
      if (el.dotDotDotToken) {
        if (value.k === "all") this.escape("a rest element collects the other credentials");
        this.bindFrom(el.name, OTHER, scope, true);
        continue;
      }
      const key = propertyName(el.propertyName ?? el.name);
      if (key === null) {
        if (value.k === "all") this.escape("a credential is destructured under a computed name");
        this.bindFrom(el.name, OTHER, scope, true);
        continue;
      }
      const keyNode = el.propertyName ?? el.name;
      if (value.k === "all") {
        if (ts.isObjectBindingPattern(el.name)) {
          let fields = 0;
          for (const inner of el.name.elements) {
            const field = inner.dotDotDotToken ? null : propertyName(inner.propertyName ?? inner.name);
            if (field !== null) {
              fields++;
              this.accesses.push({ span: this.span(el), key, keySpan: this.span(keyNode), field, fieldSpan: this.span(inner) });
            }
            this.bindFrom(inner.name, OTHER, scope, true);
          }
          if (fields === 0) this.accesses.push({ span: this.span(keyNode), key, keySpan: this.span(keyNode), field: null, fieldSpan: null });
        } else {
          this.accesses.push({ span: this.span(keyNode), key, keySpan: this.span(keyNode), field: null, fieldSpan: null });
          this.bindFrom(el.name, { k: "credential", key }, scope, constant);
        }
      } else {
        // Destructuring one credential: `const { apiKey } = exa` reads field apiKey of it.
        this.accesses.push({ span: this.span(el), key: value.key, keySpan: this.span(keyNode), field: key, fieldSpan: this.span(keyNode) });
        this.bindFrom(el.name, OTHER, scope, true);
      }
    }
  }

  /** The meaning of an expression: a tracked name, or `all.k` (which is also recorded as a read). */
  private meaningOf(node: ts.Expression): Meaning {
    const e = strip(node);
    if (ts.isIdentifier(e)) return this.lookup(e.text);
    if (isAccess(e)) {
      const object = strip(e.expression);
      if (ts.isIdentifier(object) && this.lookup(object.text).k === "all") {
        const key = accessedName(e);
        return key === null ? OTHER : { k: "credential", key };
      }
    }
    return OTHER;
  }

  // ---- scopes -----------------------------------------------------------------------------------

  /** Names a block's own statements declare (let/const/class/function): they shadow for the whole block. */
  private declareBlock(statements: ts.NodeArray<ts.Statement>, scope: Map<string, Meaning>): void {
    for (const st of statements) {
      if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) this.declareNames(d.name, scope);
      else if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) scope.set(st.name.text, OTHER);
    }
  }

  private declareNames(name: ts.BindingName, scope: Map<string, Meaning>): void {
    if (ts.isIdentifier(name)) {
      scope.set(name.text, OTHER);
      return;
    }
    for (const el of name.elements) if (ts.isBindingElement(el)) this.declareNames(el.name, scope);
  }

  private withScope(fill: (scope: Map<string, Meaning>) => void, body: () => void): void {
    const scope = new Map<string, Meaning>();
    this.scopes.push(scope);
    fill(scope);
    body();
    this.scopes.pop();
  }

  private visitBlock(block: ts.Block | ts.SourceFile | ts.CaseBlock | ts.ModuleBlock): void {
    const statements = ts.isCaseBlock(block) ? block.clauses.flatMap((c) => [...c.statements]) : block.statements;
    this.withScope(
      (scope) => this.declareBlock(statements as ts.NodeArray<ts.Statement>, scope),
      () => ts.forEachChild(block, this.visitChild),
    );
  }

  // ---- the walk ---------------------------------------------------------------------------------

  private readonly visitChild = (child: ts.Node): void => this.visit(child);
  /** The node whose name-like children the generic walk skips (see visitExceptNames). */
  private skipping: { name?: ts.Node; propertyName?: ts.Node; label?: ts.Node } = {};
  private readonly visitUnlessNamed = (child: ts.Node): void => {
    const s = this.skipping;
    if (child !== s.name && child !== s.propertyName && child !== s.label) this.visit(child);
  };
  private depth = 0;

  /** Bounded, with an explicit result (the reader is dropped when it throws, so depth is not restored). */
  private visit(node: ts.Node): void {
    if (++this.depth > MAX_WALK_DEPTH) throw new TooDeep();
    this.visitNode(node);
    this.depth--;
  }

  private visitNode(node: ts.Node): void {
    if (!anyWithin(this.mentions, node.pos, node.end)) return;
    const kind = node.kind;
    if (kind >= ts.SyntaxKind.FirstTypeNode && kind <= ts.SyntaxKind.LastTypeNode) return;
    if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isBlock(node) || ts.isCaseBlock(node)) return this.visitBlock(node);
    if (ts.isFunctionLike(node)) return this.visitFunction(node);
    if (ts.isCatchClause(node)) {
      this.withScope(
        (scope) => node.variableDeclaration && this.declareNames(node.variableDeclaration.name, scope),
        () => this.visit(node.block),
      );
      return;
    }
    if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      const init = node.initializer;
      this.withScope(
        (scope) => {
          if (init && ts.isVariableDeclarationList(init)) for (const d of init.declarations) this.declareNames(d.name, scope);
        },
        () => ts.forEachChild(node, this.visitChild),
      );
      return;
    }
    if (ts.isVariableDeclarationList(node)) {
      const constant = (node.flags & ts.NodeFlags.Const) !== 0;
      for (const d of node.declarations) this.visitDeclaration(d, constant);
      return;
    }
    if (ts.isIdentifier(node)) return this.visitUse(node);
    if (isAccess(node)) return this.visitAccess(node);
    if (ts.isTypeOfExpression(node) && ts.isIdentifier(strip(node.expression))) return; // `typeof creds` reads nothing
    if (ts.isShorthandPropertyAssignment(node)) return this.visitUse(node.name);
    // Names that declare or label something are not reads: only the other children are visited.
    const saved = this.skipping;
    this.skipping = node as RunReader["skipping"];
    ts.forEachChild(node, this.visitUnlessNamed);
    this.skipping = saved;
  }

  private visitFunction(fn: ts.SignatureDeclaration): void {
    this.withScope(
      (scope) => {
        if (fn.name && ts.isIdentifier(fn.name) && (ts.isFunctionExpression(fn) || ts.isClassExpression(fn))) scope.set(fn.name.text, OTHER);
        for (const p of fn.parameters) this.declareNames(p.name, scope);
        // `var` anywhere in the body belongs to this function (looked for only where the word is).
        const body = (fn as { body?: ts.Node }).body;
        if (body && anyWithin(this.varWords(), body.pos, body.end)) this.declareVars(body, scope, this.depth);
      },
      () => {
        for (const p of fn.parameters) if (p.initializer) this.visit(p.initializer);
        const body = (fn as { body?: ts.Node }).body;
        if (body) this.visit(body);
      },
    );
  }

  private declareVars(node: ts.Node, scope: Map<string, Meaning>, depth: number): void {
    if (depth > MAX_WALK_DEPTH) throw new TooDeep();
    if (ts.isFunctionLike(node)) return;
    if (ts.isVariableDeclarationList(node) && !(node.flags & ts.NodeFlags.BlockScoped)) {
      for (const d of node.declarations) this.declareNames(d.name, scope);
    }
    ts.forEachChild(node, (child) => this.declareVars(child, scope, depth + 1));
  }

  private visitDeclaration(decl: ts.VariableDeclaration, constant: boolean): void {
    const init = decl.initializer;
    if (!init) return;
    const value = this.meaningOf(init);
    if (value.k === "other") {
      this.visit(init);
      return;
    }
    // `const c = creds.k` reads credential k itself.
    const stripped = strip(init);
    if (value.k === "credential" && isAccess(stripped) && ts.isIdentifier(strip(stripped.expression))) {
      const keyNode = ts.isPropertyAccessExpression(stripped) ? stripped.name : stripped.argumentExpression;
      this.accesses.push({ span: this.span(stripped), key: value.key, keySpan: this.span(keyNode), field: null, fieldSpan: null });
    }
    this.bindFrom(decl.name, value, this.scopeDeclaring(decl.name), constant);
  }

  /** The innermost scope that declares the name (hoisting put it there), else the innermost one. */
  private scopeDeclaring(name: ts.BindingName): Map<string, Meaning> {
    const first = ts.isIdentifier(name) ? name.text : null;
    if (first !== null) {
      for (let i = this.scopes.length - 1; i >= 0; i--) if (this.scopes[i]!.has(first)) return this.scopes[i]!;
    }
    return this.scopes[this.scopes.length - 1]!;
  }

  /** A tracked name used other than by a member read: the whole object escapes (a credential alias may). */
  private visitUse(id: ts.Identifier): void {
    if (this.lookup(id.text).k === "all") this.escape(`"${id.text}" is passed on or used as a whole`);
  }

  /**
   * `creds.k`, `creds.k.f`, `c.f` (c a credential alias), with `?.`, `!` and parentheses. Read
   * top-down (the tree has no parent links): a two-level read is recognised at its outer access.
   */
  private visitAccess(node: Access): void {
    const object = strip(node.expression);
    if (isAccess(object)) {
      const base = strip(object.expression);
      if (ts.isIdentifier(base) && this.lookup(base.text).k === "all") {
        const key = accessedName(object);
        if (key === null) this.escape(`${snippet(this.text, object.getStart(this.sf), object.getEnd(), 40)} reads a credential under a computed name`);
        else {
          const field = accessedName(node);
          const keySpan = this.span(object);
          const fieldSpan = field !== null ? this.span(node) : null;
          this.accesses.push({ span: fieldSpan ?? keySpan, key, keySpan, field, fieldSpan });
        }
        this.visitArguments(node, object);
        return;
      }
    }
    if (ts.isIdentifier(object)) {
      const meaning = this.lookup(object.text);
      const name = accessedName(node);
      if (meaning.k === "all") {
        if (name === null) this.escape(`${snippet(this.text, node.getStart(this.sf), node.getEnd(), 40)} reads a credential under a computed name`);
        else this.accesses.push({ span: this.span(node), key: name, keySpan: this.span(node), field: null, fieldSpan: null });
      } else if (meaning.k === "credential" && name !== null) {
        this.accesses.push({ span: this.span(node), key: meaning.key, keySpan: this.span(object), field: name, fieldSpan: this.span(node) });
      }
      this.visitArguments(node, null);
      return;
    }
    this.visit(node.expression);
    this.visitArguments(node, null);
  }

  /** `x[creds.k.f]`: a computed argument is an expression of its own. */
  private visitArguments(outer: Access, inner: Access | null): void {
    if (ts.isElementAccessExpression(outer)) this.visit(outer.argumentExpression);
    if (inner && ts.isElementAccessExpression(inner)) this.visit(inner.argumentExpression);
  }
}
