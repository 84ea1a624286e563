// The incremental project index: file texts in, ProjectModel out. Each file is parsed once per
// text version (extract.ts); linking is cached per file and redone only for the files that read
// a changed file, so one keystroke re-parses one file and re-links the few that depend on it.
import type { Finding } from "../schema";
import { makeFinding, messages } from "../findings/catalog";
import { CONFIG_FILE } from "../keystroke-manifest";
import { extractFacts, parseFile } from "./extract";
import { Linker, forEachDep, isDefinitionCallee, linkFile, type CachedExport, type FileLink, type IndexedFile, type LinkHost } from "./link";
import type { Callee } from "./facts";
import type { ActionCall, CredentialDefinition, ModelAction, ProjectContext, ProjectModel, Requirement } from "./model";
import { ModuleResolver } from "./module-resolution";
import { isOutsideRoot } from "./paths";
import { compareFindings } from "./targets";
import { deployedCodeFindings, type EnvironmentOptions } from "./deployed-code";
import { scanSecrets } from "./secret-literals";
import type { SecretLiteral } from "./facts";
import { lineStarts, spanRange } from "./text-index";
import type { TsconfigPaths } from "./tsconfig";

interface Entry extends IndexedFile {
  text: string;
  sortedDefinitions: CredentialDefinition[];
  /** Outside the root (a monorepo's shared package): read for definitions and lists, never reported on. */
  external: boolean;
  /** Definitions made with a callee imported from a project module: Keystroke's only if it re-exports Keystroke's. */
  toConfirm: Map<CredentialDefinition, Callee> | null;
  /** Its secret literals, once a model needed them (a deployed file with a hint). */
  secrets?: SecretLiteral[];
}

/** A second, full parse, only for deployed files that may hold a secret; a parse that overflows finds none. */
function secretsOf(file: string, text: string): SecretLiteral[] {
  try {
    return scanSecrets(parseFile(file, text));
  } catch {
    return [];
  }
}

/** Files outside the project root that its imports reach: a monorepo's shared packages. */
export interface ExternalSources {
  /** Whether a root-relative path outside the root (`../…`) is a source file that exists. */
  exists(file: string): boolean;
  /** Its text, or null when it cannot be read (the reason is the caller's to report). */
  read(file: string): string | null;
  /** Root-relative bases where a bare specifier's workspace package may be (none for installed packages). */
  packageBases(specifier: string): readonly string[];
}

