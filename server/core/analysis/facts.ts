// What one file says about credentials, before any cross-file linking. Extraction produces these
// from a single parse and they are cached per file, so an edit re-parses only the edited file;
// linking (link.ts) then only follows names through these small maps.
import type { CredentialKind, FieldSpec, Finding, Range, Scope } from "../schema";

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
  | { k: "unknown"; what: string };

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
}

export interface RawElement {
  expr: ValueExpr;
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

export interface RawAction {
  name: string;
  range: Range;
  elements: RawElement[];
  /** `.scope(...)` applied to the action call itself. */
  pin: PinExpr | null;
  /** Null when run's second parameter is absent or is not a plain name / simple destructuring. */
  accesses: CredsAccess[] | null;
}

export interface CatalogImport {
  app: string;
  specifier: string;
  range: Range;
}

export interface FileFacts {
  file: string;
  ignore: boolean;
  ignoreDeploy: boolean;
  imports: Map<string, ImportBinding>;
  exports: Map<string, ExportTarget>;
  starExports: string[];
  locals: Map<string, ValueExpr>;
  definitions: RawDefinition[];
  actions: RawAction[];
  catalogImports: CatalogImport[];
  /** The first workflow/agent/action defined here: what a catalog requirement is attributed to. */
  host: { name: string; range: Range } | null;
  /** Findings that need nothing outside this file: KS010, KS011, KS012. */
  findings: Finding[];
  /** Only for keystroke.config.ts. */
  config: { organization?: string; project?: string } | null;
}

export const DEFAULT_EXPORT_LOCAL = "*default*";
