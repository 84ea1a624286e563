// The pure half of the "Set Local Credential…" and "Push Credential to Cloud…" flows: which key
// and fields to ask for, input validation messages (for InputBox.validateInput), and the request
// bodies built from the answers. The vscode half (extension/commands.ts) only shows the prompts.
import {
  CredentialCommandArgs,
  CredentialKey,
  FieldName,
  PutCredentialBody,
  Slug,
  describeZodError,
  type FieldSpec,
  type RequirementStatus,
  type Scope,
} from "../../server/core/schema";
import { SCOPE_LABELS } from "../../webview/model";

const SCOPE_HELP: Record<Scope, string> = {
  project: "used by this project's actions first (the platform's default order)",
  organization: "shared by every project of the organization",
  user: "only for actions pinned with .scope(\"user\")",
};

/** InputBox validators answer a message, or undefined when the value is fine. */
export function validateKey(value: string): string | undefined {
  const parsed = CredentialKey.safeParse(value.trim());
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

export function validateFieldName(value: string): string | undefined {
  const parsed = FieldName.safeParse(value.trim());
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

export function validateSecret(value: string, field: string): string | undefined {
  if (value === "") return `Enter the value of ${field} (it is stored in the OS keychain, never in a file you can see).`;
  if (value.length > 16_384) return `${field} is longer than 16 384 characters.`;
  return undefined;
}

export function validateProject(value: string): string | undefined {
  if (value.trim() === "") return undefined;
  return Slug.safeParse(value.trim()).success
    ? undefined
    : "A project slug uses letters, digits, '.', '_' or '-' (starting with a letter or digit).";
}

/** Command arguments from a quick fix or code lens; anything else means "ask". */
export function parseCommandArgs(raw: unknown): CredentialCommandArgs | null {
  const parsed = CredentialCommandArgs.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The fields to ask for: the quick fix's list, else the definition's (required first), else none known. */
export function fieldsToAsk(key: string, args: CredentialCommandArgs | null, requirements: RequirementStatus[]): FieldSpec[] {
  if (args && args.fields.length > 0) return args.fields.map((name) => ({ name, required: true }));
  const specs: FieldSpec[] = [];
  for (const r of requirements) {
    if (r.key !== key) continue;
    for (const f of r.fields) if (!specs.some((s) => s.name === f.name)) specs.push(f);
  }
  return specs.sort((a, b) => Number(b.required) - Number(a.required));
}

export interface KeyChoice {
  key: string;
  description: string;
  detail?: string;
}

/** Keys offered in the key picker: what the code needs and does not resolve locally first. */
export function keyChoices(requirements: RequirementStatus[]): KeyChoice[] {
  const byKey = new Map<string, { missing: boolean; actions: string[] }>();
  for (const r of requirements) {
    const item = byKey.get(r.key) ?? { missing: false, actions: [] };
    item.missing ||= r.targets.local.status === "missing";
    if (!item.actions.includes(r.action.name)) item.actions.push(r.action.name);
    byKey.set(r.key, item);
  }
  return [...byKey.entries()]
    .sort(([a, x], [b, y]) => Number(y.missing) - Number(x.missing) || a.localeCompare(b))
    .map(([key, v]) => ({ key, description: v.missing ? "missing locally" : "resolves locally", detail: `needed by ${v.actions.join(", ")}` }));
}

export function scopeChoices(preferred?: Scope): { scope: Scope; label: string; description: string; picked: boolean }[] {
  const order: Scope[] = ["project", "organization", "user"];
  const first = preferred ?? "project";
  return [first, ...order.filter((s) => s !== first)].map((scope) => ({
    scope,
    label: SCOPE_LABELS[scope],
    description: SCOPE_HELP[scope],
    picked: scope === first,
  }));
}

export type BuiltBody = { ok: true; body: PutCredentialBody } | { ok: false; message: string };

export function buildPutBody(input: { key: string; scope: Scope; project?: string; fields: Record<string, string>; name?: string }): BuiltBody {
  const parsed = PutCredentialBody.safeParse({
    key: input.key.trim(),
    scope: input.scope,
    ...(input.scope === "project" && input.project?.trim() ? { project: input.project.trim() } : {}),
    fields: input.fields,
    ...(input.name?.trim() ? { name: input.name.trim() } : {}),
  });
  // describeZodError names paths and rules, never values.
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, message: describeZodError(parsed.error) };
}

/** "exa.apiKey" → { key: "exa", field: "apiKey" }: how the import flow asks where a variable goes. */
export function parseKeyField(text: string): { key: string; field: string } | { error: string } {
  const trimmed = text.trim();
  const dot = trimmed.lastIndexOf(".");
  if (dot <= 0 || dot === trimmed.length - 1) return { error: "Write key.field, e.g. exa.apiKey." };
  const key = trimmed.slice(0, dot);
  const field = trimmed.slice(dot + 1);
  const keyProblem = validateKey(key);
  if (keyProblem) return { error: `Key: ${keyProblem}` };
  const fieldProblem = validateFieldName(field);
  if (fieldProblem) return { error: `Field: ${fieldProblem}` };
  return { key, field };
}
