// The local store: entries grouped by scope (and project), one card each. Only the cards whose
// entry, usage or revealed values changed re-render: lit keys them by entry id.
import { html } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { StoreEntry } from "../../server/core/schema";
import { groupByScope, usages, type UiRequirement } from "../model";
import { LightElement } from "./light-element";
import "./entry-card";

export class EntryList extends LightElement {
  static override properties = {
    entries: { attribute: false },
    storeError: { attribute: false },
    requirements: { attribute: false },
    revealed: { attribute: false },
    disabled: { attribute: false },
    pushOff: { attribute: false },
    now: { attribute: false },
  };
  declare entries: StoreEntry[] | null;
  declare storeError: string | null;
  /** The code's requirements, for "used by"; null while not known. */
  declare requirements: UiRequirement[] | null;
  declare revealed: ReadonlyMap<string, Record<string, string>>;
  declare disabled: boolean;
  declare pushOff: string | null;
  declare now: number;

  constructor() {
    super();
    this.entries = null;
    this.storeError = null;
    this.requirements = null;
    this.revealed = new Map();
    this.disabled = true;
    this.pushOff = null;
    this.now = Date.now();
  }

  protected override render() {
    const { entries, requirements } = this;
    if (entries === null) return html`<p class="muted">${this.storeError ? "The local store is not available (see above)." : "Loading the local store…"}</p>`;
    if (entries.length === 0) return html`<p class="muted">No credentials stored yet. Add one, set one the code needs (above), or import a .env file.</p>`;
    // Keyed by scope, and the cards by entry: an entry arriving in a new group moves no card to another element.
    return repeat(
      groupByScope(entries),
      (group) => group.id,
      (group) => html`<div class="scope-group">
        <h3>${group.label}</h3>
        <ul class="cards" aria-label=${`${group.label} credentials`}>
          ${repeat(
            group.entries,
            (e) => e.id,
            (e) => html`<ks-entry-card .entry=${e} .usedCount=${requirements === null ? null : usages(e, requirements).length} .shown=${this.revealed.get(e.id)} .disabled=${this.disabled} .pushOff=${this.pushOff} .now=${this.now}></ks-entry-card>`,
          )}
        </ul>
      </div>`,
    );
  }
}

customElements.define("ks-entry-list", EntryList);
