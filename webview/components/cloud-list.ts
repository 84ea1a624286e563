// What the cloud holds: names only (never values), with the organization, project and listing
// time, or why it was not checked; and the one Refresh that re-lists it through the CLI.
import { html } from "lit";
import type { CloudSnapshotParams } from "../../server/core/schema";
import { OP_EVENT, type ManagerOp } from "../manager-context";
import { relativeTime } from "../model";
import { button } from "./button";
import { LightElement } from "./light-element";

export class CloudList extends LightElement {
  static override properties = { cloud: { attribute: false }, refreshOff: { attribute: false }, now: { attribute: false } };
  declare cloud: CloudSnapshotParams | null;
  /** Refresh needs the CLI, which an untrusted workspace may not run. */
  declare refreshOff: boolean;
  declare now: number;

  constructor() {
    super();
    this.cloud = null;
    this.refreshOff = false;
    this.now = Date.now();
  }

  protected override render() {
    const cloud = this.cloud;
    const refresh = html`<div class="actions">${button("Refresh cloud", "refresh-cloud", () => this.emit<ManagerOp>(OP_EVENT, { op: "refresh-cloud" }), { disabled: this.refreshOff })}</div>`;
    if (!cloud) return html`<p class="muted">Loading cloud credentials…</p>`;
    if (!cloud.snapshot) return html`<p class="notice" data-testid="cloud-unchecked">Not checked: ${cloud.reason}</p>${refresh}`;
    const { snapshot } = cloud;
    const names = [...snapshot.credentials].sort((a, b) => a.key.localeCompare(b.key) || a.scope.localeCompare(b.scope));
    return html`<p class="muted">
        Names only${snapshot.organization ? ` · organization ${snapshot.organization}` : ""}${snapshot.project ? ` · project ${snapshot.project}` : ""}${snapshot.fetchedAt
          ? html` · <time datetime=${snapshot.fetchedAt} title=${snapshot.fetchedAt} data-relative>listed ${relativeTime(snapshot.fetchedAt, this.now)}</time>`
          : ""}
      </p>
      ${names.length === 0
        ? html`<p class="muted">The cloud holds no credentials for this project.</p>`
        : html`<ul class="plain" aria-label="Cloud credentials">
            ${names.map((c) => html`<li><strong>${c.key}</strong> ${c.scope}${c.project ? ` ${c.project}` : ""}${c.default ? " · default" : ""}${c.name ? ` · ${c.name}` : ""}</li>`)}
          </ul>`}
      ${refresh}`;
  }
}

customElements.define("ks-cloud-list", CloudList);
