// "Required by code but missing": one card per key that does not resolve somewhere, with each
// target's state, the actions that need it, and the one step that fixes it (set for typed keys;
// connect for OAuth and catalog apps, which are connected in the web flow, not typed in).
import { css, html, nothing } from "lit";
import type { RequirementsView, TargetResolution } from "../../server/core/schema";
import { OP_EVENT, type ManagerOp } from "../manager-context";
import { missingGroups, resolutionLabel, uncheckedReasons, type MissingGroup } from "../model";
import { button } from "./button";
import { LightElement } from "./light-element";

export class MissingList extends LightElement {
  static override properties = { requirements: { attribute: false }, canEdit: { attribute: false }, inEditor: { attribute: false } };
  static override ownStyles = css`
    ks-missing-list .chip {
      display: inline-block;
      border-radius: 10px;
      padding: 0 8px;
      font-size: 0.85em;
      background: transparent;
      color: var(--vscode-foreground);
      border: 1px solid var(--vscode-widget-border);
    }
    ks-missing-list .chip[data-status="missing"] {
      border-color: var(--vscode-errorForeground);
      color: var(--vscode-errorForeground);
    }
    ks-missing-list .chip[data-status="unchecked"] {
      border-color: var(--vscode-editorWarning-foreground);
      color: var(--vscode-editorWarning-foreground);
    }
    ks-missing-list .chip[data-status="resolved"] {
      border-color: var(--vscode-testing-iconPassed);
    }
  `;
  declare requirements: RequirementsView | null;
  declare canEdit: boolean;
  /** In VS Code: actions open their source and Connect runs the CLI; the browser copies commands. */
  declare inEditor: boolean;

  constructor() {
    super();
    this.requirements = null;
    this.canEdit = false;
    this.inEditor = false;
  }

  private op(detail: ManagerOp): void {
    this.emit(OP_EVENT, detail);
  }

  protected override render() {
    const reqs = this.requirements;
    if (!reqs) return html`<p class="muted">Loading requirements…</p>`;
    if (!reqs.available) return html`<p class="muted">${reqs.reason}</p>`;
    const groups = missingGroups(reqs.requirements);
    // Why a target is not checked is the same for every requirement: say it once, above the list.
    const notices = uncheckedReasons(reqs.requirements).map((text) => html`<p class="notice">${text}</p>`);
    if (groups.length > 0) return html`${notices}<ul class="cards" aria-label="Missing credentials">${groups.map((g) => this.card(g))}</ul>`;
    if (reqs.requirements.length === 0) return html`<p class="muted">No action in this workspace declares a credential.</p>`;
    if (notices.length > 0) return html`${notices}<p class="muted">Nothing is known to be missing, but not every store could be checked.</p>`;
    return html`<p class="muted">Every credential the code needs resolves.</p>`;
  }

  private chip(target: string, r: TargetResolution) {
    return html`<span class="chip" data-status=${r.status} title=${resolutionLabel(r)}>${target}: ${resolutionLabel(r, true)}</span>`;
  }

  private card(g: MissingGroup) {
    const actions = g.actions.map((a, i) => {
      const name = this.inEditor
        ? html`<button type="button" class="link" data-focus=${`open:${g.key}:${a.file}:${a.range.start.line}`} aria-label=${`Open ${a.name} in ${a.file}`} @click=${() => this.op({ op: "open", location: { root: a.root, file: a.file, range: a.range } })}>${a.name}</button>`
        : html`<span title=${`${a.file}:${a.range.start.line + 1}`}>${a.name}</span>`;
      return i === 0 ? name : html`, ${name}`;
    });
    const connects = g.kind !== "api_key" || g.catalog;
    return html`<li class="card" data-key=${g.key}>
      <div class="row"><strong class="key">${g.key}</strong>${g.catalog ? html`<span class="badge">catalog (guessed key)</span>` : nothing}</div>
      <div class="row">${this.chip("Local", g.local)}${this.chip("Cloud", g.cloud)}</div>
      <div class="muted">Needed by ${actions}</div>
      ${g.fields.length > 0 ? html`<div class="muted">Fields: ${g.fields.map((f) => f.name + (f.required ? "" : " (optional)")).join(", ")}</div>` : nothing}
      <div class="actions">
        ${connects
          ? this.inEditor
            ? button(`Connect ${g.key}…`, `connect:${g.key}`, () => this.op({ op: "connect", key: g.key }), { aria: `Connect ${g.key} (keystroke connect)`, disabled: !this.canEdit, primary: true })
            : button("Copy the connect command", `connect:${g.key}`, () => this.op({ op: "copy-connect", key: g.key }), { aria: `Copy keystroke connect ${g.key}` })
          : button(`Set ${g.key}…`, `set:${g.key}`, () => this.op({ op: "set", group: g }), { aria: `Set ${g.key} in the local store`, disabled: !this.canEdit, primary: true })}
      </div>
    </li>`;
  }
}

customElements.define("ks-missing-list", MissingList);
