// What a coding agent's request for a credential asks the person for (MCP `request_credential`,
// VS Code's tool of the same name): the definition's fields, masked where secret, at the scope
// the code needs. Only what the project states is used; anything it cannot tell is refused with
// what to do, never guessed.
import type { CredentialDefinition, ProjectModel } from "./analysis";
import type { CredentialKind, RequestedField, Scope } from "./schema";
import { isSecretField } from "./secret-fields";

export interface CredentialRequestPlan {
  key: string;
  kind: CredentialKind;
  scope: Scope;
  project?: string;
  fields: RequestedField[];
  definition: Pick<CredentialDefinition, "file" | "range">;
}

export type PlanResult = { ok: true; plan: CredentialRequestPlan } | { ok: false; message: string };

/**
 * The one scope at which every requirement of a key resolves: the pin they share (an unpinned
 * requirement also reaches a project or organization entry, never a user one); all unpinned,
 * project when the config names a project, else organization.
 */
export function neededScope(pins: readonly (Scope | null)[], context: ProjectModel["context"]): { scope: Scope } | { conflict: Scope[] } {
  const fallback: Scope = context.project !== undefined ? "project" : "organization";
  const pinned = [...new Set(pins.filter((p): p is Scope => p !== null))];
  if (pinned.length > 1) return { conflict: pinned };
  if (pinned.length === 0) return { scope: fallback };
  if (pinned[0] === "user" && pins.includes(null)) return { conflict: ["user", fallback] };
  return { scope: pinned[0]! };
}

export function planCredentialRequest(model: Pick<ProjectModel, "definitions" | "requirements" | "context">, input: { key: string; scope?: Scope; project?: string }): PlanResult {
  const definitions = model.definitions.filter((d) => d.key === input.key);
  const definition = definitions[0];
  if (definition === undefined) {
    const required = model.requirements.some((r) => r.key === input.key);
    return {
      ok: false,
      message: required
        ? `"${input.key}" has no defineCredential() in this project, so its fields are not known; define it first (or set it in VS Code).`
        : `"${input.key}" is neither defined nor required in this project; call credentials_status for the keys it uses.`,
    };
  }
  if (definition.kind !== "api_key") {
    return { ok: false, message: `"${input.key}" is a ${definition.kind === "keystroke" ? "Keystroke catalog app" : "managed OAuth"} credential: it is connected, not typed in. Ask the person to run \`keystroke connect ${input.key}\` (or Keystroke: Connect App in VS Code).` };
  }
  let scope = input.scope;
  if (scope === undefined) {
    const needed = neededScope(
      model.requirements.filter((r) => r.key === input.key).map((r) => r.pin),
      model.context,
    );
    if ("conflict" in needed) return { ok: false, message: `the requirements of "${input.key}" need different scopes (${needed.conflict.join(", ")}); pass scope.` };
    scope = needed.scope;
  }
  if (scope !== "project" && input.project !== undefined) return { ok: false, message: "project: only project-scope credentials belong to a project" };
  const project = scope === "project" ? (input.project ?? model.context.project) : undefined;
  if (scope === "project" && project === undefined) return { ok: false, message: "the project scope needs a project: keystroke.config.ts names none; pass project." };
  const fields = definition.fields.map((f) => ({ name: f.name, optional: !f.required, secret: isSecretField(f.name) }));
  if (fields.length === 0) return { ok: false, message: `the definition of "${input.key}" at ${definition.file}:${definition.range.start.line + 1} has no fields the analyzer could read.` };
  return { ok: true, plan: { key: input.key, kind: definition.kind, scope, ...(project !== undefined ? { project } : {}), fields, definition } };
}
