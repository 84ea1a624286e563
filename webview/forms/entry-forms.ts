// The forms on one stored entry: edit (name, default, new values), rotate one field, rename, and
// the delete confirmation. Each sends one PATCH or DELETE and re-reads the store.
import { html } from "lit";
import type { StoreEntry } from "../../server/core/schema";
import { PatchCredentialBody } from "../../server/core/schema";
import { isSecretField } from "../../server/core/secret-fields";
import { field, fieldId, hintId, openDialog, valueInput } from "../dialog";
import { submitForm, type ManagerContext } from "../manager-context";
import { entryLabel } from "../model";
import { zodFieldErrors } from "../validation";

export function openEditForm(manager: ManagerContext, e: StoreEntry): void {
  openDialog({
    title: `Edit ${entryLabel(e)}`,
    description: "Leave a value empty to keep the stored one.",
    body: () => html`
      ${field("Display name", "name", html`<input id=${fieldId("name")} name="name" type="text" value=${e.name} autocomplete="off" />`)}
      <div class="field checkbox"><label><input name="default" type="checkbox" ?checked=${e.default} /> Default for its key and scope</label></div>
      ${e.fields.map((f) => {
        const secret = isSecretField(f);
        return field(secret ? `${f} (secret)` : f, `fields.${f}`, valueInput(`fields.${f}`, f, secret));
      })}
    `,
    submitLabel: "Save changes",
    onSubmit: async (form) => {
      const fields: Record<string, string> = {};
      for (const input of form.querySelectorAll<HTMLInputElement>("input[data-field-value]")) if (input.value !== "") fields[input.dataset.fieldName!] = input.value;
      const name = form.querySelector<HTMLInputElement>("input[name=name]")!.value;
      const isDefault = form.querySelector<HTMLInputElement>("input[name=default]")!.checked;
      const body = {
        ...(name !== e.name ? { name } : {}),
        ...(isDefault !== e.default ? { default: isDefault } : {}),
        ...(Object.keys(fields).length > 0 ? { fields } : {}),
      };
      const parsed = PatchCredentialBody.safeParse(body);
      if (!parsed.success) return zodFieldErrors(parsed.error, { fields: form.querySelector<HTMLInputElement>("input[data-field-value]")?.name ?? "" });
      return submitForm(manager, "Save", async () => {
        // The confirmation names the entry as it is now (a rename in this form included).
        const saved = await manager.transport.call("patch", { id: e.id, body: parsed.data });
        await manager.reloadStore();
        return `Saved ${entryLabel(saved)}`;
      });
    },
  });
}

export function openRotateForm(manager: ManagerContext, e: StoreEntry): void {
  openDialog({
    title: `Rotate a field of ${entryLabel(e)}`,
    description: "The new value replaces the stored one; other fields keep theirs.",
    body: () => html`
      ${field("Field", "field", html`<select id=${fieldId("field")} name="field">${e.fields.map((f) => html`<option value=${f}>${f}</option>`)}</select>`)}
      ${field("New value (secret)", "value", html`<input id=${fieldId("value")} name="value" type="password" autocomplete="new-password" />`)}
    `,
    submitLabel: "Rotate",
    onSubmit: async (form) => {
      const which = form.querySelector<HTMLSelectElement>("select[name=field]")!.value;
      const value = form.querySelector<HTMLInputElement>("input[name=value]")!.value;
      if (value === "") return [{ field: "value", message: "Enter the new value." }];
      const parsed = PatchCredentialBody.safeParse({ fields: { [which]: value } });
      if (!parsed.success) return zodFieldErrors(parsed.error, { fields: "value" });
      return submitForm(manager, "Rotate", async () => {
        await manager.transport.call("patch", { id: e.id, body: parsed.data });
        await manager.reloadStore();
        return `Rotated ${which} of ${entryLabel(e)}`;
      });
    },
  });
}

export function openRenameForm(manager: ManagerContext, e: StoreEntry): void {
  openDialog({
    title: `Rename ${entryLabel(e)}`,
    body: () => field("Display name", "name", html`<input id=${fieldId("name")} name="name" type="text" value=${e.name} autocomplete="off" required aria-describedby=${hintId("name")} />`, "A label for you; the key the code uses does not change."),
    submitLabel: "Rename",
    onSubmit: async (form) => {
      const name = form.querySelector<HTMLInputElement>("input[name=name]")!.value.trim();
      if (name === "") return [{ field: "name", message: "Enter a name." }];
      const parsed = PatchCredentialBody.safeParse({ name });
      if (!parsed.success) return zodFieldErrors(parsed.error, {});
      return submitForm(manager, "Rename", async () => {
        await manager.transport.call("patch", { id: e.id, body: parsed.data });
        await manager.reloadStore();
        return `Renamed to ${name}`;
      });
    },
  });
}

export function openDeleteForm(manager: ManagerContext, e: StoreEntry): void {
  openDialog({
    title: `Delete ${entryLabel(e)}?`,
    description: "This removes its values from the keychain. Actions that resolve to it will report it missing.",
    body: () => html``,
    submitLabel: "Delete",
    danger: true,
    onSubmit: async () =>
      submitForm(manager, "Delete", async () => {
        await manager.transport.call("remove", { id: e.id });
        manager.forget(e.id);
        await manager.reloadStore();
        return `Deleted ${entryLabel(e)}`;
      }),
  });
}
