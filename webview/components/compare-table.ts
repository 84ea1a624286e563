// Local and cloud side by side, one row per key; local entries at a scope the cloud lacks can be
// ticked and pushed together. The ticks are this table's own state: a tick whose entry is no
// longer pushable (pushed, deleted) goes with the next listing.
import { html } from "lit";
import type { CloudSnapshotParams, StoreEntry } from "../../server/core/schema";
import { OP_EVENT, type ManagerOp } from "../manager-context";
import { compareLocalCloud } from "../model";
import { button } from "./button";
import { LightElement } from "./light-element";

export class CompareTable extends LightElement {
  static override properties = { entries: { attribute: false }, cloud: { attribute: false }, pushOff: { attribute: false }, canEdit: { attribute: false }, selected: { state: true } };
  declare entries: StoreEntry[];
  declare cloud: CloudSnapshotParams | null;
  declare pushOff: string | null;
  declare canEdit: boolean;
  declare selected: ReadonlySet<string>;

  constructor() {
    super();
    this.entries = [];
    this.cloud = null;
    this.pushOff = null;
    this.canEdit = false;
    this.selected = new Set();
  }

  private toggle(id: string, on: boolean): void {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  protected override render() {
    const rows = compareLocalCloud(this.entries, this.cloud);
    if (rows.length === 0) return html`<p class="muted">Nothing to compare yet.</p>`;
    const { pushOff } = this;
    const pushable = new Set(rows.flatMap((r) => r.pushable));
    const selected = [...this.selected].filter((id) => pushable.has(id));
    return html`<table>
        <caption class="visually-hidden">Local credentials compared with the cloud</caption>
        <thead><tr><th scope="col">Key</th><th scope="col">Local</th><th scope="col">Cloud</th></tr></thead>
        <tbody>
          ${rows.map(
            (r) => html`<tr>
              <th scope="row">${r.key}</th>
              <td>
                ${r.local.length === 0
                  ? "—"
                  : html`<ul class="plain">
                      ${r.local.map((l) => {
                        const text = l.scope + (l.project ? ` ${l.project}` : "");
                        if (!r.pushable.includes(l.id)) return html`<li>${text}</li>`;
                        return html`<li>
                          <label><input type="checkbox" data-focus=${`select:${l.id}`} aria-label=${`Select ${l.label} for push`} ?disabled=${pushOff !== null} .checked=${selected.includes(l.id)} @change=${(ev: Event) => this.toggle(l.id, (ev.target as HTMLInputElement).checked)} /> ${text} (not in cloud)</label>
                        </li>`;
                      })}
                    </ul>`}
              </td>
              <td>${r.cloud === null ? "not checked" : r.cloud.length === 0 ? "—" : r.cloud.join(", ")}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <div class="actions">
        ${button(`Push selected (${selected.length})`, "push-selected", () => this.emit<ManagerOp>(OP_EVENT, { op: "push-selected", ids: selected }), {
          disabled: selected.length === 0 || pushOff !== null || !this.canEdit,
          aria: pushOff ? `Push selected (unavailable: ${pushOff})` : undefined,
        })}
      </div>
      ${pushOff ? html`<p class="muted">${pushOff}</p>` : ""}`;
  }
}

customElements.define("ks-compare-table", CompareTable);
