// One stored entry: key, name, default mark, its fields masked (or shown for 30 s after Reveal),
// what uses it and when it changed, and the operations on it. Each button asks the manager (an
// `ks-op` event); the card itself holds no state.
import { css, html, nothing } from "lit";
import type { StoreEntry } from "../../server/core/schema";
import { OP_EVENT, type EntryOp, type ManagerOp } from "../manager-context";
import { entryLabel, relativeTime } from "../model";
import { button } from "./button";
import { LightElement } from "./light-element";

export class EntryCard extends LightElement {
  static override properties = {
    entry: { attribute: false },
    usedCount: { attribute: false },
    shown: { attribute: false },
    disabled: { attribute: false },
    pushOff: { attribute: false },
    now: { attribute: false },
  };
  static override ownStyles = css`
    /* The card's <li> is the list's item (and the grid's). */
    ks-entry-card {
      display: contents;
    }
    ks-entry-card .fields {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 2px 10px;
      margin: 6px 0;
    }
    ks-entry-card .fields dt,
    ks-entry-card .revealed {
      font-family: var(--vscode-editor-font-family);
    }
    ks-entry-card .fields dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    ks-entry-card .revealed {
      user-select: all;
    }
  `;
  declare entry: StoreEntry;
  /** How many actions resolve to it; null while the requirements are not known. */
  declare usedCount: number | null;
  /** The revealed values, while they are shown. */
  declare shown: Record<string, string> | undefined;
  declare disabled: boolean;
  /** Why push is off here (untrusted, no CLI…), or null. */
  declare pushOff: string | null;
  declare now: number;

  constructor() {
    super();
    this.usedCount = null;
    this.shown = undefined;
    this.disabled = true;
    this.pushOff = null;
    this.now = Date.now();
  }

  private op(op: EntryOp): void {
    this.emit<ManagerOp>(OP_EVENT, { op, entry: this.entry });
  }

  protected override render() {
    const e = this.entry;
    const label = entryLabel(e);
    const { disabled, pushOff, shown, usedCount } = this;
    const usedText = usedCount === null ? null : usedCount === 0 ? "unused" : `used by ${usedCount} action${usedCount === 1 ? "" : "s"}`;
    return html`<li class="card" data-entry-id=${e.id} data-key=${e.key}>
      <div class="row">
        <strong class="key">${e.key}</strong>
        ${e.name && e.name !== e.key ? html`<span class="name">${e.name}</span>` : nothing}
        ${e.default ? html`<span class="badge" aria-label="default credential">default</span>` : nothing}
        ${e.secretMissing ? html`<span class="badge error">values missing from the keychain</span>` : nothing}
      </div>
      <dl class="fields" aria-label=${`Fields of ${label}`}>
        ${e.fields.map(
          (f) => html`<dt>${f}</dt>
            <dd>${shown && shown[f] !== undefined ? html`<code class="revealed" data-field=${f}>${shown[f]}</code>` : html`<span class="masked" aria-label="hidden value">••••••••</span>`}</dd>`,
        )}
      </dl>
      <div class="muted">${usedText ? `${usedText} · ` : ""}<time datetime=${e.updatedAt} title=${e.updatedAt} data-relative>updated ${relativeTime(e.updatedAt, this.now)}</time></div>
      <div class="actions">
        ${shown
          ? button("Hide", `hide:${e.id}`, () => this.op("hide"), { aria: `Hide the values of ${label}` })
          : button("Reveal", `reveal:${e.id}`, () => this.op("reveal"), { aria: `Reveal the values of ${label}`, disabled })}
        ${button("Edit…", `edit:${e.id}`, () => this.op("edit"), { aria: `Edit ${label}`, disabled })}
        ${button("Rotate…", `rotate:${e.id}`, () => this.op("rotate"), { aria: `Rotate a field of ${label}`, disabled })}
        ${button(e.default ? "Unset default" : "Set default", `default:${e.id}`, () => this.op("default"), { aria: `${e.default ? "Unset" : "Set"} ${label} as the default`, disabled })}
        ${button("Rename…", `rename:${e.id}`, () => this.op("rename"), { aria: `Rename ${label}`, disabled })}
        ${button("Push…", `push:${e.id}`, () => this.op("push"), { aria: pushOff ? `Push ${label} to the cloud (unavailable: ${pushOff})` : `Push ${label} to the cloud`, disabled: disabled || pushOff !== null })}
        ${button("Copy CLI", `copy:${e.id}`, () => this.op("copy"), { aria: `Copy a keystroke CLI command for ${label} (uses @env references, no values)` })}
        ${button("Usages", `usages:${e.id}`, () => this.op("usages"), { aria: `Show the code that uses ${label}`, disabled: !usedCount })}
        ${button("Delete…", `delete:${e.id}`, () => this.op("delete"), { aria: `Delete ${label}`, disabled, danger: true })}
      </div>
    </li>`;
  }
}

customElements.define("ks-entry-card", EntryCard);
