// Turns one file's text into FileFacts with a single parse (ts.createSourceFile, no Program, no
// type checker) and one walk. Nothing here looks at other files: imports stay as specifiers and
// identifiers stay as names, so the result can be cached until this file's text changes.
import ts from "typescript";
import { SCOPES, type CredentialKind, type FieldSpec, type Range, type Scope } from "../schema";
import { CONFIG_FILE } from "../keystroke-manifest";
import { readModuleStatement } from "./module-statements";
import { blankIrrelevantBlocks } from "./blank-blocks";
import { literalValue, nameOf, propertyName, strip, stringValue } from "./syntax-helpers";
import { anyWithin, lineStarts, positionAt, snippet, spanRange, wordOffsets } from "./text-index";
import { DEFINITION_CALLEES, isKeystrokeScopePackage, isKeystrokeSpecifier, mayBePrimitiveName, primitiveFromImport, type PrimitiveRole } from "./primitives";
import { MAX_WALK_DEPTH, TooDeep, readRunReads, runFunction } from "./run-reads";
import { envWordOffsets, readEnvReads } from "./env-reads";
import { mayHoldSecret } from "./secret-literals";
import { readHostCalls } from "./host-calls";
import type { ArrayItem, Callee, FileFacts, ImportBinding, PinExpr, RawDefinition, RawElement, RawList, Span, ValueExpr } from "./facts";

