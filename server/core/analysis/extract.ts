// Turns one file's text into FileFacts with a single parse (ts.createSourceFile, no Program, no
// type checker) and one walk. Nothing here looks at other files: imports stay as specifiers and
// identifiers stay as names, so the result can be cached until this file's text changes.
import ts from "typescript";
import { SCOPES, type CredentialKind, type FieldSpec, type Range, type Scope } from "../schema";
import { makeFinding, messages } from "../findings/catalog";
import { blankIrrelevantBlocks } from "./blank-blocks";
import { suggestScope } from "./scope-suggestion";
import { anyWithin, lineStarts, positionAt, snippet, spanRange, wordOffsets } from "./text-index";
import {
  DEFAULT_EXPORT_LOCAL,
  type CatalogImport,
  type CredsAccess,
  type ExportTarget,
  type FileFacts,
  type ImportBinding,
  type PinExpr,
  type RawAction,
  type RawDefinition,
  type RawElement,
  type Span,
  type ValueExpr,
} from "./facts";

export const CREDENTIALS_MODULE = "@keystrokehq/keystroke/credentials";
export const CONFIG_FILE = "keystroke.config.ts";
/** Callee names that define a credential: `defineCredential(...)`, `credential.static(...)`, `credential.oauth(...)`. */
export const DEFINITION_CALL_NAMES: readonly string[] = ["defineCredential", "static", "oauth"];
const CATALOG_SPECIFIER = /^@keystrokehq\/([^/]+)\/actions$/;
/** Calls that declare an action-like unit carrying a `credentials` array. */
const ACTION_CALLS = new Set(["defineAction", "defineApp", "defineMcp"]);
const HOST_CALLS = new Set(["defineAgent", "defineWorkflow"]);
const OPTIONAL_MARKERS = new Set(["optional", "nullish", "default"]);
/**
 * Word prefixes of the callees the walk reacts to that need no import: defineAction/Agent/
 * Workflow/App/Mcp (matched by name) and `.scope(...)`. See importedCalleeNames for the rest.
 */
const CALLEE_PREFIXES = ["define", "scope"];
const MARKER = /@keystroke\s+ignore(?::([A-Za-z-]+))?/g;
const NOT_A_CREDENTIAL: ValueExpr = { k: "unknown", what: "its value is not a defineCredential(...) call, a credential name or a .scope(...) of one" };
const KEY_NOT_LITERAL: ValueExpr = { k: "unknown", what: "its key is not a string literal" };
const NOT_FROM_CREDENTIALS_MODULE: ValueExpr = { k: "unknown", what: `that defineCredential/credential is not imported from "@keystrokehq/keystroke/credentials"` };

function scriptKind(file: string): ts.ScriptKind {
  if (file.endsWith(".tsx")) return ts.ScriptKind.TSX;
  if (file.endsWith(".jsx")) return ts.ScriptKind.JSX;
  if (/\.[mc]?js$/.test(file)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** Strips wrappers that do not change the value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
function strip(node: ts.Expression): ts.Expression {
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
function owned(text: string): string {
  return text.length < 13 ? text : (" " + text).slice(1);
}

/** An identifier's name, for keeping in facts (see owned). */
function nameOf(id: ts.Identifier | ts.PrivateIdentifier): string {
  return owned(id.text);
}

function stringValue(node: ts.Node | undefined): string | null {
  if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))) return owned(node.text);
  return null;
}

function propertyName(name: ts.PropertyName | ts.BindingName | undefined): string | null {
  if (!name) return null;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return nameOf(name);
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return owned(name.text);
  return null;
}

type Access = ts.PropertyAccessExpression | ts.ElementAccessExpression;

function isAccess(n: ts.Node): n is Access {
  return ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n);
}

/** `x.name` → "name", `x["name"]` → "name", a computed access → null. */
function accessedName(n: Access): string | null {
  return ts.isPropertyAccessExpression(n) ? nameOf(n.name) : stringValue(n.argumentExpression);
}

