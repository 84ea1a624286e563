// Links one file's actions to credential definitions anywhere in the project by following names
// through imports, re-exports and namespaces (cycles stop). It records every file it looked at,
// so the index knows exactly which files to re-link when one of them changes.
import type { Finding, Range } from "../schema";
import { makeFinding, messages } from "../findings/catalog";
import type { Callee, FileFacts, PinExpr, RawDefinition, RawHost, Span, ValueExpr } from "./facts";
import { linkAction } from "./link-action";
import { DEFINITION_CALLEES, isKeystrokeScopePackage, isKeystrokeSpecifier, primitiveRole } from "./primitives";
import { suggestScope } from "./scope-suggestion";
import { lineStarts, snippet, spanRange } from "./text-index";
import type { ActionCall, CredentialDefinition, ModelAction, Requirement } from "./model";

export interface IndexedFile {
  text: string;
  facts: FileFacts;
  /** One public definition object per RawDefinition, same order. */
  definitions: CredentialDefinition[];
}

export interface LinkHost {
  get(file: string): IndexedFile | undefined;
  resolve(fromFile: string, specifier: string): string | null;
  /**
   * What `file` exports as `name`, memoized across links (many actions import the same names
   * through the same barrels). The owner clears it whenever any file changes.
   */
  exportCache: Map<string, Map<string, CachedExport>>;
}

export interface CachedExport {
  binding: Binding;
  /** Every file read to find it. Shared by all links that used the entry (never copied). */
  deps: readonly string[];
}

export interface FileLink {
  requirements: Requirement[];
  actions: ModelAction[];
  /** The actions this file's agents, workflows and triggers run, where traced. */
  calls: ActionCall[];
  findings: Finding[];
  /** The file defines a confirmed Keystroke primitive (an action, agent, workflow or trigger): a root of what deploys. */
  primitive: boolean;
  /** Files this link read directly (including the file itself)... */
  deps: Set<string>;
  /** ...and through cached exports: together, every file whose change can change this link. */
  depGroups: (readonly string[])[];
}

export function forEachDep(link: FileLink, fn: (file: string) => void): void {
  for (const d of link.deps) fn(d);
  for (const group of link.depGroups) for (const d of group) fn(d);
}

export type Binding =
  | { k: "value"; file: string; expr: ValueExpr }
  | { k: "namespace"; file: string }
  /** A name that comes from a module outside the project (a package): its specifier and export name. */
  | { k: "external"; specifier: string; imported: string; reason: string }
  | { k: "missing"; reason: string };

export type Trace =
  | { ok: true; def: CredentialDefinition; raw: RawDefinition; pin: PinExpr | null }
  | { ok: false; reason: string };

const MAX_DEPTH = 64;

export function isDefinitionCallee(imported: string): boolean {
  return DEFINITION_CALLEES.has(imported);
}

export function linkFile(host: LinkHost, file: string): FileLink {
  return new Linker(host, file).run();
}

export class Linker {
  private deps = new Set<string>();
  private depGroups: (readonly string[])[] = [];
  private readonly lineCache = new Map<string, number[]>();

  constructor(
    private readonly host: LinkHost,
    private readonly file: string,
  ) {
    this.deps.add(file);
  }

  run(): FileLink {
    const link: FileLink = { requirements: [], actions: [], calls: [], findings: [], primitive: false, deps: this.deps, depGroups: this.depGroups };
    // `deps`/`depGroups` are swapped while filling the export cache; the link keeps the outermost ones.
    const entry = this.host.get(this.file);
    if (!entry || entry.facts.ignore) return link;
    const facts = entry.facts;
    for (const action of facts.actions) {
      if (action.via === null || this.isKeystrokePrimitive(this.file, action.via)) linkAction(this, facts, action, link);
    }
    let host: RawHost | null = null;
    for (const h of facts.hosts) {
      if (h.via !== null && !this.isKeystrokePrimitive(this.file, h.via)) continue;
      host ??= h;
      this.linkCalls(h, link);
      if (h.misplaced) link.findings.push(makeFinding("KS012", this.file, h.misplaced, messages.KS012(h.primitive as "defineAgent" | "defineWorkflow")));
    }
    link.primitive = host !== null || link.actions.length > 0;
    if (host) {
      for (const c of facts.catalogImports) {
        link.requirements.push({
          key: c.app,
          kind: "keystroke",
          file: this.file,
          range: c.range,
          origin: null,
          pin: null,
          pinState: "none",
          action: { name: host.name, file: this.file, range: host.range, role: host.role },
          definition: null,
          catalog: true,
          ignoreDeploy: facts.ignoreDeploy,
        });
      }
    }
    for (const check of facts.pinChecks) {
      if (!this.isKeystrokeValue(this.file, check.receiver, 0)) continue;
      const range = this.rangeIn(this.file, check.pin.span);
      if (check.pin.state === "invalid") {
        const suggestion = suggestScope(check.pin.literal);
        link.findings.push(makeFinding("KS010", this.file, range, messages.KS010(check.pin.literal, suggestion), { data: { suggestion } }));
      } else {
        link.findings.push(makeFinding("KS011", this.file, range, messages.KS011(check.argText)));
      }
    }
    return link;
  }

