// The scope select and the project slug under it, shown only for project scope. Shared by the
// forms that store or push at a scope; the form keeps the chosen scope and redraws on a change.
import { html, type TemplateResult } from "lit";
import { SCOPES, type Scope } from "../../server/core/schema";
import { field, fieldId, hintId } from "../dialog";
import { SCOPE_LABELS } from "../model";

export interface ScopeChoice {
  scope: Scope;
  project: string;
}

export function scopeFields(choice: ScopeChoice, currentProject: string | undefined, redraw: () => void): TemplateResult {
  const onScope = (e: Event) => {
    choice.scope = (e.target as HTMLSelectElement).value as Scope;
    redraw();
  };
  const hint = currentProject ? `Empty: the current project (${currentProject}).` : "Required: no keystroke.config.ts names a current project.";
  return html`${field(
    "Scope",
    "scope",
    html`<select id=${fieldId("scope")} name="scope" @change=${onScope}>
      ${SCOPES.map((s) => html`<option value=${s} ?selected=${s === choice.scope}>${SCOPE_LABELS[s]}</option>`)}
    </select>`,
  )}
  ${field(
    "Project slug",
    "project",
    html`<input id=${fieldId("project")} name="project" type="text" value=${choice.project} autocomplete="off" spellcheck="false" aria-describedby=${hintId("project")} @input=${(e: Event) => (choice.project = (e.target as HTMLInputElement).value)} />`,
    hint,
    choice.scope !== "project",
  )}`;
}
