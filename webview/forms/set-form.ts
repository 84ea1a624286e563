// "Add credential…" and "Set <key>…": the key, the scope, one value per field of the definition
// (or free name/value rows when the code defines none), a display name and the default mark.
// Every field is masked unless its name is plainly not a secret; optional fields may stay empty.
import { html, nothing } from "lit";
import type { FieldSpec, Scope } from "../../server/core/schema";
import { FieldName, PutCredentialBody } from "../../server/core/schema";
import { isSecretField } from "../../server/core/secret-fields";
import { field, fieldId, hintId, openDialog, valueInput, type FieldError } from "../dialog";
import { submitForm, type ManagerContext } from "../manager-context";
import { entryLabel } from "../model";
import { zodFieldErrors } from "../validation";
import { scopeFields, type ScopeChoice } from "./scope-fields";

interface Row {
  id: string;
  name: string;
  /** From the definition: the name is fixed and only the value is asked. */
  fixed: boolean;
  required: boolean;
}

let rowCounter = 0;

export function openSetForm(manager: ManagerContext, initial: { key?: string; scope?: Scope; fields?: FieldSpec[] }): void {
  const specs = initial.fields ?? [];
  const rows: Row[] = specs.map((f) => ({ id: `row-${++rowCounter}`, name: f.name, fixed: true, required: f.required }));
  if (rows.length === 0) rows.push({ id: `row-${++rowCounter}`, name: "apiKey", fixed: false, required: true });
  const choice: ScopeChoice = { scope: initial.scope ?? manager.defaultScope, project: "" };
  const description =
    manager.data.health?.secretBackend === "file"
      ? "Values go to the store's plain secrets file (file backend) through the local dev server; never to settings or logs."
      : "Values go to the OS keychain through the local dev server; never to settings or logs.";

  const rowTemplate = (row: Row) => {
    // Masked unless the definition's field is plainly not a secret (an exact allow-list).
    const secret = !row.fixed || isSecretField(row.name);
    const valueName = `fieldValue.${row.id}`;
    const value = valueInput(valueName, row.name, secret);
    if (row.fixed) {
      const what = [row.required ? null : "optional", secret ? "secret" : null].filter((w) => w !== null).join(", ");
      return field(what ? `${row.name} (${what})` : row.name, valueName, value);
    }
    const nameName = `fieldName.${row.id}`;
    const onName = (e: Event) => {
      row.name = (e.target as HTMLInputElement).value;
      handle.redraw();
    };
    return html`<div class="field-pair" data-row=${row.id}>
      ${field("Field name", nameName, html`<input id=${fieldId(nameName)} name=${nameName} type="text" value=${row.name} autocomplete="off" spellcheck="false" @input=${onName} />`)}
      ${field("Field value (secret)", valueName, value)}
    </div>`;
  };

  const handle = openDialog({
    title: initial.key ? `Set ${initial.key}` : "Add a credential",
    description,
    body: () => html`
      ${field("Key", "key", html`<input id=${fieldId("key")} name="key" type="text" value=${initial.key ?? ""} autocomplete="off" spellcheck="false" required aria-describedby=${hintId("key")} />`, "The credential key, as in defineCredential({ key }).")}
      ${scopeFields(choice, manager.currentProject, () => handle.redraw())}
      <div class="field-rows">${rows.map(rowTemplate)}</div>
      ${specs.length === 0
        ? html`<button type="button" class="secondary" @click=${() => (rows.push({ id: `row-${++rowCounter}`, name: "", fixed: false, required: false }), handle.redraw())}>Add another field</button>`
        : nothing}
      ${field("Display name (optional)", "name", html`<input id=${fieldId("name")} name="name" type="text" autocomplete="off" />`)}
      <div class="field checkbox"><label><input name="default" type="checkbox" /> Make this the default for its key and scope</label></div>
    `,
    submitLabel: "Save",
    onSubmit: async (form) => {
      const fields: Record<string, string> = {};
      const errors: FieldError[] = [];
      for (const input of form.querySelectorAll<HTMLInputElement>("input[data-field-value]")) {
        const name = (input.dataset.fieldName ?? "").trim();
        if (name === "" && input.value === "") continue;
        const parsedName = FieldName.safeParse(name);
        if (!parsedName.success) {
          errors.push({ field: input.name.replace("fieldValue", "fieldName"), message: `Field name: ${parsedName.error.issues[0]?.message ?? "invalid"}` });
          continue;
        }
        if (input.value === "") {
          // An optional field may stay empty; a required one may not.
          if (specs.some((f) => f.name === name && f.required)) errors.push({ field: input.name, message: `Enter a value for ${name}.` });
          continue;
        }
        fields[name] = input.value;
      }
      if (errors.length > 0) return errors;
      const { scope } = choice;
      const project = choice.project.trim();
      const projectErrors = manager.projectError(scope, project);
      if (projectErrors.length > 0) return projectErrors;
      const key = form.querySelector<HTMLInputElement>("input[name=key]")!.value.trim();
      const name = form.querySelector<HTMLInputElement>("input[name=name]")!.value.trim();
      const body = {
        key,
        scope,
        ...(scope === "project" && project ? { project } : {}),
        fields,
        // Unticked means not the default, not "leave it as it was".
        default: form.querySelector<HTMLInputElement>("input[name=default]")!.checked,
        ...(name ? { name } : {}),
      };
      const parsed = PutCredentialBody.safeParse(body);
      if (!parsed.success) return zodFieldErrors(parsed.error, { fields: form.querySelector<HTMLInputElement>("input[data-field-value]")?.name ?? "" });
      return submitForm(manager, "Save", async () => {
        await manager.transport.call("put", parsed.data);
        await manager.reloadStore();
        return `Saved ${entryLabel({ key, scope, project: body.project, name: body.name ?? "" })}`;
      });
    },
  });
  // Focus lands on the first thing left to type: the key, else the first empty value.
  const keyInput = handle.form.querySelector<HTMLInputElement>("input[name=key]")!;
  (keyInput.value === "" ? keyInput : [...handle.form.querySelectorAll<HTMLInputElement>("input[data-field-value]")].find((i) => i.value === ""))?.focus();
}