  /** The actions a host runs, each once: only names that trace to a Keystroke action count. */
  private linkCalls(host: RawHost, link: FileLink): void {
    const seen = new Set<string>();
    for (const call of host.calls) {
      const found: { file: string; span: Span }[] = [];
      this.actionsOf(this.file, call.expr, 0, found);
      for (const a of found) {
        const id = `${a.file}\u0000${a.span[0]}`;
        if (seen.has(id)) continue;
        seen.add(id);
        link.calls.push({ caller: { name: host.name, role: host.role, file: this.file, range: host.range }, how: call.how, action: { file: a.file, range: this.rangeIn(a.file, a.span) } });
      }
    }
  }

  /** The project actions a value stands for: an action, a name of one, or a list of them. */
  private actionsOf(file: string, expr: ValueExpr, depth: number, out: { file: string; span: Span }[]): void {
    if (depth > MAX_DEPTH) return;
    switch (expr.k) {
      case "action":
        if (expr.via === null || this.isKeystrokePrimitive(file, expr.via)) out.push({ file, span: expr.span });
        return;
      case "scoped":
        return this.actionsOf(file, expr.inner, depth + 1, out);
      case "array":
        for (const item of expr.items) this.actionsOf(file, item.expr, depth + 1, out);
        return;
      case "ref":
      case "member": {
        const binding = this.bindingOf(file, expr);
        if (binding.k === "value") this.actionsOf(binding.file, binding.expr, depth + 1, out);
        return;
      }
      default:
        return;
    }
  }

  /** A span of `file` as a Range (line starts computed once per file, only when a position is needed). */
  rangeIn(file: string, span: Span): Range {
    let lines = this.lineCache.get(file);
    if (!lines) {
      lines = lineStarts(this.host.get(file)?.text ?? "");
      this.lineCache.set(file, lines);
    }
    return spanRange(lines, span[0], span[1]);
  }

  textIn(file: string, span: Span): string {
    return snippet(this.host.get(file)?.text ?? "", span[0], span[1], 40);
  }

  /** Whether a callee imported from a project module is a re-export of Keystroke's primitive. */
  private isKeystrokePrimitive(file: string, via: Callee): boolean {
    return this.isKeystrokeExport(file, via, (imported, specifier) => primitiveRole(imported, specifier) !== null);
  }

  /** Whether a callee imported from a project module re-exports a Keystroke export that `accept`s. */
  isKeystrokeExport(file: string, via: Callee, accept: (imported: string, specifier: string) => boolean): boolean {
    const binding = via.k === "ref" ? this.lookup(file, via.name, null) : this.memberBinding(file, via.object, via.prop);
    return binding.k === "external" && isKeystrokeSpecifier(binding.specifier) && accept(binding.imported, binding.specifier);
  }

  private memberBinding(file: string, object: string, prop: string): Binding {
    const ns = this.lookup(file, object, null);
    if (ns.k === "namespace") return this.exportedCached(ns.file, prop);
    if (ns.k === "external" && ns.imported === "*") return { k: "external", specifier: ns.specifier, imported: prop, reason: ns.reason };
    return ns.k === "missing" ? ns : { k: "missing", reason: `"${object}" is not a namespace import` };
  }

  /**
   * Whether a `.scope(...)` receiver is Keystroke's: a credential definition, an action, or a
   * name that traces to one (or to an `@keystrokehq/...` package export, like a catalog action).
   */
  private isKeystrokeValue(file: string, expr: ValueExpr, depth: number): boolean {
    if (depth > MAX_DEPTH) return false;
    switch (expr.k) {
      case "def":
        return true;
      case "action":
        return expr.via === null || this.isKeystrokePrimitive(file, expr.via);
      case "scoped":
        return this.isKeystrokeValue(file, expr.inner, depth + 1);
      case "ref":
      case "member": {
        const binding = expr.k === "ref" ? this.lookup(file, expr.name, null) : this.memberBinding(file, expr.object, expr.prop);
        if (binding.k === "external") return isKeystrokeScopePackage(binding.specifier);
        return binding.k === "value" && this.isKeystrokeValue(binding.file, binding.expr, depth + 1);
      }
      default:
        return false;
    }
  }