/** The string literal a `name: "..."` property holds, or null. */
function literalValue(prop: ts.ObjectLiteralElementLike | undefined): string | null {
  return prop && ts.isPropertyAssignment(prop) ? stringValue(strip(prop.initializer)) : null;
}

/** Reads the modifiers in place (ts.getModifiers copies them into a new array on every call). */
function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const modifiers = ts.canHaveModifiers(node) ? node.modifiers : undefined;
  if (!modifiers) return false;
  for (const m of modifiers) if (m.kind === kind) return true;
  return false;
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
  const markerWords = wordOffsets(text, CALLEE_PREFIXES);
  const source = options.fullParse ? parseFile(file, text) : parseRelevant(file, text, markerWords);
  return new Extractor(file, text, source, markerWords).run();
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
      locals: new Map(),
      definitions: [],
      actions: [],
      catalogImports: [],
      host: null,
      findings: [],
      config: null,
    };
  }

  run(): FileFacts {
    this.readMarkers();
    for (const statement of this.sf.statements) this.readModuleStatement(statement);
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
      if (binding.specifier !== CREDENTIALS_MODULE && !ACTION_CALLS.has(binding.imported) && !HOST_CALLS.has(binding.imported)) continue;
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

  private readModuleStatement(statement: ts.Statement): void {
    const f = this.facts;
    if (ts.isImportDeclaration(statement)) {
      const specifier = stringValue(statement.moduleSpecifier);
      if (specifier === null) return;
      const clause = statement.importClause;
      if (clause?.isTypeOnly) return;
      const app = CATALOG_SPECIFIER.exec(specifier)?.[1];
      if (app !== undefined && app !== "keystroke") {
        const entry: CatalogImport = { app, specifier, range: this.range(statement.moduleSpecifier) };
        if (!f.catalogImports.some((c) => c.app === app)) f.catalogImports.push(entry);
      }
      if (!clause) return;
      if (clause.name) f.imports.set(nameOf(clause.name), { specifier, imported: "default" });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) f.imports.set(nameOf(bindings.name), { specifier, imported: "*" });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const el of bindings.elements) {
          if (el.isTypeOnly) continue;
          const local = nameOf(el.name);
          f.imports.set(local, { specifier, imported: propertyName(el.propertyName) ?? local });
        }
      }
      return;
    }
    if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) return;
      const specifier = statement.moduleSpecifier ? stringValue(statement.moduleSpecifier) : null;
      if (statement.moduleSpecifier && specifier === null) return;
      const clause = statement.exportClause;
      if (!clause) {
        if (specifier !== null) f.starExports.push(specifier);
        return;
      }
      if (ts.isNamespaceExport(clause)) {
        const name = propertyName(clause.name);
        if (name !== null && specifier !== null) f.exports.set(name, { k: "reexport", specifier, imported: "*" });
        return;
      }
      for (const el of clause.elements) {
        if (el.isTypeOnly) continue;
        const exported = propertyName(el.name);
        const source = propertyName(el.propertyName ?? el.name);
        if (exported === null || source === null) continue;
        const target: ExportTarget = specifier !== null ? { k: "reexport", specifier, imported: source } : { k: "local", name: source };
        f.exports.set(exported, target);
      }
      return;
    }
    if (ts.isExportAssignment(statement)) {
      if (statement.isExportEquals) return;
      const expr = strip(statement.expression);
      if (ts.isIdentifier(expr)) {
        f.exports.set("default", { k: "local", name: nameOf(expr) });
      } else {
        this.topLevelInit.set(DEFAULT_EXPORT_LOCAL, expr);
        f.exports.set("default", { k: "local", name: DEFAULT_EXPORT_LOCAL });
      }
      return;
    }
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        if (!ts.isIdentifier(decl.name)) continue;
        const name = nameOf(decl.name);
        if (decl.initializer) this.topLevelInit.set(name, decl.initializer);
        if (exported) f.exports.set(name, { k: "local", name });
      }
      return;
    }
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && exported) {
      const name = statement.name ? nameOf(statement.name) : undefined;
      if (isDefault) f.exports.set("default", { k: "local", name: name ?? DEFAULT_EXPORT_LOCAL });
      else if (name) f.exports.set(name, { k: "local", name });
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
  private toExpr(node: ts.Expression, detail = true): ValueExpr {
    node = strip(node);
    if (ts.isIdentifier(node)) return { k: "ref", name: nameOf(node) };
    if (ts.isPropertyAccessExpression(node)) {
      const object = strip(node.expression);
      if (ts.isIdentifier(object)) return { k: "member", object: nameOf(object), prop: nameOf(node.name) };
      return detail ? { k: "unknown", what: `${this.textOf(node)} is not a plain name or namespace member` } : NOT_A_CREDENTIAL;
    }
    if (ts.isElementAccessExpression(node)) {
      const object = strip(node.expression);
      const prop = stringValue(node.argumentExpression);
      if (ts.isIdentifier(object) && prop !== null) return { k: "member", object: nameOf(object), prop };
      return detail ? { k: "unknown", what: `${this.textOf(node)} is a computed access` } : NOT_A_CREDENTIAL;
    }
    if (ts.isCallExpression(node)) {
      const callee = strip(node.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "scope") {
        return { k: "scoped", inner: this.toExpr(callee.expression, detail), pin: this.pinOf(node) };
      }
      const def = this.definitionOf(node);
      if (typeof def === "number") return { k: "def", def };
      if (def === null) return KEY_NOT_LITERAL;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : "";
      if (DEFINITION_CALL_NAMES.includes(name)) return NOT_FROM_CREDENTIALS_MODULE;
      return detail ? { k: "unknown", what: `${this.textOf(node.expression)}(...) is not a credential definition` } : NOT_A_CREDENTIAL;
    }
    return detail ? { k: "unknown", what: `${this.textOf(node)} is not a name, a namespace member or a defineCredential(...) call` } : NOT_A_CREDENTIAL;
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

  private isCredentialsNamespace(node: ts.Expression): boolean {
    const b = this.importOf(strip(node));
    return b !== undefined && b.specifier === CREDENTIALS_MODULE && b.imported === "*";
  }

  /** The kind a definition call implies, "define" for defineCredential (kind from options), or null. */
  private definitionCallKind(call: ts.CallExpression): CredentialKind | "define" | null {
    const callee = strip(call.expression);
    if (ts.isIdentifier(callee)) {
      const b = this.importOf(callee);
      return b?.specifier === CREDENTIALS_MODULE && b.imported === "defineCredential" ? "define" : null;
    }
    if (!ts.isPropertyAccessExpression(callee)) return null;
    const method = callee.name.text;
    if (method === "defineCredential") return this.isCredentialsNamespace(callee.expression) ? "define" : null;
    if (method !== "static" && method !== "oauth") return null;
    const helper = strip(callee.expression);
    const isHelper =
      (ts.isIdentifier(helper) && this.importOf(helper)?.specifier === CREDENTIALS_MODULE && this.importOf(helper)?.imported === "credential") ||
      (ts.isPropertyAccessExpression(helper) && helper.name.text === "credential" && this.isCredentialsNamespace(helper.expression));
    if (!isHelper) return null;
    return method === "static" ? "api_key" : "oauth_managed";
  }

  /** The primitive a call defines (`defineAction`, `defineAgent`...), matched by (imported) name. */
  private primitiveName(call: ts.CallExpression): string | null {
    const callee = strip(call.expression);
    let name: string | null = null;
    if (ts.isIdentifier(callee)) {
      const b = this.importOf(callee);
      name = b && b.imported !== "*" && b.imported !== "default" ? b.imported : callee.text;
    } else if (ts.isPropertyAccessExpression(callee)) name = callee.name.text;
    return name !== null && (ACTION_CALLS.has(name) || HOST_CALLS.has(name)) ? name : null;
  }

  /** Index of the definition this call creates; null = a definition call we cannot read; undefined = not one. */
  private definitionOf(call: ts.CallExpression): number | null | undefined {
    if (this.definitionIndex.has(call)) return this.definitionIndex.get(call);
    const kind = this.definitionCallKind(call);
    if (kind === null) return undefined;
    const def = this.readDefinition(call, kind);
    let index: number | null = null;
    if (def) {
      index = this.facts.definitions.length;
      this.facts.definitions.push(def);
    }
    this.definitionIndex.set(call, index);
    return index;
  }

  private readDefinition(call: ts.CallExpression, callKind: CredentialKind | "define"): RawDefinition | null {
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
    return { key: key.value, kind, fields, fieldsKnown, range: this.range(call), keyRange: key.range, exportName: null };
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

  private readonly visitUnnamed = (child: ts.Node): void => this.visit(child, null);

  /** `bindingName` is the variable a call chain is assigned to (for naming actions). */
  private visit(node: ts.Node, bindingName: string | null): void {
    if (!anyWithin(this.calleeWords, node.pos, node.end)) return;
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
      const primitive = this.primitiveName(call);
      if (primitive !== null) this.readPrimitive(call, primitive, bindingName);
    }
    // The callee carries the binding name through `.scope(...)` chains; arguments never do.
    this.visit(call.expression, calleeName);
    call.arguments.forEach(this.visitUnnamed);
  }

  /** KS010/KS011 for a `.scope(...)` on a name, a namespace member, a definition or an action. */
  private checkScopeCall(call: ts.CallExpression, callee: ts.PropertyAccessExpression): void {
    let base = strip(callee.expression);
    while (ts.isCallExpression(base)) {
      const inner = strip(base.expression);
      if (ts.isPropertyAccessExpression(inner) && inner.name.text === "scope") base = strip(inner.expression);
      else break;
    }
    const baseIsAction = ts.isCallExpression(base) && this.primitiveName(base) !== null && ACTION_CALLS.has(this.primitiveName(base)!);
    const relevant =
      ts.isIdentifier(base) || ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base) || baseIsAction ||
      (ts.isCallExpression(base) && this.definitionCallKind(base) !== null);
    if (!relevant) return;
    const pin = this.pinOf(call);
    if (baseIsAction && !this.actionPins.has(base as ts.CallExpression)) this.actionPins.set(base as ts.CallExpression, pin);
    if (pin.state === "invalid") {
      const suggestion = suggestScope(pin.literal);
      this.facts.findings.push(makeFinding("KS010", this.file, this.spanRange(pin.span), messages.KS010(pin.literal, suggestion), { data: { suggestion } }));
    } else if (pin.state === "dynamic") {
      const arg = call.arguments[0];
      this.facts.findings.push(makeFinding("KS011", this.file, this.spanRange(pin.span), messages.KS011(arg ? this.textOf(arg, 40) : "")));
    }
  }

  private readPrimitive(call: ts.CallExpression, primitive: string, bindingName: string | null): void {
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
    const name = literalValue(slug) ?? literalValue(title) ?? bindingName ?? `${primitive} at line ${this.pos(call.getStart(this.sf)).line + 1}`;
    const range = this.range(call);
    if (primitive !== "defineAction" && !HOST_CALLS.has(primitive) && !credentials) return; // defineApp/defineMcp without credentials
    if (!this.facts.host && (primitive === "defineAction" || HOST_CALLS.has(primitive))) this.facts.host = { name, range };
    if (HOST_CALLS.has(primitive)) {
      if (credentials?.name) {
        this.facts.findings.push(makeFinding("KS012", this.file, this.range(credentials.name), messages.KS012(primitive as "defineAgent" | "defineWorkflow")));
      }
      return;
    }
    if (!props) return;
    const action: RawAction = {
      name,
      range,
      elements: credentials ? this.readElements(credentials) : [],
      pin: this.actionPins.get(call) ?? null,
      accesses: this.readRunAccesses(run),
    };
    this.facts.actions.push(action);
  }

  private readElements(prop: ts.ObjectLiteralElementLike): RawElement[] {
    let value: ts.Expression | undefined;
    if (ts.isPropertyAssignment(prop)) value = strip(prop.initializer);
    else if (ts.isShorthandPropertyAssignment(prop)) value = prop.name;
    if (value && ts.isIdentifier(value)) {
      const init = this.topLevelInit.get(value.text);
      value = init ? strip(init) : value;
    }
    if (!value || !ts.isArrayLiteralExpression(value)) return [];
    const elements: RawElement[] = [];
    const nodes = value.elements;
    nodes.forEach((node, i) => {
      if (ts.isOmittedExpression(node)) return;
      const expr: ValueExpr = ts.isSpreadElement(node) ? { k: "unknown", what: "a spread element" } : this.toExpr(node);
      const span = this.span(node);
      const previous = nodes[i - 1];
      const next = nodes[i + 1];
      const removeSpan: Span = previous ? [previous.getEnd(), span[1]] : next ? [span[0], next.getStart(this.sf)] : span;
      elements.push({ expr, span, range: this.spanRange(span), removeSpan });
    });
    return elements;
  }

  /** Reads of the run function's second parameter: `creds.k`, `creds["k"]`, `creds.k.f`, or `{ k: { f } }`. */
  private readRunAccesses(prop: ts.ObjectLiteralElementLike | undefined): CredsAccess[] | null {
    let fn: ts.SignatureDeclarationBase & { body?: ts.Node } | undefined;
    if (prop && ts.isMethodDeclaration(prop)) fn = prop;
    else if (prop && ts.isPropertyAssignment(prop)) {
      const init = strip(prop.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) fn = init;
    }
    const param = fn?.parameters[1];
    if (!fn || !param) return null;
    const accesses: CredsAccess[] = [];
    if (ts.isObjectBindingPattern(param.name)) {
      for (const el of param.name.elements) {
        const key = propertyName(el.propertyName ?? el.name);
        if (key === null || el.dotDotDotToken) continue;
        const keySpan = this.span(el.propertyName ?? el.name);
        if (ts.isObjectBindingPattern(el.name) && el.name.elements.length > 0) {
          for (const inner of el.name.elements) {
            const field = propertyName(inner.propertyName ?? inner.name);
            if (field !== null) accesses.push({ span: this.span(el), key, keySpan, field, fieldSpan: this.span(inner) });
          }
        } else accesses.push({ span: keySpan, key, keySpan, field: null, fieldSpan: null });
      }
      return accesses;
    }
    if (!ts.isIdentifier(param.name) || !fn.body) return null;
    const paramName = param.name.text;
    const isParam = (n: ts.Expression) => {
      const s = strip(n);
      return ts.isIdentifier(s) && s.text === paramName;
    };
    // Only subtrees that mention the parameter can read it.
    const mentions = wordOffsets(this.text, [paramName], fn.body.pos, fn.body.end);
    const scan = (n: ts.Node): void => {
      if (!anyWithin(mentions, n.pos, n.end)) return;
      if (isAccess(n)) {
        const inner = strip(n.expression);
        const key = isAccess(inner) && isParam(inner.expression) ? accessedName(inner) : null;
        if (key !== null) {
          const field = accessedName(n);
          const keySpan = this.span(inner);
          const fieldSpan = field !== null ? this.span(n) : null;
          accesses.push({ span: fieldSpan ?? keySpan, key, keySpan, field, fieldSpan });
          if (ts.isElementAccessExpression(n)) scan(n.argumentExpression);
          return;
        }
        const name = accessedName(n);
        if (name !== null && isParam(n.expression)) {
          const keySpan = this.span(n);
          accesses.push({ span: keySpan, key: name, keySpan, field: null, fieldSpan: null });
          return;
        }
      }
      ts.forEachChild(n, scan);
    };
    scan(fn.body);
    return accesses;
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
