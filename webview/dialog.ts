// One modal <dialog> for every form and confirmation. The native dialog traps focus, closes on
// Escape and returns focus to the opener, which is what keyboard users need; VS Code webviews
// block window.confirm, so confirmations use it too.
import { h, uid, type Child } from "./dom";

export interface FieldError {
  /** The `name` of the input the message belongs to; null for a form-level message. */
  field: string | null;
  message: string;
}

export interface DialogSpec {
  title: string;
  description?: string;
  /** The form's controls; each input carries a `name` so errors can point at it. */
  body: Child[];
  submitLabel: string;
  /** A dialog that only shows something (its submit button is "Close") has no Cancel as well. */
  noCancel?: boolean;
  danger?: boolean;
  /** Resolves with errors to keep the dialog open, or [] to close it. */
  onSubmit: (form: HTMLFormElement) => Promise<FieldError[]>;
  /** Runs once the dialog closed after a successful submit (e.g. to open the next question). */
  after?: () => void;
}

let current: HTMLDialogElement | null = null;

export function closeDialog(): void {
  if (!current) return;
  const dialog = current;
  current = null;
  // Clear secret inputs before the element goes, so values do not linger in the DOM.
  for (const input of dialog.querySelectorAll<HTMLInputElement>("input[type=password]")) input.value = "";
  dialog.close();
  dialog.remove();
}

export function openDialog(spec: DialogSpec): HTMLDialogElement {
  closeDialog();
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const openerKey = opener?.dataset.focus;
  const titleId = uid("dialog-title");
  const descId = uid("dialog-desc");
  const formError = h("p", { class: "error", role: "alert", id: uid("form-error"), hidden: true });
  const submit = h("button", { type: "submit", class: spec.danger ? "danger" : "primary" }, spec.submitLabel);
  const cancel = h("button", { type: "button", class: "secondary", onclick: () => closeDialog() }, "Cancel");
  const form = h(
    "form",
    { novalidate: true },
    h("h2", { id: titleId }, spec.title),
    spec.description ? h("p", { id: descId, class: "muted" }, spec.description) : null,
    ...spec.body,
    formError,
    h("div", { class: "dialog-buttons" }, submit, spec.noCancel ? null : cancel),
  );
  const dialog = h(
    "dialog",
    { "aria-labelledby": titleId, ...(spec.description ? { "aria-describedby": descId } : {}) },
    form,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors(form, formError);
      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      try {
        const errors = await spec.onSubmit(form);
        if (errors.length === 0) {
          closeDialog();
          return spec.after?.();
        }
        showErrors(form, formError, errors);
      } finally {
        submit.disabled = false;
        form.removeAttribute("aria-busy");
      }
    })();
  });
  dialog.addEventListener("close", () => {
    if (current === dialog) closeDialog();
    // A re-render while the dialog was open replaces the opener: its successor has the same data-focus key.
    const successor = openerKey ? document.querySelector<HTMLElement>(`[data-focus="${CSS.escape(openerKey)}"]`) : null;
    (opener?.isConnected ? opener : (successor ?? document.querySelector<HTMLElement>("[data-focus-fallback]")))?.focus();
  });
  document.body.append(dialog);
  current = dialog;
  dialog.showModal();
  form.querySelector<HTMLElement>("input:not([readonly]):not([type=hidden]), select, textarea")?.focus();
  return dialog;
}

function clearErrors(form: HTMLFormElement, formError: HTMLElement): void {
  formError.hidden = true;
  formError.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of form.querySelectorAll(".field-error")) el.remove();
}

function showErrors(form: HTMLFormElement, formError: HTMLElement, errors: FieldError[]): void {
  let first: HTMLElement | null = null;
  const general: string[] = [];
  for (const e of errors) {
    const input = e.field ? form.querySelector<HTMLElement>(`[name="${CSS.escape(e.field)}"]`) : null;
    if (!input) {
      general.push(e.message);
      continue;
    }
    const id = uid("field-error");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
    input.insertAdjacentElement("afterend", h("p", { class: "field-error error", id }, e.message));
    first ??= input;
  }
  if (general.length > 0) {
    formError.textContent = general.join(" ");
    formError.hidden = false;
  }
  (first ?? formError).focus?.();
}

/** A labelled input; `hint` becomes its accessible description. */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLElement {
  const id = input.id || uid("input");
  input.id = id;
  let hintEl: HTMLElement | null = null;
  if (hint) {
    hintEl = h("p", { class: "hint", id: uid("hint") }, hint);
    input.setAttribute("aria-describedby", hintEl.id);
  }
  return h("div", { class: "field" }, h("label", { for: id }, label), input, hintEl);
}