export class ProjectIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly links = new Map<string, FileLink>();
  /** file → files whose link read it. Built on first need: a one-shot CLI run never pays for it. */
  private readers: Map<string, Set<string>> | null = null;
  /** from-file → specifier → resolved file (nested maps: no key strings built per lookup). */
  private readonly resolutions = new Map<string, Map<string, string | null>>();
  private readonly exportCache = new Map<string, Map<string, CachedExport>>();
  private readonly resolver: ModuleResolver;
  private sortedFiles: string[] | null = null;
  private host: LinkHost | null = null;
  private cached: ProjectModel | null = null;
  /**
   * What changed since the last model() computation, and what the last computation took in
   * (dependents() reports the latter). Each model() computation consumes the pending changes, so
   * a change is reported by the dependents() of exactly the model that first includes it.
   */
  private pending = new ChangeSet();
  private consumed = new ChangeSet();
  /** No model yet: files added now have no earlier findings to invalidate (callers start with a full analysis). */
  private modelled = false;
  private definitionFilesByKey = new Map<string, Set<string>>();
  private environment: EnvironmentOptions;
  /** Files with KS030 findings in the last model, and those whose status changed with it (dependents() adds them). */
  private deployedReported = new Set<string>();
  private deployedFlipped: string[] = [];

  constructor(private readonly options: { tsconfig?: TsconfigPaths; context?: ProjectContext; external?: ExternalSources; environment?: EnvironmentOptions } = {}) {
    this.environment = options.environment ?? {};
    const external = options.external;
    const has = external ? (f: string) => this.entries.has(f) || (isOutsideRoot(f) && external.exists(f)) : (f: string) => this.entries.has(f);
    this.resolver = new ModuleResolver(has, options.tsconfig, external ? (specifier) => external.packageBases(specifier) : undefined);
  }

  /** `file` is root-relative with `/` separators. keystroke.config.ts is read from here too. */
  setFile(file: string, text: string): void {
    const old = this.entries.get(file);
    if (old && old.text === text) return;
    this.entries.set(file, entryFor(file, text, false));
    this.cached = null;
    clear(this.exportCache);
    if (old) {
      this.pending.noteKeys(file, old.definitions);
      this.invalidateReaders(file);
    } else {
      if (this.modelled) this.pending.structural.add(file);
      this.invalidateAll();
    }
  }

  removeFile(file: string): void {
    const old = this.entries.get(file);
    if (!old) return;
    this.pending.noteKeys(file, old.definitions);
    this.entries.delete(file);
    if (this.modelled) this.pending.structural.add(file);
    this.cached = null;
    clear(this.exportCache);
    this.invalidateAll();
  }

  has(file: string): boolean {
    return this.entries.has(file);
  }

  /** Names that are not secrets and the .env files' names (KS030); every file may change. */
  setEnvironment(environment: EnvironmentOptions): void {
    this.environment = environment;
    this.cached = null;
    if (this.modelled) this.pending.structural.add(CONFIG_FILE);
  }

  model(): ProjectModel {
    if (this.cached) return this.cached;
    this.consumed = this.pending;
    this.pending = new ChangeSet();
    this.modelled = true;
    const files = this.files();
    // Linking first: it reads the shared files outside the root that imports reach.
    const links = files.map((file) => this.link(file));
    const definitions: CredentialDefinition[] = [];
    const byKey = new Map<string, Set<string>>();
    const notAnalyzed: { file: string; reason: string }[] = [];
    for (const file of files) {
      const entry = this.entries.get(file)!;
      if (entry.facts.notAnalyzed !== null) notAnalyzed.push({ file, reason: entry.facts.notAnalyzed });
      if (entry.facts.ignore) continue;
      for (const d of entry.sortedDefinitions) {
        if (entry.toConfirm?.has(d) && !this.confirmed(file, entry.toConfirm.get(d)!)) continue;
        definitions.push(d);
        const set = byKey.get(d.key) ?? new Set();
        set.add(file);
        byKey.set(d.key, set);
      }
    }
    this.definitionFilesByKey = byKey;
    // Shared definitions come first, so a conflict is reported on the one inside the root.
    const shared = [...this.entries].filter(([, e]) => e.external && !e.facts.ignore).sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([, e]) => e.sortedDefinitions);
    const conflicts = conflictingDefinitions(shared.length > 0 ? [...shared, ...definitions] : definitions);
    const firstDefinition = new Map<string, CredentialDefinition>();
    for (const d of definitions) if (!firstDefinition.has(d.key)) firstDefinition.set(d.key, d);

    const requirements: Requirement[] = [];
    const actions: ModelAction[] = [];
    const calls: ActionCall[] = [];
    const authoringFindings: Finding[] = [];
    const deployedCode = this.deployedCode(files, links);
    files.forEach((file, i) => {
      const link = links[i]!;
      for (const r of link.requirements) requirements.push(r);
      for (const a of link.actions) actions.push(a);
      for (const c of link.calls) calls.push(c);
      const start = authoringFindings.length;
      for (const f of link.findings) authoringFindings.push(suggestDefinition(f, firstDefinition));
      const extra = [...(conflicts.get(file) ?? []), ...(deployedCode.get(file) ?? [])];
      if (extra.length > 0) {
        const merged = [...authoringFindings.splice(start), ...extra].sort(compareFindings);
        authoringFindings.push(...merged);
      }
    });
    const config = this.entries.get(CONFIG_FILE)?.facts.config ?? {};
    const context: ProjectContext = { ...stripUndefined(config), ...stripUndefined(this.options.context ?? {}) };
    this.cached = { context, definitions, requirements, actions, calls, authoringFindings, files, notAnalyzed };
    return this.cached;
  }

  /**
   * Files whose findings can differ, because of `file`, between the previous model and the
   * current one (including `file` itself). Only the changes the current model took in count: a
   * file added while loading, before the first model, is not a change to anything.
   */
  dependents(file: string): string[] {
    this.model();
    if (file === CONFIG_FILE || this.consumed.structural.has(file)) return [...new Set([...this.files(), file])];
    const result = new Set<string>([file, ...(this.readerIndex().get(file) ?? []), ...this.deployedFlipped]);
    const keys = [...(this.entries.get(file)?.definitions.map((d) => d.key) ?? []), ...(this.consumed.previousKeys.get(file) ?? [])];
    for (const key of keys) for (const other of this.definitionFilesByKey.get(key) ?? []) result.add(other);
    return [...result].sort();
  }

  /** KS030 and KS031 by file, noting which files gained or lost them since the last model. */
  private deployedCode(files: readonly string[], links: readonly FileLink[]): Map<string, Finding[]> {
    const linkOf = new Map(files.map((f, i) => [f, links[i]!]));
    const lines = new Map<string, number[]>();
    const { findings, reported } = deployedCodeFindings(
      {
        files,
        facts: (f) => this.entries.get(f)?.facts,
        primitive: (f) => linkOf.get(f)?.primitive ?? false,
        resolve: (from, specifier) => this.resolve(from, specifier),
        secrets: (f) => {
          const entry = this.entries.get(f);
          if (!entry) return [];
          entry.secrets ??= secretsOf(f, entry.text);
          return entry.secrets;
        },
        rangeOf: (f, span) => {
          let starts = lines.get(f);
          if (!starts) lines.set(f, (starts = lineStarts(this.entries.get(f)?.text ?? "")));
          return spanRange(starts, span[0], span[1]);
        },
      },
      this.environment,
    );
    this.deployedFlipped = [...reported].filter((f) => !this.deployedReported.has(f)).concat([...this.deployedReported].filter((f) => !reported.has(f)));
    this.deployedReported = reported;
    return findings;
  }

  /** The project's own files (not the shared ones outside the root), sorted. */
  private files(): string[] {
    this.sortedFiles ??= [...this.entries].filter(([, e]) => !e.external).map(([f]) => f).sort();
    return this.sortedFiles;
  }

  /** Whether a definition callee imported from a project module is Keystroke's (see link.ts). */
  private confirmed(file: string, via: Callee): boolean {
    this.host ??= { get: (f) => this.entries.get(f), resolve: (from, spec) => this.resolve(from, spec), exportCache: this.exportCache };
    return new Linker(this.host, file).isKeystrokeExport(file, via, isDefinitionCallee);
  }

  private link(file: string): FileLink {
    const cached = this.links.get(file);
    if (cached) return cached;
    this.host ??= { get: (f) => this.entries.get(f), resolve: (from, spec) => this.resolve(from, spec), exportCache: this.exportCache };
    const link = linkFile(this.host, file);
    // A file's authoring findings, in position order, are fixed until it is re-linked.
    if (link.findings.length > 1) link.findings.sort(compareFindings);
    this.links.set(file, link);
    if (this.readers) addReader(this.readers, file, link);
    return link;
  }

  private readerIndex(): Map<string, Set<string>> {
    if (!this.readers) {
      this.readers = new Map();
      for (const [file, link] of this.links) addReader(this.readers, file, link);
    }
    return this.readers;
  }

  private resolve(from: string, specifier: string): string | null {
    let bySpecifier = this.resolutions.get(from);
    if (!bySpecifier) {
      bySpecifier = new Map();
      this.resolutions.set(from, bySpecifier);
    }
    const cached = bySpecifier.get(specifier);
    if (cached !== undefined) return cached;
    let resolved = this.resolver.resolve(from, specifier);
    if (resolved !== null && !this.entries.has(resolved)) resolved = this.loadExternal(resolved);
    bySpecifier.set(specifier, resolved);
    return resolved;
  }

  /**
   * Reads a file outside the root the first time an import reaches it. Nothing read before can
   * depend on it (it was not resolvable), so no link is invalidated.
   */
  private loadExternal(file: string): string | null {
    const text = this.options.external?.read(file) ?? null;
    if (text === null) return null;
    this.entries.set(file, entryFor(file, text, true));
    return file;
  }

  private invalidateReaders(file: string): void {
    const readers = this.readerIndex();
    for (const reader of [...(readers.get(file) ?? []), file]) {
      const link = this.links.get(reader);
      if (!link) continue;
      forEachDep(link, (dep) => readers.get(dep)?.delete(reader));
      this.links.delete(reader);
    }
  }

  private invalidateAll(): void {
    clear(this.links);
    this.readers = null;
    clear(this.resolutions);
    this.sortedFiles = null;
  }
}