  evaluate(file: string, expr: ValueExpr, depth: number): Trace {
    if (depth > MAX_DEPTH) return { ok: false, reason: "too many indirections (circular definitions?)" };
    switch (expr.k) {
      case "def": {
        const entry = this.host.get(file);
        const raw = entry?.facts.definitions[expr.def];
        const def = entry?.definitions[expr.def];
        if (!raw || !def) return { ok: false, reason: "definition not found" };
        if (raw.via !== null && !this.isKeystrokeExport(file, raw.via, isDefinitionCallee)) {
          return { ok: false, reason: `the ${raw.via.k === "ref" ? raw.via.name : raw.via.prop} it is made with is not Keystroke's` };
        }
        return { ok: true, def, raw, pin: null };
      }
      case "scoped": {
        const inner = this.evaluate(file, expr.inner, depth + 1);
        // The outermost `.scope(...)` is the one that applies.
        return inner.ok ? { ...inner, pin: expr.pin } : inner;
      }
      case "ref":
        return this.fromBinding(this.lookup(file, expr.name, null), expr.name, depth);
      case "member": {
        const object = this.lookup(file, expr.object, null);
        if (object.k === "missing") return { ok: false, reason: object.reason };
        if (object.k === "external") return { ok: false, reason: object.reason };
        if (object.k !== "namespace") return { ok: false, reason: `"${expr.object}" is not a namespace import` };
        return this.fromBinding(this.exportedCached(object.file, expr.prop), `${expr.object}.${expr.prop}`, depth);
      }
      case "action":
        return { ok: false, reason: "it is an action, not a credential" };
      case "array":
        return { ok: false, reason: "it is a list, not one credential (spread it with ...)" };
      case "unknown":
        return { ok: false, reason: expr.what };
    }
  }

  private fromBinding(binding: Binding, name: string, depth: number): Trace {
    if (binding.k === "missing" || binding.k === "external") return { ok: false, reason: binding.reason };
    if (binding.k === "namespace") return { ok: false, reason: `"${name}" is a whole module namespace, not one credential` };
    return this.evaluate(binding.file, binding.expr, depth + 1);
  }

  /** What a name or namespace member stands for, as a binding (for lists, which are not traces). */
  bindingOf(file: string, expr: ValueExpr): Binding {
    if (expr.k === "ref") return this.lookup(file, expr.name, null);
    if (expr.k === "member") return this.memberBinding(file, expr.object, expr.prop);
    return { k: "value", file, expr };
  }

  /**
   * What a top-level name in `file` stands for. `seen` is the re-export walk this lookup is part
   * of; null for a name an element reads (its import then goes through the shared export cache).
   */
  private lookup(file: string, name: string, seen: Set<string> | null): Binding {
    this.deps.add(file);
    const facts = this.host.get(file)?.facts;
    if (!facts) return { k: "missing", reason: `${file} is not part of the project` };
    const imported = facts.imports.get(name);
    if (imported) {
      const target = this.host.resolve(file, imported.specifier);
      if (target === null) return { k: "external", specifier: imported.specifier, imported: imported.imported, reason: `"${name}" comes from "${imported.specifier}", which is not a project file` };
      this.deps.add(target);
      if (imported.imported === "*") return { k: "namespace", file: target };
      return seen === null ? this.exportedCached(target, imported.imported) : this.exported(target, imported.imported, seen);
    }
    const local = facts.locals.get(name);
    if (local) return { k: "value", file, expr: local };
    return { k: "missing", reason: `"${name}" is not a top-level constant or import of ${file}` };
  }

  private exportedCached(file: string, name: string): Binding {
    let byName = this.host.exportCache.get(file);
    if (!byName) {
      byName = new Map();
      this.host.exportCache.set(file, byName);
    }
    const hit = byName.get(name);
    if (hit) {
      this.depGroups.push(hit.deps);
      return hit.binding;
    }
    const outerDeps = this.deps;
    const outerGroups = this.depGroups;
    this.deps = new Set();
    this.depGroups = [];
    const binding = this.exported(file, name, new Set());
    const all = new Set(this.deps);
    for (const group of this.depGroups) for (const d of group) all.add(d);
    const entry: CachedExport = { binding, deps: [...all] };
    this.deps = outerDeps;
    this.depGroups = outerGroups;
    this.depGroups.push(entry.deps);
    byName.set(name, entry);
    return binding;
  }

  /** What `file` exports as `name`, through re-exports and `export *` (each file/name visited once). */
  private exported(file: string, name: string, seen: Set<string>): Binding {
    const visitKey = `${file}\u0000${name}`;
    if (seen.has(visitKey)) return { k: "missing", reason: `circular re-export of "${name}"` };
    seen.add(visitKey);
    this.deps.add(file);
    const facts = this.host.get(file)?.facts;
    if (!facts) return { k: "missing", reason: `${file} is not part of the project` };
    const target = facts.exports.get(name);
    if (target?.k === "local") return this.lookup(file, target.name, seen);
    if (target?.k === "reexport") {
      const from = this.host.resolve(file, target.specifier);
      if (from === null) return { k: "external", specifier: target.specifier, imported: target.imported, reason: `${file} re-exports "${name}" from "${target.specifier}", which is not a project file` };
      this.deps.add(from);
      return target.imported === "*" ? { k: "namespace", file: from } : this.exported(from, target.imported, seen);
    }
    if (name !== "default") {
      for (const specifier of facts.starExports) {
        const from = this.host.resolve(file, specifier);
        if (from === null) continue;
        const found = this.exported(from, name, seen);
        if (found.k !== "missing") return found;
      }
    }
    return { k: "missing", reason: `${file} does not export "${name}"` };
  }
}
