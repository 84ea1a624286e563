// The .env import's mapping table: one row per variable with its credential key, field and scope
// as the code suggests them (dotenvPlan), editable, checked only where a required key and field
// match. Rows are keyed by variable, so edits survive the text being changed above.
import { html, type TemplateResult } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { SCOPES } from "../../server/core/schema";
import { SCOPE_LABELS, type DotenvRow } from "../model";

export function importTable(plan: readonly DotenvRow[]): TemplateResult {
  if (plan.length === 0) return html`<p class="muted">Paste the contents of a .env file above, then read its variables.</p>`;
  return html`<table>
    <caption class="visually-hidden">Map each variable to a credential field</caption>
    <thead><tr>${["Import", "Variable", "Key", "Field", "Scope"].map((t) => html`<th scope="col">${t}</th>`)}</tr></thead>
    <tbody>
      ${repeat(
        plan,
        (row) => row.env,
        ({ env, checked, skip, key, field, scope }) => html`<tr data-env=${env}>
          <td><input type="checkbox" name=${`include.${env}`} ?checked=${checked} ?disabled=${skip !== null} aria-label=${`Import ${env}`} /></td>
          <th scope="row"><code>${env}</code>${skip ? html`<p class="hint muted">${skip}</p>` : ""}</th>
          <td><input type="text" name=${`key.${env}`} value=${key} aria-label=${`Credential key for ${env}`} spellcheck="false" /></td>
          <td><input type="text" name=${`field.${env}`} value=${field} aria-label=${`Field for ${env}`} spellcheck="false" /></td>
          <td>
            <select name=${`scope.${env}`} aria-label=${`Scope for ${env}`}>
              ${SCOPES.map((s) => html`<option value=${s} ?selected=${s === scope}>${SCOPE_LABELS[s]}</option>`)}
            </select>
          </td>
        </tr>`,
      )}
    </tbody>
  </table>`;
}
