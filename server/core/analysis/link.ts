// Links one file's actions to credential definitions anywhere in the project by following names
// through imports, re-exports and namespaces (cycles stop). It records every file it looked at,
// so the index knows exactly which files to re-link when one of them changes.
import type { Finding, Range } from "../schema";
import { makeFinding, messages } from "../findings/catalog";
import type { FileFacts, PinExpr, RawAction, RawDefinition, Span, ValueExpr } from "./facts";
import { lineStarts, snippet, spanRange } from "./text-index";
import type { CredentialDefinition, ModelAction, Requirement } from "./model";

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
  findings: Finding[];
  /** Files this link read directly (including the file itself)... */
  deps: Set<string>;
  /** ...and through cached exports: together, every file whose change can change this link. */
  depGroups: (readonly string[])[];
}

export function forEachDep(link: FileLink, fn: (file: string) => void): void {
  for (const d of link.deps) fn(d);
  for (const group of link.depGroups) for (const d of group) fn(d);
}

function declaresField(def: CredentialDefinition, field: string): boolean {
  for (const f of def.fields) if (f.name === field) return true;
  return false;
}

export type Binding =
  | { k: "value"; file: string; expr: ValueExpr }
  | { k: "namespace"; file: string }
  | { k: "missing"; reason: string };

type Trace =
  | { ok: true; def: CredentialDefinition; raw: RawDefinition; pin: PinExpr | null }
  | { ok: false; reason: string };

const MAX_DEPTH = 64;

export function linkFile(host: LinkHost, file: string): FileLink {
  return new Linker(host, file).run();
}

class Linker {
  private deps = new Set<string>();
  private depGroups: (readonly string[])[] = [];

  constructor(
    private readonly host: LinkHost,
    private readonly file: string,
  ) {
    this.deps.add(file);
  }

  run(): FileLink {
    const link: FileLink = { requirements: [], actions: [], findings: [], deps: this.deps, depGroups: this.depGroups };
    // `deps`/`depGroups` are swapped while filling the export cache; the link keeps the outermost ones.
    const entry = this.host.get(this.file);
    if (!entry || entry.facts.ignore) return link;
    // Line starts are recomputed only when a finding needs a position (rare), not kept per file.
    let lines: number[] | null = null;
    const range = (span: Span) => spanRange((lines ??= lineStarts(entry.text)), span[0], span[1]);
    const text = (span: Span) => snippet(entry.text, span[0], span[1], 40);
    for (const action of entry.facts.actions) this.linkAction(entry.facts, action, link, range, text);
    const host = entry.facts.host;
    if (host) {
      for (const c of entry.facts.catalogImports) {
        link.requirements.push({
          key: c.app,
          kind: "keystroke",
          file: this.file,
          range: c.range,
          pin: null,
          pinState: "none",
          action: { name: host.name, file: this.file, range: host.range },
          definition: null,
          catalog: true,
          ignoreDeploy: entry.facts.ignoreDeploy,
        });
      }
    }
    return link;
  }

  private linkAction(facts: FileFacts, action: RawAction, link: FileLink, range: (span: Span) => Range, text: (span: Span) => string): void {
    const declared = new Map<string, Trace & { ok: true }>();
    const firstElement = new Map<string, RawAction["elements"][number]>();
    let untraced = false;
    const actionRef = { name: action.name, file: this.file, range: action.range };
    for (const element of action.elements) {
      const trace = this.evaluate(this.file, element.expr, 0);
      if (!trace.ok) {
        untraced = true;
        link.findings.push(makeFinding("KS013", this.file, element.range, messages.KS013(text(element.span), trace.reason)));
        continue;
      }
      const key = trace.def.key;
      const first = firstElement.get(key);
      if (first) {
        link.findings.push(
          makeFinding("KS015", this.file, element.range, messages.KS015(key), {
            credential: key,
            related: [{ file: this.file, range: first.range, message: `first listed here` }],
            data: { removeRange: range(element.removeSpan) },
          }),
        );
        continue;
      }
      firstElement.set(key, element);
      declared.set(key, trace);
      // A pin on the element wins over the action's pin.
      const pin = trace.pin ?? action.pin;
      link.requirements.push({
        key,
        kind: trace.def.kind,
        file: this.file,
        range: element.range,
        pin: pin?.state === "valid" ? pin.scope : null,
        pinState: pin ? pin.state : "none",
        action: actionRef,
        definition: trace.def,
        catalog: false,
        ignoreDeploy: facts.ignoreDeploy,
      });
    }
    // The access's source text is quoted only in a finding: it is cut out only then.
    for (const access of action.accesses ?? []) {
      const trace = declared.get(access.key);
      if (!trace) {
        // With an untraceable element we cannot know which keys are declared: stay silent.
        if (!untraced) {
          link.findings.push(makeFinding("KS014", this.file, range(access.keySpan), messages.KS014Undeclared(text(access.span), access.key), { credential: access.key }));
        }
        continue;
      }
      const { raw, def } = trace;
      if (access.field !== null && access.fieldSpan && raw.fieldsKnown && def.kind === "api_key" && !declaresField(def, access.field)) {
        link.findings.push(
          makeFinding("KS014", this.file, range(access.fieldSpan), messages.KS014Field(text(access.span), access.key, access.field, def.fields.map((f) => f.name), def.file), {
            credential: access.key,
            related: [{ file: def.file, range: def.range, message: `definition of "${def.key}"` }],
          }),
        );
      }
    }
    link.actions.push({ ...actionRef, requirementKeys: [...declared.keys()] });
  }

  private evaluate(file: string, expr: ValueExpr, depth: number): Trace {
    if (depth > MAX_DEPTH) return { ok: false, reason: "too many indirections (circular definitions?)" };
    switch (expr.k) {
      case "def": {
        const entry = this.host.get(file);
        const raw = entry?.facts.definitions[expr.def];
        const def = entry?.definitions[expr.def];
        return raw && def ? { ok: true, def, raw, pin: null } : { ok: false, reason: "definition not found" };
      }
      case "scoped": {
        const inner = this.evaluate(file, expr.inner, depth + 1);
        // The outermost `.scope(...)` is the one that applies.
        return inner.ok ? { ...inner, pin: expr.pin } : inner;
      }
      case "ref": {
        const binding = this.lookup(file, expr.name, null);
        return this.fromBinding(binding, expr.name, depth);
      }
      case "member": {
        const object = this.lookup(file, expr.object, null);
        if (object.k === "missing") return { ok: false, reason: object.reason };
        if (object.k !== "namespace") return { ok: false, reason: `"${expr.object}" is not a namespace import` };
        const binding = this.exportedCached(object.file, expr.prop);
        return this.fromBinding(binding, `${expr.object}.${expr.prop}`, depth);
      }
      case "unknown":
        return { ok: false, reason: expr.what };
    }
  }

  private fromBinding(binding: Binding, name: string, depth: number): Trace {
    if (binding.k === "missing") return { ok: false, reason: binding.reason };
    if (binding.k === "namespace") return { ok: false, reason: `"${name}" is a whole module namespace, not one credential` };
    return this.evaluate(binding.file, binding.expr, depth + 1);
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
      if (target === null) return { k: "missing", reason: `"${name}" comes from "${imported.specifier}", which is not a project file` };
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
      if (from === null) return { k: "missing", reason: `${file} re-exports "${name}" from "${target.specifier}", which is not a project file` };
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
