// What the manager says above its sections: which project it resolves for (and, in VS Code with
// several projects, the way to pick another), and why the store cannot be used or is weaker than
// it should be (no dev server, Restricted Mode, no keychain, the plain-file backend).
import { html, nothing } from "lit";
import type { HealthResponse, ManagerCapabilities } from "../../server/core/schema";
import { button } from "./button";
import { LightElement } from "./light-element";

export const SELECT_PROJECT_EVENT = "ks-select-project";

export class ManagerBanners extends LightElement {
  static override properties = { caps: { attribute: false }, health: { attribute: false }, storeError: { attribute: false } };
  declare caps: ManagerCapabilities | null;
  declare health: HealthResponse | null;
  declare storeError: string | null;

  constructor() {
    super();
    this.caps = null;
    this.health = null;
    this.storeError = null;
  }

  protected override render() {
    const { caps, health, storeError } = this;
    const projectLabel = caps?.project?.label ?? (health?.project ? `project ${health.project}` : null);
    return html`
      ${projectLabel === null
        ? nothing
        : html`<p class="muted project-line">
            Resolves for ${projectLabel}${caps?.project?.canChange
              ? html`<span> · ${button("Change project…", "select-project", () => this.emit(SELECT_PROJECT_EVENT, null), { link: true })}</span>`
              : nothing}
          </p>`}
      ${caps?.storeDisabled ? html`<p class="banner warning" role="note">${caps.storeDisabled}</p>` : storeError ? html`<p class="banner error" role="alert">${storeError}</p>` : nothing}
      ${health?.secretsUnavailable ? html`<p class="banner error" role="alert">Secrets cannot be read or written: ${health.secretsUnavailable}</p>` : nothing}
      ${health?.secretBackend === "file"
        ? html`<p class="banner warning" role="note" data-testid="file-backend-warning">
            Secret values are stored UNENCRYPTED in a plain file (file backend). Anyone who can read your files or backups can read them. Use the OS keychain
            (${
              // Outside VS Code the page cannot assume the editor: the server's flag is what changes it.
              document.body.dataset.mode === "vscode" ? "setting keystroke.secretBackend: keychain" : "in VS Code the setting keystroke.secretBackend: keychain; otherwise start the server without --secret-backend file"
            }) wherever one is available.
          </p>`
        : nothing}
    `;
  }
}

customElements.define("ks-manager-banners", ManagerBanners);
