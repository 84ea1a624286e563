// One modal <dialog> for every form and confirmation. The native dialog traps focus, closes on
// Escape and returns focus to the opener, which is what keyboard users need; VS Code webviews
// block window.confirm, so confirmations use it too. The body is a template function: a form
// with state of its own (rows added, a scope picked) redraws it, and lit keeps what the person
// typed and where the focus is.
import { html, nothing, render, type TemplateResult } from "lit";

export interface FieldError {
  /** The `name` of the input the message belongs to; null for a form-level message. */
  field: string | null;
  message: string;
}

export interface DialogSpec {
  title: string;
  description?: string;
  /** The form's controls; each input carries a `name` so errors can point at it. */
  body: () => TemplateResult | typeof nothing;
  submitLabel: string;
  /** A dialog that only shows something (its submit button is "Close") has no Cancel as well. */
  noCancel?: boolean;
  danger?: boolean;
  /** Resolves with errors to keep the dialog open, or [] to close it. */
  onSubmit: (form: HTMLFormElement) => Promise<FieldError[]>;
  /** Runs once the dialog closed after a successful submit (e.g. to open the next question). */
  after?: () => void;
}

export interface OpenDialog {
  form: HTMLFormElement;
  /** Renders the body again from the form's current state. */
  redraw(): void;
}

let current: HTMLDialogElement | null = null;
let counter = 0;

/** The id of a dialog control, from its `name` (names are unique within the one open dialog). */
export function fieldId(name: string): string {
  return `dlg-${name}`;
}

/** A labelled control; `hint` becomes its accessible description (the control names `hintId(name)`). */
export function field(label: string, name: string, control: TemplateResult, hint?: string, hidden = false): TemplateResult {
  return html`<div class="field" ?hidden=${hidden}><label for=${fieldId(name)}>${label}</label>${control}${hint ? html`<p class="hint" id=${hintId(name)}>${hint}</p>` : nothing}</div>`;
}

/**
 * A field's value input: masked unless `secret` is false, and marked with its field's name, so a
 * form's submit reads name/value pairs from one place.
 */
export function valueInput(name: string, fieldName: string, secret: boolean): TemplateResult {
  return html`<input id=${fieldId(name)} name=${name} type=${secret ? "password" : "text"} autocomplete=${secret ? "new-password" : "off"} spellcheck="false" data-field-value data-field-name=${fieldName} />`;
}

export function hintId(name: string): string {
  return `dlg-hint-${name}`;
}

export function closeDialog(): void {
  if (!current) return;
  const dialog = current;
  current = null;
  // Clear secret inputs (and a pasted .env text) before the element goes, so values do not linger in the DOM.
  for (const input of dialog.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input[type=password], textarea.secret-text")) input.value = "";
  dialog.close();
  dialog.remove();
}

export function openDialog(spec: DialogSpec): OpenDialog {
  closeDialog();
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const openerKey = opener?.dataset.focus;
  const n = ++counter;
  const titleId = `dialog-title-${n}`;
  const descId = `dialog-desc-${n}`;
  const dialog = document.createElement("dialog");
  dialog.setAttribute("aria-labelledby", titleId);
  if (spec.description) dialog.setAttribute("aria-describedby", descId);
  const draw = () =>
    render(
      html`<form novalidate @submit=${onSubmit}>
        <h2 id=${titleId}>${spec.title}</h2>
        ${spec.description ? html`<p id=${descId} class="muted">${spec.description}</p>` : nothing} ${spec.body()}
        <p class="error form-error" role="alert" hidden></p>
        <div class="dialog-buttons">
          <button type="submit" class=${spec.danger ? "danger" : "primary"}>${spec.submitLabel}</button>
          ${spec.noCancel ? nothing : html`<button type="button" class="secondary" @click=${closeDialog}>Cancel</button>`}
        </div>
      </form>`,
      dialog,
    );
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const submit = form.querySelector<HTMLButtonElement>("button[type=submit]")!;
    void (async () => {
      clearErrors(form);
      submit.disabled = true;
      form.setAttribute("aria-busy", "true");
      try {
        const errors = await spec.onSubmit(form);
        if (errors.length === 0) {
          closeDialog();
          return spec.after?.();
        }
        showErrors(form, errors);
      } finally {
        submit.disabled = false;
        form.removeAttribute("aria-busy");
      }
    })();
  };
  draw();
  dialog.addEventListener("close", () => {
    if (current === dialog) closeDialog();
    // A re-render while the dialog was open may replace the opener: its successor has the same data-focus key.
    const successor = openerKey ? document.querySelector<HTMLElement>(`[data-focus="${CSS.escape(openerKey)}"]`) : null;
    (opener?.isConnected ? opener : (successor ?? document.querySelector<HTMLElement>("[data-focus-fallback]")))?.focus();
  });
  document.body.append(dialog);
  current = dialog;
  dialog.showModal();
  const form = dialog.querySelector("form")!;
  form.querySelector<HTMLElement>("input:not([readonly]):not([type=hidden]), select, textarea")?.focus();
  return { form, redraw: draw };
}

function clearErrors(form: HTMLFormElement): void {
  const formError = form.querySelector<HTMLElement>(".form-error")!;
  formError.hidden = true;
  formError.textContent = "";
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  for (const el of form.querySelectorAll(".field-error")) el.remove();
}

function showErrors(form: HTMLFormElement, errors: FieldError[]): void {
  const formError = form.querySelector<HTMLElement>(".form-error")!;
  let first: HTMLElement | null = null;
  const general: string[] = [];
  for (const e of errors) {
    const input = e.field ? form.querySelector<HTMLElement>(`[name="${CSS.escape(e.field)}"]`) : null;
    if (!input) {
      general.push(e.message);
      continue;
    }
    const id = `field-error-${++counter}`;
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
    const message = document.createElement("p");
    message.className = "field-error error";
    message.id = id;
    message.textContent = e.message;
    // After the field's wrapper, not inside a part lit redraws.
    (input.closest(".field") ?? input).insertAdjacentElement("beforeend", message);
    first ??= input;
  }
  if (general.length > 0) {
    formError.textContent = general.join(" ");
    formError.hidden = false;
  }
  (first ?? formError).focus?.();
}
