// What one file says about credentials, before any cross-file linking. Extraction produces these
// from a single parse and they are cached per file, so an edit re-parses only the edited file;
// linking (link.ts) then only follows names through these small maps.
import type { CredentialKind, FieldSpec, Range, Scope } from "../schema";

/**
 * Start and end offsets in the file's text. Places only a finding would show are kept as spans
 * and turned into Ranges on demand: fewer objects per file keeps a cold analysis close to parse.
 */
export type Span = readonly [start: number, end: number];

/** The argument of a `.scope(...)` call. */
export type PinExpr =
  | { state: "valid"; scope: Scope; span: Span }
  | { state: "invalid"; literal: string; span: Span }
  | { state: "dynamic"; span: Span };

/** A symbolic value: enough to trace an element back to a credential definition. */
export type ValueExpr =
  | { k: "def"; def: number } // index into FileFacts.definitions
  | { k: "ref"; name: string }
  | { k: "member"; object: string; prop: string } // `creds.exa` on a namespace import
  | { k: "scoped"; inner: ValueExpr; pin: PinExpr }
  /** A Keystroke action-like call (defineAction/App/Mcp); `via` is a callee still to confirm as Keystroke's. */
  | { k: "action"; via: Callee | null; span: Span }
  /** An array literal (a credentials list kept in a constant). */
  | { k: "array"; items: ArrayItem[] }
  | { k: "unknown"; what: string };

/** A callee imported from a project module, confirmed as Keystroke's primitive when linking. */
export type Callee = { k: "ref"; name: string } | { k: "member"; object: string; prop: string };

export interface ArrayItem {
  spread: boolean;
  expr: ValueExpr;
  span: Span;
}

/** `imported` is "default", "*" (namespace) or the exported name. */
export interface ImportBinding {
  specifier: string;
  imported: string;
}

export type ExportTarget =
  | { k: "local"; name: string }
  | { k: "reexport"; specifier: string; imported: string }; // imported "*" = `export * as ns from`

export interface RawDefinition {
  key: string;
  kind: CredentialKind;
  fields: FieldSpec[];
  /** False when `fields` is not an object literal we can read: field checks are skipped. */
  fieldsKnown: boolean;
  range: Range;
  keyRange: Range;
  exportName: string | null;
  /** Null when the callee is Keystroke's own import; else the callee the linker must confirm. */
  via: Callee | null;
}

export interface RawElement {
  expr: ValueExpr;
  /** `...SHARED`: the element stands for every element of the list it spreads. */
  spread: boolean;
  /** The element's source, for messages. */
  span: Span;
  range: Range;
  /** The element plus the comma that separates it from the previous one (for removal). */
  removeSpan: Span;
}

/** One `creds.<key>` / `creds["<key>"]` (optionally `.<field>`) read inside `run`. */
export interface CredsAccess {
  /** How the code spells it (`creds.exa.apiKey`), for messages. */
  span: Span;
  key: string;
  keySpan: Span;
  field: string | null;
  fieldSpan: Span | null;
}

/** The `credentials` value: absent, an array literal, or another value (a name) the linker follows. */
export type RawList =
  | { k: "none" }
  | { k: "literal"; elements: RawElement[] }
  | { k: "value"; expr: ValueExpr; span: Span };

export interface RawAction {
  name: string;
  range: Range;
  /** Null for a call to Keystroke's own import; else the callee the linker must confirm. */
  via: Callee | null;
  list: RawList;
  /** `.scope(...)` applied to the action call itself. */
  pin: PinExpr | null;
  /** The traced reads of run's second parameter; null when run has none. */
  accesses: CredsAccess[] | null;
  /** Why reads beyond `accesses` may exist (the parameter escapes), so undeclared reads are not checked. */
  readsUnchecked: string | null;
}

/** A workflow, agent, trigger or action: what a catalog requirement in its file is attributed to. */
export interface RawHost {
  name: string;
  /** "workflow", "agent", "trigger", "action"... for messages. */
  role: string;
  /** The primitive's own name (`defineWorkflow`, `definePollSource`...). */
  primitive: string;
  range: Range;
  via: Callee | null;
  /** A `credentials` property on an agent or workflow (KS012), once confirmed as Keystroke's. */
  misplaced: Range | null;
  /** What an agent, workflow or trigger runs: its `tools` list and the receivers of its `x.run(...)` calls. */
  calls: HostCall[];
}

/** One thing a host runs, still a name: the linker keeps it only when it traces to an action. */
export interface HostCall {
  how: "tool" | "run";
  expr: ValueExpr;
}

/** A `.scope(<not a scope>)` whose receiver the linker traces: only Keystroke receivers get KS010/KS011. */
export interface PinCheck {
  receiver: ValueExpr;
  pin: PinExpr;
  /** The argument's source (at most 40 characters), for KS011. */
  argText: string;
}

export interface CatalogImport {
  app: string;
  specifier: string;
  range: Range;
}

/** An environment variable read by a literal name. */
export interface EnvRead {
  name: string;
  /** How the code spells it, for the message: `process.env.X`, `Deno.env.get("X")`... */
  shape: string;
  span: Span;
}

/** A literal that holds a key: never the value, only its masked form. */
export interface SecretLiteral {
  /** "GitHub token", or `value of "apiKey"` for a random-looking value bound to a credential-like name. */
  provider: string;
  /** "format": a provider's key format (KS031 error); "entropy": a guess (KS031 warning). */
  kind: "format" | "entropy";
  span: Span;
  /** First 4 characters and the length. */
  masked: string;
}

export interface FileFacts {
  file: string;
  ignore: boolean;
  ignoreDeploy: boolean;
  imports: Map<string, ImportBinding>;
  exports: Map<string, ExportTarget>;
  starExports: string[];
  /** Every module specifier this file loads at run time (value and side-effect imports, re-exports): what deploys with it. */
  loads: string[];
  locals: Map<string, ValueExpr>;
  definitions: RawDefinition[];
  actions: RawAction[];
  catalogImports: CatalogImport[];
  /** Workflows, agents, triggers and actions defined here, in order: the first confirmed one hosts catalog requirements. */
  hosts: RawHost[];
  pinChecks: PinCheck[];
  /** Environment variables read by a literal name (KS030 when the file is deployed). */
  envReads: EnvRead[];
  /** The text may hold a hard-coded secret: deployed files are then scanned (secret-literals.ts). */
  secretHint: boolean;
  /** Why the file could not be analysed (then it holds nothing else); null when it was. */
  notAnalyzed: string | null;
  /** Only for keystroke.config.ts. */
  config: { organization?: string; project?: string } | null;
}

export const DEFAULT_EXPORT_LOCAL = "*default*";
