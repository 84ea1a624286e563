// The read-only tools coding agents call, in the MCP server and in VS Code's agent mode alike:
// every requirement's status per target (credentials_status) and one credential explained
// (explain_credential), from requirement statuses and target states however they were read.
// Results carry names, scopes, ranges and messages: snapshots hold no values, and finding
// messages mask any literal that looks like a key, so no secret value can reach the agent.
import { z } from "zod";
import type { CredentialDefinition } from "./analysis";
import { CATALOG } from "./findings/catalog";
import { plural } from "./plural";
import { Scope, TARGETS, type RequirementStatus, type StoreEntry, type Target, type TargetResolution } from "./schema";

/** The input of the tools that act on one credential in VS Code (request, push) and of plan_request. */
export const CredentialToolInput = z.object({ key: z.string().min(1), scope: Scope.optional(), project: z.string().min(1).optional() });

/** What an agent is told of a stored entry (request_credential in MCP and VS Code): metadata only. */
export const EntryMetadata = z.object({ id: z.string(), name: z.string(), scope: Scope, project: z.string().optional(), fields: z.array(z.string()), default: z.boolean(), updatedAt: z.string() });
export type EntryMetadata = z.infer<typeof EntryMetadata>;

export function entryMetadata(e: StoreEntry): EntryMetadata {
  return { id: e.id, name: e.name, scope: e.scope, ...(e.project !== undefined ? { project: e.project } : {}), fields: e.fields, default: e.default, updatedAt: e.updatedAt };
}

/** Line numbers as people and agents count them: from 1. */
const Line = z.number().int().min(1);

const TargetStatus = z.discriminatedUnion("status", [
  z.object({ status: z.literal("resolves"), scope: Scope, entry: z.string().optional(), default: z.boolean(), missingFields: z.array(z.string()) }),
  z.object({ status: z.literal("missing"), code: z.string(), message: z.string(), fix: z.string() }),
  z.object({ status: z.literal("not_checked"), reason: z.string(), since: z.string() }),
  z.object({ status: z.literal("skipped"), reason: z.string() }),
]);

export const TargetSummary = z.object({
  state: z.enum(["checked", "unchecked"]),
  source: z.string().optional(),
  reason: z.string().optional(),
  at: z.string(),
});

const RequirementRow = z.object({
  file: z.string(),
  line: Line,
  action: z.string(),
  key: z.string(),
  kind: z.string(),
  pin: Scope.nullable(),
  targets: z.object({ local: TargetStatus, cloud: TargetStatus }),
});

export const StatusInput = z.object({
  file: z.string().optional().describe("Only requirements in this root-relative file"),
  key: z.string().optional().describe("Only this credential key"),
  problemsOnly: z.boolean().optional().describe("Only requirements that do not resolve in some target"),
});
export const StatusOutput = z.object({ targets: z.object({ local: TargetSummary, cloud: TargetSummary }), requirements: z.array(RequirementRow) });

export const ExplainInput = z.object({
  key: z.string().optional().describe("The credential key"),
  file: z.string().optional().describe("Or: a root-relative file…"),
  line: z.number().int().min(1).optional().describe("…and a line (from 1) of a requirement in it"),
});
export const ExplainOutput = z.object({
  key: z.string(),
  definitions: z.array(z.object({ file: z.string(), line: Line, kind: z.string(), fields: z.array(z.object({ name: z.string(), required: z.boolean() })) })),
  requirements: z.array(RequirementRow.extend({ runtime: z.string() })),
});

function targetStatus(resolution: TargetResolution, since: string): z.infer<typeof TargetStatus> {
  switch (resolution.status) {
    case "resolved":
      return { status: "resolves", scope: resolution.scope, ...(resolution.entryName ? { entry: resolution.entryName } : {}), default: resolution.isDefault, missingFields: resolution.missingFields };
    case "missing":
      return { status: "missing", code: resolution.code, message: resolution.message, fix: CATALOG[resolution.code].fix };
    case "unchecked":
      return { status: "not_checked", reason: resolution.reason, since };
    case "skipped":
      return { status: "skipped", reason: resolution.reason };
  }
}