/** The changes between two model() computations. */
class ChangeSet {
  /** Files added or removed: any import anywhere may now point elsewhere. */
  readonly structural = new Set<string>();
  /** Keys each changed file defined before the change (their other definitions may change KS016). */
  readonly previousKeys = new Map<string, string[]>();

  noteKeys(file: string, definitions: readonly CredentialDefinition[]): void {
    const keys = this.previousKeys.get(file) ?? [];
    for (const d of definitions) if (!keys.includes(d.key)) keys.push(d.key);
    this.previousKeys.set(file, keys);
  }
}

/** Map.clear() allocates a fresh table even when empty; loading thousands of files calls this per file. */
function clear(map: Map<unknown, unknown>): void {
  if (map.size > 0) map.clear();
}

function addReader(readers: Map<string, Set<string>>, file: string, link: FileLink): void {
  forEachDep(link, (dep) => {
    let set = readers.get(dep);
    if (!set) {
      set = new Set();
      readers.set(dep, set);
    }
    set.add(file);
  });
}



function entryFor(file: string, text: string, external: boolean): Entry {
  const facts = extractFacts(file, text);
  const definitions: CredentialDefinition[] = facts.definitions.map((d) => ({
    key: d.key,
    kind: d.kind,
    fields: d.fields,
    file,
    range: d.range,
    keyRange: d.keyRange,
    exportName: d.exportName,
  }));
  let toConfirm: Map<CredentialDefinition, Callee> | null = null;
  facts.definitions.forEach((raw, i) => {
    if (raw.via !== null) (toConfirm ??= new Map()).set(definitions[i]!, raw.via);
  });
  return { text, facts, definitions, sortedDefinitions: definitions.length > 1 ? [...definitions].sort(byPosition) : definitions, external, toConfirm };
}

