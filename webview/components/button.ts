// The manager's buttons: one look per role (primary, secondary, danger, link), and a `data-focus`
// key by which the dialog hands focus back to the button that opened it.
import { html, nothing, type TemplateResult } from "lit";

export interface ButtonOptions {
  aria?: string | undefined;
  disabled?: boolean;
  primary?: boolean;
  danger?: boolean;
  /** Where focus goes when the opener of a dialog no longer exists. */
  fallback?: boolean;
  link?: boolean;
}

export function button(label: string, focus: string, onClick: () => void, opts: ButtonOptions = {}): TemplateResult {
  const kind = opts.link ? "link" : opts.primary ? "primary" : opts.danger ? "danger secondary" : "secondary";
  return html`<button type="button" class=${kind} aria-label=${opts.aria ?? nothing} data-focus=${focus} ?data-focus-fallback=${opts.fallback === true} ?disabled=${opts.disabled === true} @click=${onClick}>${label}</button>`;
}