export const CREDENTIALS_MODULE = "@keystrokehq/keystroke/credentials";
/** Callee names that define a credential: `defineCredential(...)`, `credential.static(...)`, `credential.oauth(...)`. */
export const DEFINITION_CALL_NAMES: readonly string[] = ["defineCredential", "static", "oauth"];
function isScopeCall(call: ts.CallExpression): boolean {
  const callee = strip(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === "scope";
}

/** "workflow", "agent", "trigger", "action", "app", "mcp": how messages name a host. */
function hostRole(name: string, role: PrimitiveRole): string {
  if (role === "trigger") return "trigger";
  return name.replace(/^define/, "").toLowerCase();
}

/** A top-level constant holding a longer array is data, not a credentials list. */
const MAX_LIST_ITEMS = 1000;
const OPTIONAL_MARKERS = new Set(["optional", "nullish", "default"]);
/**
 * Word prefixes of the callees the walk reacts to that need no import: defineAction/Agent/
 * Workflow/App/Mcp (matched by name) and `.scope(...)`. See importedCalleeNames for the rest.
 */
const CALLEE_PREFIXES = ["define", "scope"];
const MARKER = /@keystroke\s+ignore(?::([A-Za-z-]+))?/g;
const NOT_A_CREDENTIAL: ValueExpr = { k: "unknown", what: "its value is not a defineCredential(...) call, a credential name or a .scope(...) of one" };
const KEY_NOT_LITERAL: ValueExpr = { k: "unknown", what: "its key is not a string literal" };
const NOT_FROM_CREDENTIALS_MODULE: ValueExpr = { k: "unknown", what: `that defineCredential/credential is not imported from "@keystrokehq/keystroke"` };

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (file.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/**
 * Parse options for speed: JSDoc is never read here, and TypeScript's module-indicator pass (a
 * second walk of every file) only matters to a type checker.
 */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = {
  languageVersion: ts.ScriptTarget.Latest,
  jsDocParsingMode: ts.JSDocParsingMode.ParseNone,
  setExternalModuleIndicator: () => undefined,
};

/** The one parse extraction does (exported so the benchmark's parse-only floor is this same call). */
export function parseFile(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, PARSE_OPTIONS, false, scriptKind(file));
}

/** `fullParse` always parses the whole text, never a blanked one: the reference blanking is tested against. */
export function extractFacts(file: string, text: string, options: { fullParse?: boolean } = {}): FileFacts {
  try {
    const markerWords = wordOffsets(text, CALLEE_PREFIXES);
    const envWords = envWordOffsets(text);
    // A file that reads the environment is parsed whole: a read can sit in any block, and its
    // destructuring pattern (`const { X } = process.env`) is a block before the word.
    const source = options.fullParse || envWords.length > 0 ? parseFile(file, text) : parseRelevant(file, text, markerWords);
    const facts = new Extractor(file, text, source, markerWords).run();
    if (envWords.length > 0) facts.envReads = readEnvReads(source, envWords);
    facts.secretHint = mayHoldSecret(text);
    return facts;
  } catch (error) {
    // Never a silent empty file: the reason travels with the facts to every report.
    const facts = new Extractor(file, "", parseFile(file, ""), []).run();
    facts.notAnalyzed = notAnalyzedReason(error);
    return facts;
  }
}

/** Our walks stop at MAX_WALK_DEPTH; TypeScript's recursive parser overflows the stack on deeper input. */
function notAnalyzedReason(error: unknown): string {
  if (error instanceof TooDeep) return `the code is ${error.message}`;
  if (error instanceof RangeError) return "the code is nested too deeply for the TypeScript parser";
  return `the analyzer failed on it: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The parse extraction reads: of the text with irrelevant blocks blanked (blank-blocks.ts) when
 * that parses cleanly, else of the text itself. Both trees hold every node extraction reads at
 * the same offsets, so the Extractor takes positions and snippets from the original text.
 */
function parseRelevant(file: string, text: string, markerWords: readonly number[]): ts.SourceFile {
  const blanked = file === CONFIG_FILE ? null : blankIrrelevantBlocks(file, text, markerWords);
  if (blanked !== null) {
    const source = parseFile(file, blanked);
    if (parsedCleanly(source)) return source;
  }
  return parseFile(file, text);
}

/**
 * TypeScript keeps syntax errors on the SourceFile as `parseDiagnostics`, outside its public
 * typings. Without them a blanked parse cannot be checked, so it does not count as clean.
 */
function parsedCleanly(source: ts.SourceFile): boolean {
  const diagnostics = (source as ts.SourceFile & { parseDiagnostics?: readonly unknown[] }).parseDiagnostics;
  return diagnostics !== undefined && diagnostics.length === 0;
}

class Extractor {
  private readonly facts: FileFacts;
  /** Top-level `const x = <node>` initializers, for same-file lookups of arrays and config objects. */
  private readonly topLevelInit = new Map<string, ts.Expression>();
  private readonly definitionIndex = new Map<ts.CallExpression, number | null>();
  private readonly pins = new Map<ts.CallExpression, PinExpr>();
  /** `.scope(...)` applied to an action call, outermost first. */
  private readonly actionPins = new Map<ts.CallExpression, PinExpr>();
  private lines: number[] | null = null;
  private calleeWords: readonly number[] = [];

  constructor(
    readonly file: string,
    private readonly text: string,
    private readonly sf: ts.SourceFile,
    /** Offsets of the CALLEE_PREFIXES words in `text`. */
    private readonly markerWords: readonly number[],
  ) {
    this.facts = {
      file,
      ignore: false,
      ignoreDeploy: false,
      imports: new Map(),
      exports: new Map(),
      starExports: [],
      loads: [],
      locals: new Map(),
      definitions: [],
      actions: [],
      catalogImports: [],
      hosts: [],
      pinChecks: [],
      envReads: [],
      secretHint: false,
      notAnalyzed: null,
      config: null,
    };
  }

  run(): FileFacts {
    this.readMarkers();
    for (const statement of this.sf.statements) readModuleStatement(statement, this.facts, this.topLevelInit, (node) => this.range(node));
    for (const [name, init] of this.topLevelInit) this.facts.locals.set(name, this.toExpr(init, false));
    const imported = this.importedCalleeNames();
    this.calleeWords = imported.length === 0 ? this.markerWords : wordOffsets(this.text, [...CALLEE_PREFIXES, ...imported]);
    if (this.calleeWords.length > 0) this.visit(this.sf, null);
    this.nameDefinitionExports();
    if (this.file === CONFIG_FILE) this.facts.config = this.readConfig();
    return this.facts;
  }

  // ---- positions ------------------------------------------------------------------------------

  private pos(offset: number): { line: number; character: number } {
    this.lines ??= lineStarts(this.text);
    return positionAt(this.lines, offset);
  }

  /**
   * Every call the walk reacts to has a CALLEE_PREFIXES word or one of these imported locals in
   * its callee, so a subtree whose text contains none of them is skipped: most of a file (schemas,
   * run bodies) is never visited. blank-blocks.ts never blanks a file where this list can be
   * non-empty (a credentials-module import, a renamed action-like import).
   */
  private importedCalleeNames(): string[] {
    // "define" stands for defineAction/Agent/Workflow/App/Mcp/Credential: one text scan, not six.
    // A definition call (`defineCredential(`, `credential.static(`, `ns.credential.oauth(`) starts
    // with a local imported from the credentials module, so those locals cover "static"/"oauth".
    const names: string[] = [];
    for (const [local, binding] of this.facts.imports) {
      if (!isKeystrokeSpecifier(binding.specifier) && !mayBePrimitiveName(binding.imported) && !DEFINITION_CALLEES.has(binding.imported)) continue;
      // An import under its own name (`defineAction`) is found by its prefix already: no extra scan.
      if (!CALLEE_PREFIXES.some((prefix) => local.startsWith(prefix))) names.push(local);
    }
    return names;
  }

  private range(node: ts.Node): Range {
    return { start: this.pos(node.getStart(this.sf)), end: this.pos(node.getEnd()) };
  }

  private textOf(node: ts.Node, max = 60): string {
    return snippet(this.text, node.getStart(this.sf), node.getEnd(), max);
  }

  private span(node: ts.Node): Span {
    return [node.getStart(this.sf), node.getEnd()];
  }

  private spanRange(span: Span): Range {
    this.lines ??= lineStarts(this.text);
    return spanRange(this.lines, span[0], span[1]);
  }

  // ---- markers, imports, exports ----------------------------------------------------------------

  /** `// @keystroke ignore[:deploy]` in the comments before the first token. */
  private readMarkers(): void {
    const first = this.sf.statements[0];
    const leading = this.text.slice(0, first ? first.getStart(this.sf) : this.text.length);
    for (const match of leading.matchAll(MARKER)) {
      if (match[1] === undefined) this.facts.ignore = true;
      else if (match[1] === "deploy") this.facts.ignoreDeploy = true;
    }
  }

  /** A definition bound to a top-level name takes that name's export name (`export default` → "default"). */
  private nameDefinitionExports(): void {
    const exportOf = new Map<string, string>();
    for (const [exported, target] of this.facts.exports) {
      if (target.k === "local" && !exportOf.has(target.name)) exportOf.set(target.name, exported);
    }
    for (const [local, expr] of this.facts.locals) {
      let base = expr;
      while (base.k === "scoped") base = base.inner;
      if (base.k !== "def") continue;
      const def = this.facts.definitions[base.def];
      if (def && def.exportName === null) def.exportName = exportOf.get(local) ?? null;
    }
  }

  // ---- values -----------------------------------------------------------------------------------

  /**
   * `detail` builds messages that quote the source; top-level initializers skip it, since most are
   * schemas or helpers whose reason is never shown (and every kept string costs memory).
   */
  private toExpr(node: ts.Expression, detail = true, depth = 0): ValueExpr {
    if (depth > MAX_WALK_DEPTH) throw new TooDeep();
    node = strip(node);
    if (ts.isIdentifier(node)) return { k: "ref", name: nameOf(node) };
    if (ts.isPropertyAccessExpression(node)) {
      const object = strip(node.expression);
      if (ts.isIdentifier(object)) return { k: "member", object: nameOf(object), prop: nameOf(node.name) };
      return detail ? { k: "unknown", what: `${this.textOf(node, 40)} is not a plain name or namespace member` } : NOT_A_CREDENTIAL;
    }
    if (ts.isElementAccessExpression(node)) {
      const object = strip(node.expression);
      const prop = stringValue(node.argumentExpression);
      if (ts.isIdentifier(object) && prop !== null) return { k: "member", object: nameOf(object), prop };
      return detail ? { k: "unknown", what: `${this.textOf(node, 40)} is a computed access` } : NOT_A_CREDENTIAL;
    }
    if (ts.isArrayLiteralExpression(node)) return this.arrayExpr(node, detail, depth);
    if (ts.isCallExpression(node)) {
      const callee = strip(node.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "scope") {
        // A chain of pins: the outermost applies. Unwound in a loop (chains can be long).
        let inner: ts.Expression = strip(callee.expression);
        for (;;) {
          const c = ts.isCallExpression(inner) ? strip(inner.expression) : null;
          if (c && ts.isPropertyAccessExpression(c) && c.name.text === "scope") inner = strip(c.expression);
          else break;
        }
        return { k: "scoped", inner: this.toExpr(inner, detail, depth + 1), pin: this.pinOf(node) };
      }
      const primitive = this.primitiveOf(node);
      if (primitive?.role === "action") return { k: "action", via: primitive.via, span: this.span(node) };
      const def = this.definitionOf(node);
      if (typeof def === "number") return { k: "def", def };
      if (def === null) return KEY_NOT_LITERAL;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
      if (DEFINITION_CALL_NAMES.includes(name)) return NOT_FROM_CREDENTIALS_MODULE;
      return detail ? { k: "unknown", what: `${this.textOf(node.expression, 40)}(...) is not a credential definition` } : NOT_A_CREDENTIAL;
    }
    return detail ? { k: "unknown", what: `${this.textOf(node, 40)} is not a name, a namespace member or a defineCredential(...) call` } : NOT_A_CREDENTIAL;
  }

  /** An array literal's items, for lists kept in constants and spreads; a huge one is data. */
  private arrayExpr(node: ts.ArrayLiteralExpression, detail: boolean, depth: number): ValueExpr {
    if (node.elements.length > MAX_LIST_ITEMS) return { k: "unknown", what: `an array of more than ${MAX_LIST_ITEMS} elements` };
    const items: ArrayItem[] = [];
    for (const el of node.elements) {
      if (ts.isOmittedExpression(el)) continue;
      const spread = ts.isSpreadElement(el);
      const inner = spread ? el.expression : el;
      // Only names, members, calls and spreads can be credentials: other values cost no detail.
      const expr = ts.isArrayLiteralExpression(strip(inner)) && !spread ? NOT_A_CREDENTIAL : this.toExpr(inner, detail, depth + 1);
      items.push({ spread, expr, span: this.span(el) });
    }
    return { k: "array", items };
  }

  private pinOf(call: ts.CallExpression): PinExpr {
    const cached = this.pins.get(call);
    if (cached) return cached;
    const arg = call.arguments[0];
    let pin: PinExpr;
    const literal = stringValue(arg);
    if (!arg) pin = { state: "dynamic", span: this.span(call) };
    else if (literal !== null) {
      pin = (SCOPES as readonly string[]).includes(literal)
        ? { state: "valid", scope: literal as Scope, span: this.span(arg) }
        : { state: "invalid", literal, span: this.span(arg) };
    } else pin = { state: "dynamic", span: this.span(arg) };
    this.pins.set(call, pin);
    return pin;
  }

  // ---- callee classification --------------------------------------------------------------------

  private importOf(node: ts.Expression): ImportBinding | undefined {
    return ts.isIdentifier(node) ? this.facts.imports.get(node.text) : undefined;
  }

  /** A namespace import of Keystroke (any entry point): `import * as ks from "@keystrokehq/keystroke/credentials"`. */
  private isKeystrokeNamespace(node: ts.Expression): boolean {
    const b = this.importOf(strip(node));
    return b !== undefined && b.imported === "*" && isKeystrokeSpecifier(b.specifier);
  }

  /**
   * Whether an imported name can be Keystroke's `name` (`defineCredential`, `credential`): from
   * Keystroke itself (`via` null), or from a project module that may re-export it (`via` is
   * confirmed when linking). Null when it cannot be.
   */
  private credentialCallee(node: ts.Expression, name: string): { via: Callee | null } | null {
    if (!ts.isIdentifier(node)) return null;
    const b = this.importOf(node);
    if (!b || b.imported !== name) return null;
    if (isKeystrokeSpecifier(b.specifier)) return { via: null };
    return isKeystrokeScopePackage(b.specifier) ? null : { via: { k: "ref", name: nameOf(node) } };
  }

  /** The kind a definition call implies ("define" for defineCredential: kind from options), with the callee to confirm, or null. */
  private definitionCallKind(call: ts.CallExpression): { kind: CredentialKind | "define"; via: Callee | null } | null {
    const callee = strip(call.expression);
    if (ts.isIdentifier(callee)) {
      const found = this.credentialCallee(callee, "defineCredential");
      return found ? { kind: "define", via: found.via } : null;
    }
    if (!ts.isPropertyAccessExpression(callee)) return null;
    const method = callee.name.text;
    if (method === "defineCredential") return this.isKeystrokeNamespace(callee.expression) ? { kind: "define", via: null } : null;
    if (method !== "static" && method !== "oauth") return null;
    const helper = strip(callee.expression);
    const found =
      ts.isPropertyAccessExpression(helper) && helper.name.text === "credential" && this.isKeystrokeNamespace(helper.expression) ? { via: null } : this.credentialCallee(helper, "credential");
    return found ? { kind: method === "static" ? "api_key" : "oauth_managed", via: found.via } : null;
  }

  /**
   * The primitive a call defines, when its callee is imported from Keystroke (`via` null) or
   * from a project module that may re-export it (`via` names the callee for the linker).
   */
  private primitiveOf(call: ts.CallExpression): { role: PrimitiveRole; name: string; via: Callee | null } | null {
    const callee = strip(call.expression);
    if (ts.isIdentifier(callee)) {
      const b = this.importOf(callee);
      const p = b ? primitiveFromImport(b, null) : null;
      return p ? { role: p.role, name: p.name, via: p.confirmed ? null : { k: "ref", name: nameOf(callee) } } : null;
    }
    if (ts.isPropertyAccessExpression(callee)) {
      const object = strip(callee.expression);
      const b = this.importOf(object);
      const p = b && ts.isIdentifier(object) ? primitiveFromImport(b, callee.name.text) : null;
      return p && ts.isIdentifier(object) ? { role: p.role, name: p.name, via: p.confirmed ? null : { k: "member", object: nameOf(object), prop: p.name } } : null;
    }
    return null;
  }

  /** Index of the definition this call creates; null = a definition call we cannot read; undefined = not one. */
  private definitionOf(call: ts.CallExpression): number | null | undefined {
    if (this.definitionIndex.has(call)) return this.definitionIndex.get(call);
    const callKind = this.definitionCallKind(call);
    if (callKind === null) return undefined;
    const def = this.readDefinition(call, callKind.kind, callKind.via);
    let index: number | null = null;
    if (def) {
      index = this.facts.definitions.length;
      this.facts.definitions.push(def);
    }
    this.definitionIndex.set(call, index);
    return index;
  }

  private readDefinition(call: ts.CallExpression, callKind: CredentialKind | "define", via: Callee | null): RawDefinition | null {
    const arg = call.arguments[0];
    const options = arg ? strip(arg) : undefined;
    if (!options || !ts.isObjectLiteralExpression(options)) return null;
    let key: { value: string; range: Range } | null = null;
    let kind: CredentialKind = callKind === "define" ? "api_key" : callKind;
    let fields: FieldSpec[] = [];
    let fieldsKnown = true;
    for (const prop of options.properties) {
      const name = propertyName(prop.name);
      if (!ts.isPropertyAssignment(prop)) {
        if (name === "fields") fieldsKnown = false;
        continue;
      }
      if (name === "key") {
        const value = stringValue(strip(prop.initializer));
        if (value !== null) key = { value, range: this.range(prop.initializer) };
      } else if (name === "kind" && callKind === "define") {
        const value = stringValue(strip(prop.initializer));
        kind = value === "oauth" || value === "oauth_managed" ? "oauth_managed" : value === "keystroke" ? "keystroke" : "api_key";
      } else if (name === "fields") {
        const read = this.readFields(strip(prop.initializer));
        fields = read ?? [];
        fieldsKnown = read !== null;
      }
    }
    if (!key) return null;
    return { key: key.value, kind, fields, fieldsKnown, range: this.range(call), keyRange: key.range, exportName: null, via };
  }

  /** `{ apiKey: z.string(), region: z.string().optional() }` → field specs; null when not literal. */
  private readFields(node: ts.Expression): FieldSpec[] | null {
    if (!ts.isObjectLiteralExpression(node)) return null;
    const fields: FieldSpec[] = [];
    for (const prop of node.properties) {
      if (ts.isSpreadAssignment(prop)) return null;
      const name = propertyName(prop.name);
      if (name === null) return null;
      const required = ts.isPropertyAssignment(prop) ? !this.chainIsOptional(prop.initializer) : true;
      fields.push({ name, required });
    }
    return fields;
  }

  /** True when any call in the chain is `.optional()`, `.nullish()` or `.default(...)` (or `z.optional(x)`). */
  private chainIsOptional(node: ts.Expression): boolean {
    let current: ts.Expression = strip(node);
    for (let guard = 0; guard < 200; guard++) {
      if (ts.isCallExpression(current)) {
        const callee = strip(current.expression);
        if (ts.isPropertyAccessExpression(callee)) {
          if (OPTIONAL_MARKERS.has(callee.name.text)) return true;
          current = strip(callee.expression);
          continue;
        }
        return false;
      }
      if (ts.isPropertyAccessExpression(current)) {
        current = strip(current.expression);
        continue;
      }
      return false;
    }
    return false;
  }

  // ---- the walk ---------------------------------------------------------------------------------

  private depth = 0;
  private readonly visitUnnamed = (child: ts.Node): void => this.visit(child, null);

  /** `bindingName` is the variable a call chain is assigned to (for naming actions). */
  private visit(node: ts.Node, bindingName: string | null): void {
    if (!anyWithin(this.calleeWords, node.pos, node.end)) return;
    // Bounded, with an explicit result: a file nested deeper is reported as not analysed (and
    // this extractor is dropped, so the count need not be restored on the way out).
    if (++this.depth > MAX_WALK_DEPTH) throw new TooDeep();
    this.visitNode(node, bindingName);
    this.depth--;
  }

  private visitNode(node: ts.Node, bindingName: string | null): void {
    const kind = node.kind;
    // Types, type declarations and module statements hold no calls we read.
    if (
      (kind >= ts.SyntaxKind.FirstTypeNode && kind <= ts.SyntaxKind.LastTypeNode) ||
      kind === ts.SyntaxKind.InterfaceDeclaration ||
      kind === ts.SyntaxKind.TypeAliasDeclaration ||
      kind === ts.SyntaxKind.ImportDeclaration ||
      kind === ts.SyntaxKind.ExportDeclaration
    ) {
      return;
    }
    if (ts.isVariableDeclaration(node)) {
      if (node.initializer) this.visit(node.initializer, ts.isIdentifier(node.name) ? nameOf(node.name) : null);
      return;
    }
    if (ts.isCallExpression(node)) {
      this.visitCall(node, bindingName);
      return;
    }
    const passName = bindingName !== null && (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node));
    ts.forEachChild(node, passName ? (child) => this.visit(child, bindingName) : this.visitUnnamed);
  }

  private visitCall(call: ts.CallExpression, bindingName: string | null): void {
    const callee = strip(call.expression);
    let calleeName = bindingName;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === "scope") {
      this.checkScopeCall(call, callee);
    } else {
      calleeName = null;
      this.definitionOf(call);
      const primitive = this.primitiveOf(call);
      if (primitive !== null) this.readPrimitive(call, primitive, bindingName);
    }
    // The callee carries the binding name through `.scope(...)` chains; arguments never do.
    this.visit(call.expression, calleeName);
    call.arguments.forEach(this.visitUnnamed);
  }

  /**
   * A `.scope(...)`: a pin on an action call is kept for that action; an argument that is not a
   * scope becomes a PinCheck, which the linker reports only when the receiver traces to a
   * Keystroke credential or action (`logger.scope("x")` is not ours). No argument: nothing to say.
   */
  private checkScopeCall(call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    let base = strip(callee.expression);
    while (ts.isCallExpression(base)) {
      const inner = strip(base.expression);
      if (ts.isPropertyAccessExpression(inner) && inner.name.text === "scope") base = strip(inner.expression);
      else break;
    }
    if (call.arguments.length === 0) return;
    const pin = this.pinOf(call);
    if (ts.isCallExpression(base) && this.primitiveOf(base)?.role === "action" && !this.actionPins.has(base)) this.actionPins.set(base, pin);
    if (pin.state === "valid") return;
    const arg = call.arguments[0]!;
    this.facts.pinChecks.push({ receiver: this.toExpr(base, false), pin, argText: this.textOf(arg, 40) });
  }

  private readPrimitive(call: ts.CallExpression, primitive: { role: PrimitiveRole; name: string; via: Callee | null }, bindingName: string | null): void {
    const arg = call.arguments[0];
    const options = arg ? strip(arg) : undefined;
    const props = options && ts.isObjectLiteralExpression(options) ? options.properties : undefined;
    // The first property of each name counts; one pass over the options, not one per name.
    let slug: ts.ObjectLiteralElementLike | undefined;
    let title: ts.ObjectLiteralElementLike | undefined;
    let credentials: ts.ObjectLiteralElementLike | undefined;
    let run: ts.ObjectLiteralElementLike | undefined;
    for (const p of props ?? []) {
      const key = propertyName(p.name);
      if (key === "slug") slug ??= p;
      else if (key === "name") title ??= p;
      else if (key === "credentials") credentials ??= p;
      else if (key === "run") run ??= p;
    }
    const name = literalValue(slug) ?? literalValue(title) ?? bindingName ?? `${primitive.name} at line ${this.pos(call.getStart(this.sf)).line + 1}`;
    const range = this.range(call);
    const { role, via } = primitive;
    if (role === "action" && primitive.name !== "defineAction" && !credentials) return; // defineApp/defineMcp without credentials
    const misplaced = role === "host" && credentials?.name ? this.range(credentials.name) : null;
    const calls = role !== "action" && options && ts.isObjectLiteralExpression(options) ? readHostCalls(options, (node) => this.toExpr(node, false)) : [];
    this.facts.hosts.push({ name, role: hostRole(primitive.name, role), primitive: primitive.name, range, via, misplaced, calls });
    if (role !== "action" || !props) return;
    const reads = readRunReads(runFunction(run), this.sf, this.text);
    this.facts.actions.push({
      name,
      range,
      via,
      list: credentials ? this.readList(credentials) : { k: "none" },
      pin: this.actionPins.get(call) ?? null,
      accesses: reads?.accesses ?? null,
      readsUnchecked: reads?.unchecked ?? null,
    });
  }

  private readList(prop: ts.ObjectLiteralElementLike): RawList {
    let value: ts.Expression | undefined;
    if (ts.isPropertyAssignment(prop)) value = strip(prop.initializer);
    else if (ts.isShorthandPropertyAssignment(prop)) value = prop.name;
    if (!value) return { k: "value", expr: { k: "unknown", what: "it is not a plain property" }, span: this.span(prop) };
    if (!ts.isArrayLiteralExpression(value)) {
      const call = ts.isCallExpression(value) && this.primitiveOf(value) === null && this.definitionOf(value) === undefined && !isScopeCall(value) ? value : null;
      const expr: ValueExpr = call ? { k: "unknown", what: `the list is computed by ${this.textOf(call.expression, 40)}(...), so what it holds is not known statically` } : this.toExpr(value);
      return { k: "value", expr, span: this.span(value) };
    }
    const elements: RawElement[] = [];
    const nodes = value.elements;
    nodes.forEach((node, i) => {
      if (ts.isOmittedExpression(node)) return;
      const spread = ts.isSpreadElement(node);
      const expr = this.toExpr(spread ? node.expression : node);
      const span = this.span(node);
      const previous = nodes[i - 1];
      const next = nodes[i + 1];
      const removeSpan: Span = previous ? [previous.getEnd(), span[1]] : next ? [span[0], next.getStart(this.sf)] : span;
      elements.push({ expr, spread, span, range: this.spanRange(span), removeSpan });
    });
    return { k: "literal", elements };
  }

  // ---- keystroke.config.ts ----------------------------------------------------------------------

  private readConfig(): { organization?: string; project?: string } {
    const exported = this.facts.exports.get("default");
    let node = exported?.k === "local" ? this.topLevelInit.get(exported.name) : undefined;
    if (node) node = strip(node);
    if (node && ts.isCallExpression(node) && node.arguments[0]) node = strip(node.arguments[0]);
    if (node && ts.isIdentifier(node)) {
      const init = this.topLevelInit.get(node.text);
      node = init ? strip(init) : undefined;
    }
    const config: { organization?: string; project?: string } = {};
    if (!node || !ts.isObjectLiteralExpression(node)) return config;
    for (const prop of node.properties) {
      if (!ts.isPropertyAssignment(prop)) continue;
      const name = propertyName(prop.name);
      const value = stringValue(strip(prop.initializer));
      if (value === null) continue;
      if (name === "organization") config.organization = value;
      if (name === "project") config.project = value;
    }
    return config;
  }
}
