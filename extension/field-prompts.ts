// Asks for a credential's field values in VS Code's own input boxes, one per field: masked unless
// the field is plainly not secret (core/secret-fields.ts), optional ones may stay empty. Shared by
// "Set Local Credential…" and agent mode's request_credential tool.
import * as vscode from "vscode";
import { isSecretField } from "../server/core/secret-fields";
import { validateSecret } from "./flows/credential-input";

/** The values typed, or undefined when the person cancelled. Empty optional fields are left out. */
export async function askFieldValues(title: string, fields: readonly { name: string; required: boolean }[]): Promise<Record<string, string> | undefined> {
  const values: Record<string, string> = {};
  for (const [i, f] of fields.entries()) {
    const value = await vscode.window.showInputBox({
      title: `${title} (${i + 1}/${fields.length})`,
      prompt: f.required ? `Value of ${f.name}` : `Value of ${f.name} (optional: leave empty to skip)`,
      password: isSecretField(f.name),
      ignoreFocusOut: true,
      validateInput: (v) => (f.required || v !== "" ? validateSecret(v, f.name) : undefined),
    });
    if (value === undefined) return undefined;
    if (value !== "") values[f.name] = value;
  }
  return values;
}
