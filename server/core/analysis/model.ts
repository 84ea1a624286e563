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
  /** The array element (or the spread / named list that brings it), or the import's module specifier for a catalog requirement. */
  range: Range;
  /** For an element that arrives through a list kept elsewhere: where that element is written. */
  origin: RequirementOrigin | null;
  pin: Scope | null;
  pinState: "none" | "valid" | "invalid" | "dynamic";
  /** The action, or for a catalog requirement the workflow, agent, trigger or action whose file imports the app. */
  action: { name: string; file: string; range: Range; role: string };
  definition: CredentialDefinition | null;
  /** Inferred from an `@keystrokehq/<app>/actions` import (key = app slug). */
  catalog: boolean;
  /** The requirement's file carries `// @keystroke ignore:deploy`: not resolved against the cloud. */
  ignoreDeploy: boolean;
}

export interface RequirementOrigin {
  file: string;
  range: Range;
  /** Identifies the list it is written in (file and offset), to count the actions that share it. */
  list: string;
}

export interface ModelAction {
  name: string;
  file: string;
  range: Range;
  requirementKeys: string[];
  /** Why the reads of its run function are not all checked (KS014 for undeclared keys is then off). */
  readsUnchecked: string | null;
}

/** An agent, workflow or trigger that runs an action (a tool of the agent, an `x.run(...)` call). */
export interface ActionCall {
  caller: { name: string; role: string; file: string; range: Range };
  how: "tool" | "run";
  /** The action's definition call: its file and range, as in ModelAction. */
  action: { file: string; range: Range };
}

export interface ProjectModel {
  context: ProjectContext;
  definitions: CredentialDefinition[];
  requirements: Requirement[];
  actions: ModelAction[];
  /** Which agents, workflows and triggers run which actions, where traced (what breaks if a key goes). */
  calls: ActionCall[];
  authoringFindings: Finding[];
  files: string[];
  /** Files whose text could not be analysed (too deeply nested...), with why: never silently empty. */
  notAnalyzed: { file: string; reason: string }[];
}