/** Each target's state: checked (from where, when), or not checked (why, since when). */
export type TargetSummaries = z.infer<typeof StatusOutput>["targets"];

function row(s: RequirementStatus, targets: TargetSummaries): z.infer<typeof RequirementRow> {
  const statuses = Object.fromEntries(TARGETS.map((t) => [t, targetStatus(s.targets[t], targets[t].at)])) as Record<Target, z.infer<typeof TargetStatus>>;
  return { file: s.file, line: s.range.start.line + 1, action: s.action.name, key: s.key, kind: s.kind, pin: s.pin, targets: statuses };
}

const broken = (r: z.infer<typeof RequirementRow>) => TARGETS.some((t) => r.targets[t].status !== "resolves");

export function credentialsStatus(statuses: readonly RequirementStatus[], targets: TargetSummaries, input: z.infer<typeof StatusInput>): z.infer<typeof StatusOutput> {
  const rows = statuses
    .filter((s) => (input.file === undefined || s.file === input.file) && (input.key === undefined || s.key === input.key))
    .map((s) => row(s, targets))
    .filter((r) => !input.problemsOnly || broken(r));
  return { targets, requirements: rows };
}

/** What the platform does with a requirement when the action runs (the resolution order). */
export function runtimeBehaviour(pin: Scope | null): string {
  if (pin === "user") return "At run time only the running user's own credential is used; without one the run fails.";
  if (pin) return `At run time only the ${pin} scope is tried; without a credential there the run fails.`;
  return "At run time the project's default credential is used, else the organization's; a user credential is never reached unless pinned with .scope(\"user\"); without either the run fails.";
}

export function explainCredential(
  definitions: readonly CredentialDefinition[],
  statuses: readonly RequirementStatus[],
  targets: TargetSummaries,
  input: z.infer<typeof ExplainInput>,
): z.infer<typeof ExplainOutput> | { error: string } {
  let key = input.key;
  if (key === undefined) {
    if (input.file === undefined || input.line === undefined) return { error: "give a key, or a file and a line" };
    const at = statuses.find((s) => s.file === input.file && s.range.start.line + 1 <= input.line! && input.line! <= s.range.end.line + 1);
    if (!at) return { error: `no credential requirement at ${input.file}:${input.line}` };
    key = at.key;
  }
  const defined = definitions.filter((d) => d.key === key).map((d) => ({ file: d.file, line: d.range.start.line + 1, kind: d.kind, fields: d.fields }));
  const requirements = statuses.filter((s) => s.key === key).map((s) => ({ ...row(s, targets), runtime: runtimeBehaviour(s.pin) }));
  if (defined.length === 0 && requirements.length === 0) return { error: `no definition or requirement of "${key}" in this project` };
  return { key, definitions: defined, requirements };
}

/** One line for the model: how many requirements, and how many do not resolve where. */
export function statusSummary(out: z.infer<typeof StatusOutput>): string {
  const missing = (t: Target) => out.requirements.filter((r) => r.targets[t].status === "missing").length;
  const targets = TARGETS.map((t) => (out.targets[t].state === "checked" ? `${t}: ${missing(t)} missing` : `${t}: not checked (${out.targets[t].reason})`));
  return `${plural(out.requirements.length, "requirement")}; ${targets.join("; ")}.`;
}

/** One line for the model about an explained credential. */
export function explainSummary(out: z.infer<typeof ExplainOutput>): string {
  const where = out.definitions.map((d) => `${d.file}:${d.line}`).join(", ") || "no definition in the project";
  return `${out.key}: defined at ${where}; required by ${plural(out.requirements.length, "action")}.`;
}
