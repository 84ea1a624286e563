// The credential manager: loads the store, the code's requirements and the cloud listing from the
// transport, lays out its sections, and runs what the lists ask for (`ks-op` events) and the
// forms. Each section is its own element, so a change re-renders the parts whose data changed;
// focus and scroll stay where they were.
import { css, html, nothing } from "lit";
import type { CloudSnapshotParams, HostEvent, RequirementsView, Scope, StoreEntry, WebviewState } from "../../server/core/schema";
import { errorMessage } from "../../server/core/error-message";
import type { FieldError } from "../dialog";
import { openImportForm } from "../forms/import-form";
import { openSetForm } from "../forms/set-form";
import type { ManagerData, ManagerOp } from "../manager-context";
import { runOp, type OpTarget } from "../manager-ops";
import { entryLabel, missingGroups, type UiRequirement } from "../model";
import type { Transport } from "../transport";
import { button } from "./button";
import { LightElement } from "./light-element";
import "./cloud-list";
import "./manager-banners";
import "./compare-table";
import "./entry-list";
import "./missing-list";

/** How long a revealed value stays visible before it is masked again. */
const REVEAL_MS = 30_000;

const SECTIONS = [
  ["missing", "Required by code but missing"],
  ["local", "Local store"],
  ["cloud", "Cloud"],
  ["compare", "Local and cloud"],
] as const;
type SectionId = (typeof SECTIONS)[number][0];

