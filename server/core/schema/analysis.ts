// What the analyzer reports, in plain data: findings with positions, and per-requirement status.
// Positions are 0-based lines and UTF-16 characters (the LSP convention); the CLI adds 1.
import { z } from "zod";
import { CredentialKind, Scope, Target } from "./credentials";

export const Position = z.object({ line: z.number().int().min(0), character: z.number().int().min(0) });
export type Position = z.infer<typeof Position>;
export const Range = z.object({ start: Position, end: Position });
export type Range = z.infer<typeof Range>;
/** A place in the project: `file` is root-relative with `/` separators. */
export const Location = z.object({ file: z.string(), range: Range });
export type Location = z.infer<typeof Location>;

export const FINDING_CODES = [
  "KS001", "KS002", "KS003", "KS004", "KS005",
  "KS010", "KS011", "KS012", "KS013", "KS014", "KS015", "KS016",
  "KS020",
  "KS030", "KS031",
] as const;
export const FindingCode = z.enum(FINDING_CODES);
export type FindingCode = z.infer<typeof FindingCode>;

export const Severity = z.enum(["error", "warning", "information", "hint"]);
export type Severity = z.infer<typeof Severity>;

/** Everything a quick fix needs, so the language server never re-derives analysis results. */
export const FindingData = z.object({
  /** KS010: the suggested scope literal. */
  suggestion: Scope.optional(),
  /** KS002/KS003: scopes at which the key does exist in the target. */
  existsAt: z.array(Scope).optional(),
  /** KS004: required fields the chosen entry lacks. */
  missingFields: z.array(z.string()).optional(),
  /** KS001/KS003/KS004: what to store so the requirement resolves. */
  fix: z
    .object({ key: z.string(), scope: Scope, project: z.string().optional(), fields: z.array(z.string()) })
    .optional(),
  /** KS014: a definition of the undeclared key that the action could list. */
  definition: z.object({ file: z.string(), exportName: z.string().nullable() }).optional(),
  /** KS015: the range of the duplicate element, including its separating comma. */
  removeRange: Range.optional(),
  /**
   * The element arrives through a list kept elsewhere (a spread or a named list): a fix that
   * edits the element would edit that list, shared by `actions` actions.
   */
  sharedList: z.object({ file: z.string(), actions: z.number().int() }).optional(),
  /** KS030: the environment variable read. */
  envName: z.string().optional(),
  /** KS030/KS031: the credential the value should become (key and field), for "Move to a credential…". */
  move: z.object({ key: z.string(), field: z.string() }).optional(),
});
export type FindingData = z.infer<typeof FindingData>;

export const Finding = z.object({
  code: FindingCode,
  severity: Severity,
  file: z.string(),
  range: Range,
  message: z.string(),
  /** The credential key the finding is about, when there is one. */
  credential: z.string().nullable(),
  /** The store target for resolution findings; null for authoring findings. */
  target: Target.nullable(),
  related: z.array(z.object({ file: z.string(), range: Range, message: z.string() })),
  data: FindingData.optional(),
});
export type Finding = z.infer<typeof Finding>;

export const FieldSpec = z.object({ name: z.string(), required: z.boolean() });
export type FieldSpec = z.infer<typeof FieldSpec>;

/** The result of resolving one requirement in one target, as the UI and hovers show it. */
export const TargetResolution = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("resolved"),
    scope: Scope,
    entryName: z.string().optional(),
    entryId: z.string().optional(),
    isDefault: z.boolean(),
    /** Required fields the chosen entry lacks (KS004); empty when complete or unknown. */
    missingFields: z.array(z.string()),
  }),
  z.object({ status: z.literal("missing"), code: FindingCode, message: z.string(), existsAt: z.array(Scope) }),
  z.object({ status: z.literal("unchecked"), reason: z.string() }),
  /** Not resolved on purpose: `// @keystroke ignore:deploy` (cloud), or an invalid/dynamic pin. */
  z.object({ status: z.literal("skipped"), reason: z.string() }),
]);
export type TargetResolution = z.infer<typeof TargetResolution>;

/** An agent, workflow or trigger that runs the action: as one of its tools, or by `action.run(...)`. */
export const ActionCaller = z.object({ name: z.string(), role: z.string(), file: z.string(), range: Range, how: z.enum(["tool", "run"]) });
export type ActionCaller = z.infer<typeof ActionCaller>;

export const RequirementStatus = z.object({
  key: z.string(),
  kind: CredentialKind,
  file: z.string(),
  range: Range,
  pin: Scope.nullable(),
  /** `callers`: the agents, workflows and triggers traced to it (none listed when a call could not be traced). */
  action: z.object({ name: z.string(), file: z.string(), range: Range, callers: z.array(ActionCaller) }),
  fields: z.array(FieldSpec),
  definition: Location.nullable(),
  /** Inferred from an `@keystrokehq/<app>/actions` import, so the key is a guess (KS020). */
  catalog: z.boolean(),
  targets: z.object({ local: TargetResolution, cloud: TargetResolution }),
});
export type RequirementStatus = z.infer<typeof RequirementStatus>;
