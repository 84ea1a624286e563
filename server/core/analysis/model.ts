// The project model the analyzer exposes: credential definitions, the requirements actions declare,
// and the authoring findings that need no store. Plain data; resolution against stores happens in
// targets.ts.
import type { CredentialKind, FieldSpec, Finding, Range, Scope } from "../schema";

export interface ProjectContext {
  organization?: string;
  project?: string;
}

export interface CredentialDefinition {
  key: string;
  kind: CredentialKind;
  fields: FieldSpec[];
  file: string;
  /** The definition call. */
  range: Range;
  /** The `key` string literal. */
  keyRange: Range;
  /** The name the file exports it under ("default" for `export default`), null when not exported. */
  exportName: string | null;
}

export interface Requirement {
  key: string;
  kind: CredentialKind;
  file: string;
  /** The array element, or the import's module specifier for a catalog requirement. */
  range: Range;
  pin: Scope | null;
  pinState: "none" | "valid" | "invalid" | "dynamic";
  action: { name: string; file: string; range: Range };
  definition: CredentialDefinition | null;
  /** Inferred from an `@keystrokehq/<app>/actions` import (key = app slug). */
  catalog: boolean;
  /** The requirement's file carries `// @keystroke ignore:deploy`: not resolved against the cloud. */
  ignoreDeploy: boolean;
}

export interface ModelAction {
  name: string;
  file: string;
  range: Range;
  requirementKeys: string[];
}

export interface ProjectModel {
  context: ProjectContext;
  definitions: CredentialDefinition[];
  requirements: Requirement[];
  actions: ModelAction[];
  authoringFindings: Finding[];
  files: string[];
}