export class CredentialManager extends LightElement implements OpTarget {
  static override properties = { data: { state: true }, loading: { state: true }, revealed: { state: true }, viewState: { state: true }, toastText: { state: true }, opError: { state: true }, now: { state: true } };
  static override ownStyles = css`
    ks-credential-manager .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      padding: 10px 0 4px;
    }
    ks-credential-manager .section-toggle {
      background: none;
      border: none;
      color: inherit;
      font-weight: 600;
      padding: 2px 0;
      display: flex;
      gap: 6px;
      align-items: center;
    }
    ks-credential-manager .section-toggle::before {
      content: "▾";
      display: inline-block;
      width: 1em;
    }
    ks-credential-manager .section-toggle[aria-expanded="false"]::before {
      content: "▸";
    }
  `;
  declare data: ManagerData;
  declare loading: boolean;
  declare revealed: ReadonlyMap<string, Record<string, string>>;
  declare viewState: WebviewState;
  /** The last announcement, also shown for 4 s: every operation gets visible feedback. */
  declare toastText: string | null;
  /** The last operation that failed outside a form, shown until the next one fails. */
  declare opError: string | null;
  /** Relative times ("updated 2 minutes ago") move on while the view is open. */
  declare now: number;
  transport!: Transport;
  /** The live region screen readers hear the announcements from. */
  live!: HTMLElement;
  private pendingFocus: { key: string; openForm?: boolean | undefined } | null = null;
  private readonly revealTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.data = { caps: null, health: null, storeError: null, entries: null, requirements: null, cloud: null };
    this.loading = true;
    this.revealed = new Map();
    this.viewState = { collapsed: [] };
    this.toastText = null;
    this.opError = null;
    this.now = Date.now();
  }

  async start(transport: Transport, live: HTMLElement): Promise<void> {
    this.transport = transport;
    this.live = live;
    this.viewState = transport.loadState();
    transport.onEvent((e) => void this.onEvent(e));
    setInterval(() => (this.now = Date.now()), 30_000);
    await this.reload();
  }

  // ------------------------------------------------------------------ what the forms see

  get requirementsList(): UiRequirement[] {
    return this.data.requirements?.available ? this.data.requirements.requirements : [];
  }

  get currentProject(): string | undefined {
    return this.data.health?.project ?? this.data.cloud?.snapshot?.project;
  }

  get defaultScope(): Scope {
    return this.currentProject ? "project" : "organization";
  }

  projectError(scope: Scope, project: string): FieldError[] {
    return scope === "project" && project === "" && !this.currentProject
      ? [{ field: "project", message: "Enter the project slug: no keystroke.config.ts names a current project." }]
      : [];
  }

  private get canEdit(): boolean {
    return this.data.entries !== null && !this.data.caps?.storeDisabled && this.data.health?.secretsUnavailable == null;
  }

  private get pushOff(): string | null {
    return this.data.caps && !this.data.caps.push.enabled ? this.data.caps.push.reason : null;
  }

  announce(text: string): void {
    // Clearing first makes screen readers repeat an identical message.
    this.live.textContent = "";
    this.live.textContent = text;
    this.toastText = text;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toastText = null), 4_000);
  }

  async run(label: string, op: () => Promise<string | void>): Promise<void> {
    try {
      const done = await op();
      if (done) this.announce(done);
    } catch (e) {
      this.announce(`${label} failed: ${errorMessage(e)}`);
      this.opError = `${label} failed: ${errorMessage(e)}`;
    }
  }

  // ------------------------------------------------------------------ data

  private async reload(): Promise<void> {
    const [caps, cloud, requirements] = await Promise.all([
      this.transport.call("capabilities", {}).catch(() => null),
      this.transport.call("cloud", {}).catch((e) => ({ snapshot: null, reason: errorMessage(e) })),
      this.loadRequirements(),
    ]);
    this.data = { ...this.data, caps, cloud, requirements };
    await this.reloadStore();
    this.loading = false;
    const pending = this.pendingFocus;
    this.pendingFocus = null;
    if (pending) await this.focusKey(pending.key, pending.openForm === true);
  }

  private async loadRequirements(): Promise<RequirementsView> {
    return this.transport.call("requirements", {}).catch((e) => ({ available: false as const, reason: errorMessage(e) }));
  }

  async reloadStore(): Promise<void> {
    if (this.data.caps?.storeDisabled) {
      this.data = { ...this.data, health: null, entries: null, storeError: this.data.caps.storeDisabled };
      return;
    }
    try {
      const [health, list] = await Promise.all([this.transport.call("health", {}), this.transport.call("list", {})]);
      this.data = { ...this.data, health, entries: list.entries, storeError: null };
      for (const id of this.revealed.keys()) if (!list.entries.some((e) => e.id === id)) this.forget(id);
    } catch (e) {
      this.data = { ...this.data, storeError: errorMessage(e), entries: null };
    }
  }

  async freshCloud(): Promise<CloudSnapshotParams> {
    const listing = await this.transport.call("refreshCloud", {}).catch((err: unknown) => ({ snapshot: null, reason: errorMessage(err) }) as CloudSnapshotParams);
    this.data = { ...this.data, cloud: listing };
    return listing;
  }

  async afterPush(): Promise<void> {
    // The push re-listed the cloud; show that listing.
    const cloud = await this.transport.call("cloud", {}).catch((err) => ({ snapshot: null, reason: errorMessage(err) }));
    this.data = { ...this.data, cloud };
  }

  private async onEvent(event: HostEvent): Promise<void> {
    switch (event.kind) {
      case "store":
        return this.reloadStore();
      case "cloud":
        this.data = { ...this.data, cloud: event.cloud };
        return;
      case "status":
      case "requirements": {
        // Read first, then merge: a spread taken before the await would drop what changed meanwhile.
        const requirements = await this.loadRequirements();
        this.data = { ...this.data, requirements };
        return;
      }
      case "capabilities":
        return this.reload();
      case "focus":
        // Before the first load finishes there is nothing to show yet: do it when there is.
        if (this.loading) this.pendingFocus = event;
        else await this.focusKey(event.key, event.openForm === true);
        return;
      case "connection":
        if (event.up) return this.reload();
        this.data = { ...this.data, storeError: event.message ?? "The local dev server is not reachable.", entries: null };
        return;
    }
  }

  /** Scrolls to a key; `openForm` opens the Set form of a missing one (a tree's Set Locally for many fields). */
  private async focusKey(key: string, openForm = false): Promise<void> {
    const group = openForm ? missingGroups(this.requirementsList).find((g) => g.key === key) : undefined;
    if (group) return openSetForm(this, { key: group.key, scope: group.scope, fields: group.fields });
    await this.settled();
    const selector = `li[data-key="${CSS.escape(key)}"]`;
    const target = this.querySelector<HTMLElement>(`[data-section=missing] ${selector}`) ?? this.querySelector<HTMLElement>(`[data-section=local] ${selector}`);
    if (!target) return this.announce(`${key} is neither missing nor in the local store.`);
    target.scrollIntoView({ block: "center" });
    target.querySelector<HTMLElement>("button:not(:disabled)")?.focus();
  }

  // ------------------------------------------------------------------ operations the lists ask for

  private readonly selectProject = (): void => void this.run("Change project", async () => (await this.transport.call("selectProject", {}), "Project changed"));

  private readonly onOp = (event: Event): void => {
    event.stopPropagation();
    runOp(this, (event as CustomEvent<ManagerOp>).detail);
  };

  async reveal(e: StoreEntry): Promise<void> {
    await this.run("Reveal", async () => {
      const result = await this.transport.call("reveal", { id: e.id });
      this.forget(e.id);
      this.revealTimers.set(e.id, setTimeout(() => (this.forget(e.id), this.announce("Values hidden again")), REVEAL_MS));
      this.revealed = new Map([...this.revealed, [e.id, result.fields]]);
      await this.settled();
      this.querySelector<HTMLElement>(`[data-focus="hide:${CSS.escape(e.id)}"]`)?.focus();
      return `Values of ${entryLabel(e)} shown for 30 seconds`;
    });
  }

  forget(id: string): void {
    clearTimeout(this.revealTimers.get(id));
    this.revealTimers.delete(id);
    if (!this.revealed.has(id)) return;
    // Hide keeps the keyboard on the card: focus moves from Hide to Reveal once it renders.
    const hadFocus = document.activeElement instanceof HTMLElement && document.activeElement.dataset.focus === `hide:${id}`;
    const next = new Map(this.revealed);
    next.delete(id);
    this.revealed = next;
    if (hadFocus) void this.settled().then(() => this.querySelector<HTMLElement>(`[data-focus="reveal:${CSS.escape(id)}"]`)?.focus());
  }

  /** Once the manager and the lists inside it (and their cards) have rendered. */
  private async settled(): Promise<void> {
    await this.updateComplete;
    // Children render after their parent, and cards after their list: one round per level.
    for (let level = 0; level < 3; level++) {
      await Promise.all([...this.querySelectorAll("*")].filter((el): el is LightElement => el instanceof LightElement).map((el) => el.updateComplete));
    }
  }

  // ------------------------------------------------------------------ rendering

  protected override updated(): void {
    (this.closest("main") ?? this).setAttribute("aria-busy", String(this.loading));
  }

  protected override render() {
    const { caps, health, storeError } = this.data;
    // Null while not known, so the cards say nothing about usage rather than "unused".
    const requirements = this.data.requirements?.available ? this.requirementsList : null;
    return html`
      <header class="toolbar">
        <h1>Credentials</h1>
        <div class="toolbar-buttons">
          ${button("Add credential…", "add", () => openSetForm(this, {}), { disabled: !this.canEdit, primary: true })}
          ${button("Import from .env…", "import", () => openImportForm(this), { disabled: !this.canEdit })}
          ${button("Refresh", "refresh", () => void this.run("Refresh", async () => (await this.reload(), "Refreshed")), { fallback: true })}
        </div>
      </header>
      <ks-manager-banners .caps=${caps} .health=${health} .storeError=${storeError} @ks-select-project=${this.selectProject}></ks-manager-banners>
      <p id="op-error" class="banner error" role="alert" ?hidden=${this.opError === null}>${this.opError ?? ""}</p>
      ${this.loading ? html`<p class="muted">Loading credentials…</p>` : nothing}
      <div @ks-op=${this.onOp}>
        ${this.section("missing", html`<ks-missing-list .requirements=${this.data.requirements} .canEdit=${this.canEdit} .inEditor=${caps?.openLocation === true}></ks-missing-list>`)}
        ${this.section(
          "local",
          html`<ks-entry-list .entries=${this.data.entries} .storeError=${storeError} .requirements=${requirements} .revealed=${this.revealed} .disabled=${!this.canEdit} .pushOff=${this.pushOff} .now=${this.now}></ks-entry-list>`,
        )}
        ${this.section("cloud", html`<ks-cloud-list .cloud=${this.data.cloud} .refreshOff=${caps !== null && !caps.push.enabled} .now=${this.now}></ks-cloud-list>`)}
        ${this.section("compare", html`<ks-compare-table .entries=${this.data.entries ?? []} .cloud=${this.data.cloud} .pushOff=${this.pushOff} .canEdit=${this.canEdit}></ks-compare-table>`)}
      </div>
      <div id="toast" class="toast" aria-hidden="true" ?hidden=${this.toastText === null}>${this.toastText ?? ""}</div>
    `;
  }

  private section(id: SectionId, body: unknown) {
    const title = SECTIONS.find(([s]) => s === id)![1];
    const collapsed = this.viewState.collapsed.includes(id);
    const bodyId = `section-${id}`;
    const toggle = () => {
      this.viewState = { collapsed: collapsed ? this.viewState.collapsed.filter((c) => c !== id) : [...this.viewState.collapsed, id] };
      this.transport.saveState(this.viewState);
    };
    return html`<section aria-labelledby=${`${bodyId}-title`} data-section=${id}>
      <h2 id=${`${bodyId}-title`}><button class="section-toggle" aria-expanded=${String(!collapsed)} aria-controls=${bodyId} data-focus=${`section:${id}`} @click=${toggle}>${title}</button></h2>
      <div id=${bodyId} ?hidden=${collapsed}>${body}</div>
    </section>`;
  }
}

customElements.define("ks-credential-manager", CredentialManager);