function byPosition(a: CredentialDefinition, b: CredentialDefinition): number {
  return a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
}

function stripUndefined(o: ProjectContext): ProjectContext {
  const out: ProjectContext = {};
  if (o.organization !== undefined) out.organization = o.organization;
  if (o.project !== undefined) out.project = o.project;
  return out;
}

function shape(d: CredentialDefinition): string {
  const fields = d.fields.map((f) => (f.required ? f.name : `${f.name}?`)).sort();
  return fields.length > 0 ? `${d.kind} with fields ${fields.join(", ")}` : `${d.kind} without fields`;
}

/** KS016, by file: definitions of one key that differ (kind or fields) from its first definition by file order. */
function conflictingDefinitions(definitions: CredentialDefinition[]): Map<string, Finding[]> {
  const byKey = new Map<string, CredentialDefinition[]>();
  for (const d of definitions) byKey.set(d.key, [...(byKey.get(d.key) ?? []), d]);
  const findings = new Map<string, Finding[]>();
  for (const [key, defs] of byKey) {
    if (defs.length < 2) continue;
    // `definitions` is already in file order, then position within a file.
    const first = defs[0]!;
    const firstShape = shape(first);
    for (const d of defs.slice(1)) {
      const s = shape(d);
      if (s === firstShape) continue;
      const finding = makeFinding("KS016", d.file, d.range, messages.KS016(key, first.file, firstShape, s), {
        credential: key,
        related: [{ file: first.file, range: first.range, message: `first definition of "${key}"` }],
      });
      findings.set(d.file, [...(findings.get(d.file) ?? []), finding]);
    }
  }
  return findings;
}

/** KS014 for an undeclared key: point the quick fix at a definition of that key, if there is one. */
function suggestDefinition(f: Finding, firstDefinition: Map<string, CredentialDefinition>): Finding {
  if (f.code !== "KS014" || f.data || f.related.length > 0 || f.credential === null) return f;
  const d = firstDefinition.get(f.credential);
  return d ? { ...f, data: { definition: { file: d.file, exportName: d.exportName } } } : f;
}
