// The credential manager UI: renders the store, the code's requirements and the cloud listing from
// the transport, and runs every per-entry operation through it. Re-renders whole sections on each
// change (the data is small) and restores focus by `data-focus` key so keyboard users keep their place.
import type {
  CloudSnapshotParams,
  FieldSpec,
  HealthResponse,
  HostEvent,
  ManagerCapabilities,
  RequirementsView,
  Scope,
  StoreEntry,
  TargetResolution,
  WebviewState,
} from "../server/core/schema";
import { isSecretField } from "../server/core/secret-fields";
import { describeCloudEntry, describeTarget, pushPreview, pushQuestion } from "../server/core/push-preview";
import { FieldName, ImportDotenvBody, PatchCredentialBody, PutCredentialBody, SCOPES } from "../server/core/schema";
import { closeDialog, field, openDialog, type FieldError } from "./dialog";
import { h, uid, type Child } from "./dom";
import {
  SCOPE_LABELS,
  cliSetCommand,
  compareLocalCloud,
  dotenvNames,
  entryLabel,
  groupByScope,
  dotenvPlan,
  importSummary,
  missingGroups,
  relativeTime,
  resolutionLabel,
  uncheckedReasons,
  usages,
  type MissingGroup,
  type UiRequirement,
} from "./model";
import type { Transport } from "./transport";
import { zodFieldErrors } from "./validation";
import { errorMessage } from "../server/core/error-message";

/** How long a revealed value stays visible before it is masked again. */
export const REVEAL_MS = 30_000;

interface Data {
  caps: ManagerCapabilities | null;
  health: HealthResponse | null;
  /** Why the store could not be read (dev server down, keychain locked…), with the fix. */
  storeError: string | null;
  entries: StoreEntry[] | null;
  requirements: RequirementsView | null;
  cloud: CloudSnapshotParams | null;
}

export class App {
  private data: Data = { caps: null, health: null, storeError: null, entries: null, requirements: null, cloud: null };
  private loading = true;
  private pendingFocus: { key: string; openForm?: boolean | undefined } | null = null;
  private readonly revealed = new Map<string, { fields: Record<string, string>; timer: ReturnType<typeof setTimeout> }>();
  private readonly selected = new Set<string>();
  private state: WebviewState;

  constructor(
    private readonly root: HTMLElement,
    private readonly live: HTMLElement,
    private readonly transport: Transport,
  ) {
    this.state = transport.loadState();
    transport.onEvent((e) => void this.onEvent(e));
  }

  async start(): Promise<void> {
    this.render();
    // Relative times move on while the view is open; only their text changes, not focus or forms.
    setInterval(() => {
      for (const time of this.root.querySelectorAll<HTMLTimeElement>("time[data-relative]")) time.textContent = `${time.dataset.relative}${relativeTime(time.dateTime, Date.now())}`;
    }, 30_000);
    await this.reload();
  }

  // ------------------------------------------------------------------ data

  private async reload(): Promise<void> {
    const [caps, cloud, requirements] = await Promise.all([
      this.transport.call("capabilities", {}).catch(() => null),
      this.transport.call("cloud", {}).catch((e) => ({ snapshot: null, reason: errorMessage(e) })),
      this.loadRequirements(),
    ]);
    this.data.caps = caps;
    this.data.cloud = cloud;
    this.data.requirements = requirements;
    await this.reloadStore();
    this.loading = false;
    this.render();
    const pending = this.pendingFocus;
    this.pendingFocus = null;
    if (pending) this.focusKey(pending.key, pending.openForm === true);
  }

  private async loadRequirements(): Promise<RequirementsView> {
    return this.transport.call("requirements", {}).catch((e) => ({ available: false as const, reason: errorMessage(e) }));
  }

  private async reloadStore(): Promise<void> {
    if (this.data.caps?.storeDisabled) {
      this.data = { ...this.data, health: null, entries: null, storeError: this.data.caps.storeDisabled };
      return;
    }
    try {
      const [health, list] = await Promise.all([this.transport.call("health", {}), this.transport.call("list", {})]);
      this.data.health = health;
      this.data.entries = list.entries;
      this.data.storeError = null;
      for (const id of this.revealed.keys()) if (!list.entries.some((e) => e.id === id)) this.hide(id, false);
    } catch (e) {
      this.data.storeError = errorMessage(e);
      this.data.entries = null;
    }
  }

  private async onEvent(event: HostEvent): Promise<void> {
    switch (event.kind) {
      case "store":
        await this.reloadStore();
        break;
      case "cloud":
        this.data.cloud = event.cloud;
        break;
      case "status":
      case "requirements":
        this.data.requirements = await this.loadRequirements();
        break;
      case "capabilities":
        await this.reload();
        break;
      case "focus":
        // Before the first load finishes there is nothing to show yet: do it when there is.
        if (this.loading) this.pendingFocus = event;
        else this.focusKey(event.key, event.openForm === true);
        return;
      case "connection":
        if (event.up) await this.reload();
        else {
          this.data.storeError = event.message ?? "The local dev server is not reachable.";
          this.data.entries = null;
        }
        break;
    }
    this.render();
  }

  /** Brings a key's card into view and focuses its first button (keystroke.openCredentialManager). */
  /** Scrolls to a key; `openForm` opens the Set form of a missing one (a tree's Set Locally for many fields). */
  private focusKey(key: string, openForm = false): void {
    const group = openForm ? missingGroups(this.requirementsList).find((g) => g.key === key) : undefined;
    if (group) return this.setForm({ key: group.key, scope: group.scope, fields: group.fields });
    const selector = `li[data-key="${CSS.escape(key)}"]`;
    const target = this.root.querySelector<HTMLElement>(`[data-section=missing] ${selector}`) ?? this.root.querySelector<HTMLElement>(`[data-section=local] ${selector}`);
    if (!target) return this.announce(`${key} is neither missing nor in the local store.`);
    target.scrollIntoView({ block: "center" });
    target.querySelector<HTMLElement>("button:not(:disabled)")?.focus();
  }

  private announce(text: string): void {
    // Clearing first makes screen readers repeat an identical message.
    this.live.textContent = "";
    this.live.textContent = text;
    this.toast(text);
  }

  private toastTimer: ReturnType<typeof setTimeout> | undefined;

  /** What the live region says, also shown for 4 s: every operation gets visible feedback. */
  private toast(text: string): void {
    let el = document.getElementById("toast");
    if (!el) {
      // aria-hidden: the live region already says it; a second reading would repeat it.
      el = h("div", { id: "toast", class: "toast", "aria-hidden": "true" });
      document.body.append(el);
    }
    el.textContent = text;
    el.hidden = false;
    clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (el.hidden = true), 4_000);
  }

  /** Runs an operation; failures are announced and shown, never thrown. */
  private async run(label: string, op: () => Promise<string | void>): Promise<void> {
    try {
      const done = await op();
      if (done) this.announce(done);
    } catch (e) {
      this.announce(`${label} failed: ${errorMessage(e)}`);
      this.showError(`${label} failed: ${errorMessage(e)}`);
    }
  }

  private showError(text: string): void {
    const box = this.root.querySelector<HTMLElement>("#op-error");
    if (!box) return;
    box.textContent = text;
    box.hidden = false;
  }

  private get requirementsList(): UiRequirement[] {
    return this.data.requirements?.available ? this.data.requirements.requirements : [];
  }

  /** The project keystroke.config.ts names (the dev server's --root), else the cloud listing's. */
  private get currentProject(): string | undefined {
    return this.data.health?.project ?? this.data.cloud?.snapshot?.project;
  }

  /** Project scope is what the platform tries first, but it needs a known project. */
  private get defaultScope(): Scope {
    return this.currentProject ? "project" : "organization";
  }

  /** A project-scope form without a project is only valid when a current project is known. */
  private projectError(scope: Scope, project: string): FieldError[] {
    return scope === "project" && project === "" && !this.currentProject
      ? [{ field: "project", message: "Enter the project slug: no keystroke.config.ts names a current project." }]
      : [];
  }

  private get canEdit(): boolean {
    return this.data.entries !== null && !this.data.caps?.storeDisabled && this.data.health?.secretsUnavailable == null;
  }

  // ------------------------------------------------------------------ rendering

  private render(): void {
    const focusKey = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.focus : undefined;
    this.root.replaceChildren(...this.view().filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
    this.root.setAttribute("aria-busy", String(this.loading));
    if (focusKey) this.root.querySelector<HTMLElement>(`[data-focus="${CSS.escape(focusKey)}"]`)?.focus();
  }

  private view(): Child[] {
    return [
      h(
        "header",
        { class: "toolbar" },
        h("h1", {}, "Credentials"),
        h(
          "div",
          { class: "toolbar-buttons" },
          this.button("Add credential…", "add", () => this.setForm({}), { disabled: !this.canEdit, primary: true }),
          this.button("Import from .env…", "import", () => this.importForm(), { disabled: !this.canEdit }),
          this.button("Refresh", "refresh", () => void this.run("Refresh", async () => (await this.reload(), "Refreshed")), {
            fallback: true,
          }),
        ),
      ),
      this.projectLine(),
      h("p", { id: "op-error", class: "banner error", role: "alert", hidden: true }),
      ...this.banners(),
      this.loading ? h("p", { class: "muted" }, "Loading credentials…") : null,
      this.section("missing", "Required by code but missing", this.missingView()),
      this.section("local", "Local store", this.localView()),
      this.section("cloud", "Cloud", this.cloudView()),
      this.section("compare", "Local and cloud", this.compareView()),
    ];
  }

  /** Which project the requirements and the default scopes are for (the browser: the dev server's). */
  private projectLine(): Child {
    const { caps, health } = this.data;
    const label = caps?.project?.label ?? (health?.project ? `project ${health.project}` : null);
    if (label === null) return null;
    return h(
      "p",
      { class: "muted project-line" },
      `Resolves for ${label}`,
      caps?.project?.canChange
        ? h("span", {}, " · ", this.button("Change project…", "select-project", () => void this.run("Change project", async () => (await this.transport.call("selectProject", {}), "Project changed")), { link: true }))
        : null,
    );
  }

  private banners(): Child[] {
    const out: Child[] = [];
    const { health, storeError, caps } = this.data;
    if (caps?.storeDisabled) out.push(h("p", { class: "banner warning", role: "note" }, caps.storeDisabled));
    else if (storeError) out.push(h("p", { class: "banner error", role: "alert" }, storeError));
    if (health?.secretsUnavailable) out.push(h("p", { class: "banner error", role: "alert" }, `Secrets cannot be read or written: ${health.secretsUnavailable}`));
    if (health?.secretBackend === "file")
      out.push(
        h(
          "p",
          { class: "banner warning", role: "note", "data-testid": "file-backend-warning" },
          `Secret values are stored UNENCRYPTED in a plain file (file backend). Anyone who can read your files or backups can read them. Use the OS keychain (${
            // Outside VS Code the page cannot assume the editor: the server's flag is what changes it.
            document.body.dataset.mode === "vscode" ? "setting keystroke.secretBackend: keychain" : "in VS Code the setting keystroke.secretBackend: keychain; otherwise start the server without --secret-backend file"
          }) wherever one is available.`,
        ),
      );
    return out;
  }

  private section(id: string, title: string, body: Child[]): HTMLElement {
    const collapsed = this.state.collapsed.includes(id);
    const bodyId = `section-${id}`;
    const toggle = h(
      "button",
      {
        class: "section-toggle",
        "aria-expanded": String(!collapsed),
        "aria-controls": bodyId,
        "data-focus": `section:${id}`,
        onclick: () => {
          this.state = { collapsed: collapsed ? this.state.collapsed.filter((c) => c !== id) : [...this.state.collapsed, id] };
          this.transport.saveState(this.state);
          this.render();
        },
      },
      title,
    );
    return h(
      "section",
      { "aria-labelledby": `${bodyId}-title`, "data-section": id },
      h("h2", { id: `${bodyId}-title` }, toggle),
      h("div", { id: bodyId, hidden: collapsed }, ...body),
    );
  }

  private button(
    label: string,
    focus: string,
    onClick: () => void,
    opts: { aria?: string; disabled?: boolean; primary?: boolean; danger?: boolean; fallback?: boolean; link?: boolean } = {},
  ): HTMLButtonElement {
    return h(
      "button",
      {
        type: "button",
        class: opts.link ? "link" : opts.primary ? "primary" : opts.danger ? "danger secondary" : "secondary",
        "aria-label": opts.aria,
        "data-focus": focus,
        "data-focus-fallback": opts.fallback,
        disabled: opts.disabled,
        onclick: () => onClick(),
      },
      label,
    );
  }

  private chip(target: string, r: TargetResolution): HTMLElement {
    return h("span", { class: "chip", "data-status": r.status, title: resolutionLabel(r) }, `${target}: ${resolutionLabel(r, true)}`);
  }

  private missingView(): Child[] {
    const reqs = this.data.requirements;
    if (!reqs) return [h("p", { class: "muted" }, "Loading requirements…")];
    if (!reqs.available) return [h("p", { class: "muted" }, reqs.reason)];
    const groups = missingGroups(reqs.requirements);
    // Why a target is not checked is the same for every requirement: say it once, above the list.
    const notices = uncheckedReasons(reqs.requirements).map((text) => h("p", { class: "notice" }, text));
    if (groups.length > 0)
      return [...notices, h("ul", { class: "cards", "aria-label": "Missing credentials" }, ...groups.map((g) => this.missingCard(g)))];
    if (reqs.requirements.length === 0) return [h("p", { class: "muted" }, "No action in this workspace declares a credential.")];
    if (notices.length > 0) return [...notices, h("p", { class: "muted" }, "Nothing is known to be missing, but not every store could be checked.")];
    return [h("p", { class: "muted" }, "Every credential the code needs resolves.")];
  }

  private missingCard(g: MissingGroup): HTMLElement {
    const actions = g.actions.map((a) =>
      this.data.caps?.openLocation
        ? h("button", { type: "button", class: "link", "data-focus": `open:${g.key}:${a.file}:${a.range.start.line}`, "aria-label": `Open ${a.name} in ${a.file}`, onclick: () => void this.run("Open", async () => void (await this.transport.call("openLocation", { root: a.root, file: a.file, range: a.range }))) }, a.name)
        : h("span", { title: `${a.file}:${a.range.start.line + 1}` }, a.name),
    );
    return h(
      "li",
      { class: "card", "data-key": g.key },
      h("div", { class: "row" }, h("strong", { class: "key" }, g.key), g.catalog ? h("span", { class: "badge" }, "catalog (guessed key)") : null),
      h("div", { class: "row" }, this.chip("Local", g.local), this.chip("Cloud", g.cloud)),
      h("div", { class: "muted" }, "Needed by ", ...actions.flatMap((a, i) => (i === 0 ? [a] : [", ", a]))),
      g.fields.length > 0 ? h("div", { class: "muted" }, `Fields: ${g.fields.map((f) => f.name + (f.required ? "" : " (optional)")).join(", ")}`) : null,
      h(
        "div",
        { class: "actions" },
        // OAuth and catalog apps are connected in the web flow, not typed into a form.
        g.kind !== "api_key" || g.catalog
          ? this.data.caps?.openLocation
            ? this.button(`Connect ${g.key}…`, `connect:${g.key}`, () => void this.run("Connect", async () => {
                await this.transport.call("connect", { key: g.key });
                return `Connecting ${g.key}: finish in the browser, then refresh the cloud`;
              }), { aria: `Connect ${g.key} (keystroke connect)`, disabled: !this.canEdit, primary: true })
            : this.button(`Copy the connect command`, `connect:${g.key}`, () => void this.run("Copy", async () => {
                await this.transport.call("copy", { text: `keystroke connect ${g.key}` });
                return `Copied: keystroke connect ${g.key} (run it in the project, then refresh the cloud)`;
              }), { aria: `Copy keystroke connect ${g.key}` })
          : this.button(`Set ${g.key}…`, `set:${g.key}`, () => this.setForm({ key: g.key, scope: g.scope, fields: g.fields }), {
              aria: `Set ${g.key} in the local store`,
              disabled: !this.canEdit,
              primary: true,
            }),
      ),
    );
  }

  private localView(): Child[] {
    const { entries, storeError } = this.data;
    if (entries === null) return [h("p", { class: "muted" }, storeError ? "The local store is not available (see above)." : "Loading the local store…")];
    if (entries.length === 0)
      return [
        h("p", { class: "muted" }, "No credentials stored yet. Add one, set one the code needs (above), or import a .env file."),
      ];
    return groupByScope(entries).map((group) =>
      h(
        "div",
        { class: "scope-group" },
        h("h3", {}, group.label),
        h("ul", { class: "cards", "aria-label": `${group.label} credentials` }, ...group.entries.map((e) => this.entryCard(e))),
      ),
    );
  }

  private entryCard(e: StoreEntry): HTMLElement {
    const label = entryLabel(e);
    const used = usages(e, this.requirementsList);
    const shown = this.revealed.get(e.id);
    const usedText = this.data.requirements?.available ? (used.length === 0 ? "unused" : `used by ${used.length} action${used.length === 1 ? "" : "s"}`) : null;
    const disabled = !this.canEdit;
    const pushOff = this.data.caps && !this.data.caps.push.enabled ? this.data.caps.push.reason : null;
    return h(
      "li",
      { class: "card", "data-entry-id": e.id, "data-key": e.key },
      h(
        "div",
        { class: "row" },
        h("strong", { class: "key" }, e.key),
        e.name && e.name !== e.key ? h("span", { class: "name" }, e.name) : null,
        e.default ? h("span", { class: "badge", "aria-label": "default credential" }, "default") : null,
        e.secretMissing ? h("span", { class: "badge error" }, "values missing from the keychain") : null,
      ),
      h(
        "dl",
        { class: "fields", "aria-label": `Fields of ${label}` },
        ...e.fields.flatMap((f) => [
          h("dt", {}, f),
          h("dd", {}, shown && shown.fields[f] !== undefined ? h("code", { class: "revealed", "data-field": f }, shown.fields[f]!) : h("span", { class: "masked", "aria-label": "hidden value" }, "••••••••")),
        ]),
      ),
      h(
        "div",
        { class: "muted" },
        usedText ? `${usedText} · ` : "",
        h("time", { datetime: e.updatedAt, title: e.updatedAt, "data-relative": "updated " }, `updated ${relativeTime(e.updatedAt, Date.now())}`),
      ),
      h(
        "div",
        { class: "actions" },
        shown
          ? this.button("Hide", `hide:${e.id}`, () => this.hide(e.id, true), { aria: `Hide the values of ${label}` })
          : this.button("Reveal", `reveal:${e.id}`, () => void this.reveal(e), { aria: `Reveal the values of ${label}`, disabled }),
        this.button("Edit…", `edit:${e.id}`, () => this.editForm(e), { aria: `Edit ${label}`, disabled }),
        this.button("Rotate…", `rotate:${e.id}`, () => this.rotateForm(e), { aria: `Rotate a field of ${label}`, disabled }),
        this.button(e.default ? "Unset default" : "Set default", `default:${e.id}`, () => void this.toggleDefault(e), {
          aria: `${e.default ? "Unset" : "Set"} ${label} as the default`,
          disabled,
        }),
        this.button("Rename…", `rename:${e.id}`, () => this.renameForm(e), { aria: `Rename ${label}`, disabled }),
        this.button("Push…", `push:${e.id}`, () => this.pushForm(e), {
          aria: pushOff ? `Push ${label} to the cloud (unavailable: ${pushOff})` : `Push ${label} to the cloud`,
          disabled: disabled || pushOff !== null,
        }),
        this.button("Copy CLI", `copy:${e.id}`, () => void this.copyCli(e), { aria: `Copy a keystroke CLI command for ${label} (uses @env references, no values)` }),
        this.button("Usages", `usages:${e.id}`, () => this.usagesDialog(e, used), { aria: `Show the code that uses ${label}`, disabled: used.length === 0 }),
        this.button("Delete…", `delete:${e.id}`, () => this.deleteForm(e), { aria: `Delete ${label}`, disabled, danger: true }),
      ),
    );
  }

  private cloudView(): Child[] {
    const cloud = this.data.cloud;
    const refresh = this.button("Refresh cloud", "refresh-cloud", () => void this.run("Refreshing the cloud", async () => {
      this.data.cloud = await this.transport.call("refreshCloud", {});
      this.render();
      return this.data.cloud.snapshot ? "Cloud credentials refreshed" : `Cloud not checked: ${this.data.cloud.reason}`;
    }), { disabled: this.data.caps !== null && !this.data.caps.push.enabled });
    if (!cloud) return [h("p", { class: "muted" }, "Loading cloud credentials…")];
    if (!cloud.snapshot) return [h("p", { class: "notice", "data-testid": "cloud-unchecked" }, `Not checked: ${cloud.reason}`), h("div", { class: "actions" }, refresh)];
    const names = [...cloud.snapshot.credentials].sort((a, b) => a.key.localeCompare(b.key) || a.scope.localeCompare(b.scope));
    return [
      h(
        "p",
        { class: "muted" },
        `Names only${cloud.snapshot.organization ? ` · organization ${cloud.snapshot.organization}` : ""}${cloud.snapshot.project ? ` · project ${cloud.snapshot.project}` : ""}${cloud.snapshot.fetchedAt ? " · " : ""}`,
        cloud.snapshot.fetchedAt
          ? h("time", { datetime: cloud.snapshot.fetchedAt, title: cloud.snapshot.fetchedAt, "data-relative": "listed " }, `listed ${relativeTime(cloud.snapshot.fetchedAt, Date.now())}`)
          : null,
      ),
      names.length === 0
        ? h("p", { class: "muted" }, "The cloud holds no credentials for this project.")
        : h("ul", { class: "plain", "aria-label": "Cloud credentials" }, ...names.map((c) => h("li", {}, h("strong", {}, c.key), ` ${c.scope}${c.project ? ` ${c.project}` : ""}${c.default ? " · default" : ""}${c.name ? ` · ${c.name}` : ""}`))),
      h("div", { class: "actions" }, refresh),
    ];
  }

  private compareView(): Child[] {
    const entries = this.data.entries ?? [];
    const rows = compareLocalCloud(entries, this.data.cloud);
    if (rows.length === 0) return [h("p", { class: "muted" }, "Nothing to compare yet.")];
    const pushOff = this.data.caps && !this.data.caps.push.enabled ? this.data.caps.push.reason : null;
    for (const id of this.selected) if (!rows.some((r) => r.pushable.includes(id))) this.selected.delete(id);
    const table = h(
      "table",
      {},
      h("caption", { class: "visually-hidden" }, "Local credentials compared with the cloud"),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Key"), h("th", { scope: "col" }, "Local"), h("th", { scope: "col" }, "Cloud"))),
      h(
        "tbody",
        {},
        ...rows.map((r) =>
          h(
            "tr",
            {},
            h("th", { scope: "row" }, r.key),
            h(
              "td",
              {},
              r.local.length === 0
                ? "—"
                : h(
                    "ul",
                    { class: "plain" },
                    ...r.local.map((l) => {
                      const pushable = r.pushable.includes(l.id);
                      const text = l.scope + (l.project ? ` ${l.project}` : "");
                      if (!pushable) return h("li", {}, text);
                      const box = h("input", {
                        type: "checkbox",
                        "data-focus": `select:${l.id}`,
                        "aria-label": `Select ${l.label} for push`,
                        disabled: pushOff !== null,
                        checked: this.selected.has(l.id),
                        onchange: (ev: Event) => {
                          if ((ev.target as HTMLInputElement).checked) this.selected.add(l.id);
                          else this.selected.delete(l.id);
                          this.render();
                        },
                      });
                      return h("li", {}, h("label", {}, box, ` ${text} (not in cloud)`));
                    }),
                  ),
            ),
            h("td", {}, r.cloud === null ? "not checked" : r.cloud.length === 0 ? "—" : r.cloud.join(", ")),
          ),
        ),
      ),
    );
    return [
      table,
      h(
        "div",
        { class: "actions" },
        this.button(`Push selected (${this.selected.size})`, "push-selected", () => void this.pushSelected(), {
          disabled: this.selected.size === 0 || pushOff !== null || !this.canEdit,
          aria: pushOff ? `Push selected (unavailable: ${pushOff})` : undefined,
        }),
      ),
      pushOff ? h("p", { class: "muted" }, pushOff) : null,
    ];
  }

  // ------------------------------------------------------------------ operations

  private async reveal(e: StoreEntry): Promise<void> {
    await this.run("Reveal", async () => {
      const result = await this.transport.call("reveal", { id: e.id });
      this.hide(e.id, false);
      const timer = setTimeout(() => this.hide(e.id, true), REVEAL_MS);
      this.revealed.set(e.id, { fields: result.fields, timer });
      this.render();
      this.root.querySelector<HTMLElement>(`[data-focus="hide:${CSS.escape(e.id)}"]`)?.focus();
      return `Values of ${entryLabel(e)} shown for 30 seconds`;
    });
  }

  private hide(id: string, rerender: boolean): void {
    const shown = this.revealed.get(id);
    if (!shown) return;
    clearTimeout(shown.timer);
    this.revealed.delete(id);
    if (rerender) {
      const hadFocus = document.activeElement instanceof HTMLElement && document.activeElement.dataset.focus === `hide:${id}`;
      this.render();
      if (hadFocus) this.root.querySelector<HTMLElement>(`[data-focus="reveal:${CSS.escape(id)}"]`)?.focus();
      this.announce("Values hidden again");
    }
  }

  private async toggleDefault(e: StoreEntry): Promise<void> {
    await this.run("Set default", async () => {
      await this.transport.call("patch", { id: e.id, body: { default: !e.default } });
      await this.reloadStore();
      this.render();
      return e.default ? `${entryLabel(e)} is no longer the default` : `${entryLabel(e)} is now the default`;
    });
  }

  private async copyCli(e: StoreEntry): Promise<void> {
    await this.run("Copy", async () => {
      const text = cliSetCommand(e);
      await this.transport.call("copy", { text });
      return `Copied: ${text}`;
    });
  }

  /** Reads the cloud listing afresh, for the question before a push (a failed listing is an answer too). */
  private async freshCloud(): Promise<CloudSnapshotParams> {
    const listing = await this.transport.call("refreshCloud", {}).catch((err: unknown) => ({ snapshot: null, reason: errorMessage(err) }) as CloudSnapshotParams);
    this.data.cloud = listing;
    return listing;
  }

  /** "Push selected": lists what it will create and what it will update, and asks once. */
  private async pushSelected(): Promise<void> {
    const entries = (this.data.entries ?? []).filter((e) => this.selected.has(e.id));
    const listing = await this.freshCloud();
    const plans = entries.map((e) => {
      const target = e.scope === "project" && e.project ? { scope: e.scope, project: e.project } : { scope: e.scope };
      return { e, target, preview: pushPreview(e.key, target, listing, this.currentProject) };
    });
    const creates = plans.filter((p) => p.preview.kind === "create").map((p) => `${p.e.key} (${describeTarget(p.target)})`);
    const updates = plans.flatMap((p) => (p.preview.kind === "replace" ? [`${p.e.key} at ${describeTarget(p.target)}: ${describeCloudEntry(p.preview.existing, p.preview.listedAt)}`] : []));
    const unknown = listing.snapshot === null ? `The cloud listing failed (${"reason" in listing ? listing.reason : "unknown"}): whether these exist there is not known.` : null;
    openDialog({
      title: `Push ${entries.length === 1 ? entryLabel(entries[0]!) : `${entries.length} credentials`} to the cloud?`,
      description: unknown ?? "The values go to the keystroke CLI through its environment, never its command line.",
      body: [
        ...(creates.length > 0 ? [h("p", {}, `Creates: ${creates.join(", ")}.`)] : []),
        ...(updates.length > 0 ? [h("p", { class: "notice" }, `Updates what the cloud has: ${updates.join("; ")}.`)] : []),
      ],
      submitLabel: updates.length > 0 || unknown ? "Push and update" : "Push",
      onSubmit: async () =>
        this.submit("Push", async () => {
          const done: string[] = [];
          for (const { e, target } of plans) {
            await this.transport.call("push", { id: e.id, targets: [target] });
            this.selected.delete(e.id);
            done.push(entryLabel(e));
          }
          await this.afterPush();
          return `Pushed ${done.join(", ")}`;
        }),
    });
  }

  private async afterPush(): Promise<void> {
    // The push re-listed the cloud; show that listing.
    this.data.cloud = await this.transport.call("cloud", {}).catch((err) => ({ snapshot: null, reason: errorMessage(err) }));
    this.render();
  }

  // ------------------------------------------------------------------ forms

  private scopeInputs(initial: { scope?: Scope; project?: string }, locked: boolean): HTMLElement[] {
    const select = h(
      "select",
      { name: "scope", disabled: locked },
      ...SCOPES.map((s) => h("option", { value: s, selected: s === (initial.scope ?? this.defaultScope) }, SCOPE_LABELS[s])),
    );
    const project = h("input", { name: "project", type: "text", value: initial.project ?? "", readonly: locked, autocomplete: "off", spellcheck: "false" });
    const current = this.currentProject;
    const projectField = field(
      "Project slug",
      project,
      current ? `Empty: the current project (${current}).` : "Required: no keystroke.config.ts names a current project.",
    );
    const sync = () => (projectField.hidden = select.value !== "project");
    select.addEventListener("change", sync);
    sync();
    return [field("Scope", select), projectField];
  }

  /** Add a credential, or set one the code needs (`key` and `fields` from its definition). */
  private setForm(initial: { key?: string; scope?: Scope; project?: string; fields?: FieldSpec[] }): void {
    const specs = initial.fields ?? [];
    const known = specs.map((f) => f.name);
    const valueInputs: HTMLInputElement[] = [];
    const keyInput = h("input", { name: "key", type: "text", value: initial.key ?? "", autocomplete: "off", spellcheck: "false", required: true });
    const fieldRows = h("div", { class: "field-rows" });
    const addRow = (name: string, fixed: boolean, required = true) => {
      const id = uid("row");
      const nameInput = h("input", { name: `fieldName.${id}`, type: "text", value: name, autocomplete: "off", spellcheck: "false" });
      // Masked unless the definition's field is plainly not a secret (an exact allow-list).
      const secret = !fixed || isSecretField(name);
      const valueInput = h("input", { name: `fieldValue.${id}`, type: secret ? "password" : "text", autocomplete: secret ? "new-password" : "off", spellcheck: "false", "data-field-value": true });
      valueInputs.push(valueInput);
      const what = [required ? null : "optional", secret ? "secret" : null].filter((w) => w !== null).join(", ");
      fieldRows.append(
        fixed
          ? field(what ? `${name} (${what})` : name, valueInput)
          : h("div", { class: "field-pair", "data-row": id }, field("Field name", nameInput), field("Field value (secret)", valueInput)),
      );
      // The value input carries its field's name, so submit reads name/value pairs from one place.
      valueInput.dataset.fieldName = name;
      if (!fixed) nameInput.addEventListener("input", () => (valueInput.dataset.fieldName = nameInput.value));
    };
    for (const f of specs) addRow(f.name, true, f.required);
    if (known.length === 0) addRow("apiKey", false);
    const moreButton = h("button", { type: "button", class: "secondary", onclick: () => addRow("", false) }, "Add another field");
    const nameInput = h("input", { name: "name", type: "text", autocomplete: "off" });
    const defaultBox = h("input", { name: "default", type: "checkbox" });
    openDialog({
      title: initial.key ? `Set ${initial.key}` : "Add a credential",
      description:
        this.data.health?.secretBackend === "file"
          ? "Values go to the store's plain secrets file (file backend) through the local dev server; never to settings or logs."
          : "Values go to the OS keychain through the local dev server; never to settings or logs.",
      body: [
        field("Key", keyInput, "The credential key, as in defineCredential({ key })."),
        ...this.scopeInputs(initial, false),
        fieldRows,
        known.length === 0 ? moreButton : null,
        field("Display name (optional)", nameInput),
        h("div", { class: "field checkbox" }, h("label", {}, defaultBox, " Make this the default for its key and scope")),
      ],
      submitLabel: "Save",
      onSubmit: async (form) => {
        const fields: Record<string, string> = {};
        const errors: FieldError[] = [];
        for (const input of form.querySelectorAll<HTMLInputElement>("input[data-field-value]")) {
          const name = (input.dataset.fieldName ?? "").trim();
          if (name === "" && input.value === "") continue;
          const parsedName = FieldName.safeParse(name);
          if (!parsedName.success) {
            errors.push({ field: input.name.replace("fieldValue", "fieldName"), message: `Field name: ${parsedName.error.issues[0]?.message ?? "invalid"}` });
            continue;
          }
          if (input.value === "") {
            // An optional field may stay empty; a required one may not.
            if (specs.some((f) => f.name === name && f.required)) errors.push({ field: input.name, message: `Enter a value for ${name}.` });
            continue;
          }
          fields[name] = input.value;
        }
        if (errors.length > 0) return errors;
        const data = new FormData(form);
        const scope = String(data.get("scope") ?? "project") as Scope;
        const project = String(data.get("project") ?? "").trim();
        const projectErrors = this.projectError(scope, project);
        if (projectErrors.length > 0) return projectErrors;
        const body = {
          key: keyInput.value.trim(),
          scope,
          ...(scope === "project" && project ? { project } : {}),
          fields,
          // Unticked means not the default, not "leave it as it was".
          default: defaultBox.checked,
          ...(nameInput.value.trim() ? { name: nameInput.value.trim() } : {}),
        };
        const parsed = PutCredentialBody.safeParse(body);
        if (!parsed.success) return zodFieldErrors(parsed.error, { fields: firstValueInput(form) });
        return this.submit("Save", async () => {
          await this.transport.call("put", parsed.data);
          await this.reloadStore();
          this.render();
          return `Saved ${entryLabel({ key: body.key, scope, project: body.project, name: body.name ?? "" })}`;
        });
      },
    });
    // Focus lands on the first thing left to type: the key, else the first empty value.
    (keyInput.value === "" ? keyInput : valueInputs.find((i) => i.value === ""))?.focus();
  }

  private editForm(e: StoreEntry): void {
    const nameInput = h("input", { name: "name", type: "text", value: e.name, autocomplete: "off" });
    const defaultBox = h("input", { name: "default", type: "checkbox", checked: e.default });
    const valueInputs = e.fields.map((f) => h("input", { name: `fields.${f}`, type: isSecretField(f) ? "password" : "text", autocomplete: isSecretField(f) ? "new-password" : "off", "data-field-name": f }));
    openDialog({
      title: `Edit ${entryLabel(e)}`,
      description: "Leave a value empty to keep the stored one.",
      body: [
        field("Display name", nameInput),
        h("div", { class: "field checkbox" }, h("label", {}, defaultBox, " Default for its key and scope")),
        ...e.fields.map((f, i) => field(isSecretField(f) ? `${f} (secret)` : f, valueInputs[i]!)),
      ],
      submitLabel: "Save changes",
      onSubmit: async (form) => {
        const fields: Record<string, string> = {};
        for (const input of valueInputs) if (input.value !== "") fields[input.dataset.fieldName!] = input.value;
        const body = {
          ...(nameInput.value !== e.name ? { name: nameInput.value } : {}),
          ...(defaultBox.checked !== e.default ? { default: defaultBox.checked } : {}),
          ...(Object.keys(fields).length > 0 ? { fields } : {}),
        };
        const parsed = PatchCredentialBody.safeParse(body);
        if (!parsed.success) return zodFieldErrors(parsed.error, { fields: firstValueInput(form) });
        return this.submit("Save", async () => {
          // The confirmation names the entry as it is now (a rename in this form included).
          const saved = await this.transport.call("patch", { id: e.id, body: parsed.data });
          await this.reloadStore();
          this.render();
          return `Saved ${entryLabel(saved)}`;
        });
      },
    });
  }

  private rotateForm(e: StoreEntry): void {
    const select = h("select", { name: "field" }, ...e.fields.map((f) => h("option", { value: f }, f)));
    const value = h("input", { name: "value", type: "password", autocomplete: "new-password" });
    openDialog({
      title: `Rotate a field of ${entryLabel(e)}`,
      description: "The new value replaces the stored one; other fields keep theirs.",
      body: [field("Field", select), field("New value (secret)", value)],
      submitLabel: "Rotate",
      onSubmit: async () => {
        if (value.value === "") return [{ field: "value", message: "Enter the new value." }];
        const parsed = PatchCredentialBody.safeParse({ fields: { [select.value]: value.value } });
        if (!parsed.success) return zodFieldErrors(parsed.error, { fields: "value" });
        return this.submit("Rotate", async () => {
          await this.transport.call("patch", { id: e.id, body: parsed.data });
          await this.reloadStore();
          this.render();
          return `Rotated ${select.value} of ${entryLabel(e)}`;
        });
      },
    });
  }

  private renameForm(e: StoreEntry): void {
    const input = h("input", { name: "name", type: "text", value: e.name, autocomplete: "off", required: true });
    openDialog({
      title: `Rename ${entryLabel(e)}`,
      body: [field("Display name", input, "A label for you; the key the code uses does not change.")],
      submitLabel: "Rename",
      onSubmit: async () => {
        const name = input.value.trim();
        if (name === "") return [{ field: "name", message: "Enter a name." }];
        const parsed = PatchCredentialBody.safeParse({ name });
        if (!parsed.success) return zodFieldErrors(parsed.error, {});
        return this.submit("Rename", async () => {
          await this.transport.call("patch", { id: e.id, body: parsed.data });
          await this.reloadStore();
          this.render();
          return `Renamed to ${name}`;
        });
      },
    });
  }

  private deleteForm(e: StoreEntry): void {
    openDialog({
      title: `Delete ${entryLabel(e)}?`,
      description: "This removes its values from the keychain. Actions that resolve to it will report it missing.",
      body: [],
      submitLabel: "Delete",
      danger: true,
      onSubmit: async () =>
        this.submit("Delete", async () => {
          await this.transport.call("remove", { id: e.id });
          this.hide(e.id, false);
          await this.reloadStore();
          this.render();
          return `Deleted ${entryLabel(e)}`;
        }),
    });
  }

  private pushForm(e: StoreEntry): void {
    let next: (() => void) | null = null;
    openDialog({
      title: `Push ${entryLabel(e)} to the cloud`,
      description: "Runs `keystroke credentials set` with the values passed through the environment (@env), never on the command line.",
      body: this.scopeInputs({ scope: e.scope, project: e.project }, false),
      submitLabel: "Push",
      onSubmit: async (form) => {
        const data = new FormData(form);
        const scope = String(data.get("scope")) as Scope;
        const project = String(data.get("project") ?? "").trim();
        const projectErrors = this.projectError(scope, project);
        if (projectErrors.length > 0) return projectErrors;
        const target = scope === "project" ? { scope, project: project || this.currentProject } : { scope };
        const push = async () => {
          const result = await this.transport.call("push", { id: e.id, targets: [target] });
          await this.afterPush();
          return result.message;
        };
        // Nothing in the cloud is replaced unasked: read the listing, and ask when it has the key there or failed.
        const listing = await this.freshCloud();
        const question = pushQuestion(e.key, pushPreview(e.key, target, listing, this.currentProject));
        if (question === null) return this.submit("Push", push);
        next = () =>
          openDialog({
            title: listing.snapshot === null ? `Push ${e.key} without knowing what the cloud has?` : `Update ${e.key} in the cloud?`,
            description: question,
            body: [],
            submitLabel: listing.snapshot === null ? "Push anyway" : "Update",
            onSubmit: async () => this.submit("Push", push),
          });
        return [];
      },
      after: () => next?.(),
    });
  }

  private importForm(): void {
    const content = h("textarea", { name: "content", rows: 6, spellcheck: "false", autocomplete: "off", class: "secret-text" });
    const rows = h("div", { class: "mapping", "aria-live": "polite" });
    const readNames = () => {
      const names = dotenvNames(content.value);
      const plan = dotenvPlan(names, this.requirementsList, this.data.entries ?? [], this.currentProject);
      rows.replaceChildren(
        names.length === 0
          ? h("p", { class: "muted" }, "Paste the contents of a .env file above, then read its variables.")
          : h(
              "table",
              {},
              h("caption", { class: "visually-hidden" }, "Map each variable to a credential field"),
              h("thead", {}, h("tr", {}, ...["Import", "Variable", "Key", "Field", "Scope"].map((t) => h("th", { scope: "col" }, t)))),
              h(
                "tbody",
                {},
                ...plan.map((row) => {
                  const { env } = row;
                  return h(
                    "tr",
                    { "data-env": env },
                    h("td", {}, h("input", { type: "checkbox", name: `include.${env}`, checked: row.checked, disabled: row.skip !== null, "aria-label": `Import ${env}` })),
                    h("th", { scope: "row" }, h("code", {}, env), row.skip ? h("p", { class: "hint muted" }, row.skip) : null),
                    h("td", {}, h("input", { type: "text", name: `key.${env}`, value: row.key, "aria-label": `Credential key for ${env}`, spellcheck: "false" })),
                    h("td", {}, h("input", { type: "text", name: `field.${env}`, value: row.field, "aria-label": `Field for ${env}`, spellcheck: "false" })),
                    h(
                      "td",
                      {},
                      h("select", { name: `scope.${env}`, "aria-label": `Scope for ${env}` }, ...SCOPES.map((s) => h("option", { value: s, selected: s === row.scope }, SCOPE_LABELS[s]))),
                    ),
                  );
                }),
              ),
            ),
      );
    };
    content.addEventListener("input", readNames);
    readNames();
    openDialog({
      title: "Import from a .env file",
      description: "Paste the file's contents. Variables that name a credential of the code and one of its fields are checked; only checked ones are imported. The text is sent to the local dev server and not kept.",
      body: [field(".env contents", content), rows],
      submitLabel: "Import",
      onSubmit: async (form) => {
        const data = new FormData(form);
        const mapping = dotenvNames(content.value)
          .filter((env) => data.get(`include.${env}`) !== null)
          .map((env) => ({
            env,
            key: String(data.get(`key.${env}`) ?? "").trim(),
            field: String(data.get(`field.${env}`) ?? "").trim(),
            scope: String(data.get(`scope.${env}`) ?? "project") as Scope,
          }));
        if (mapping.length === 0) return [{ field: "content", message: "Nothing to import: paste a .env text with at least one VARIABLE=value line and keep one variable checked." }];
        const parsed = ImportDotenvBody.safeParse({ content: content.value, mapping });
        if (!parsed.success)
          return zodFieldErrors(parsed.error, {}, (path) => {
            const [head, index, leaf] = path;
            if (head === "mapping" && typeof index === "number" && (leaf === "key" || leaf === "field")) return `${leaf}.${mapping[index]!.env}`;
            return head === "content" ? "content" : null;
          });
        return this.submit("Import", async () => {
          const result = await this.transport.call("importDotenv", parsed.data);
          content.value = "";
          await this.reloadStore();
          this.render();
          return `Imported ${importSummary(parsed.data.mapping.length, result.entries.length)}`;
        });
      },
    });
  }

  private usagesDialog(e: StoreEntry, used: UiRequirement[]): void {
    const open = this.data.caps?.openLocation === true;
    openDialog({
      title: `Code that uses ${entryLabel(e)}`,
      body: [
        h(
          "ul",
          { class: "plain" },
          ...used.map((r) =>
            h(
              "li",
              {},
              open
                ? h("button", { type: "button", class: "link", onclick: () => void this.run("Open", async () => (closeDialog(), void (await this.transport.call("openLocation", { root: r.root, file: r.file, range: r.range })))) }, `${r.action.name} — ${r.file}:${r.range.start.line + 1}`)
                : `${r.action.name} — ${r.file}:${r.range.start.line + 1}`,
            ),
          ),
        ),
      ],
      submitLabel: "Close",
      noCancel: true,
      onSubmit: async () => [],
    });
  }

  /** Runs a form's operation: success closes the dialog, failure stays in it as a form error. */
  private async submit(label: string, op: () => Promise<string>): Promise<FieldError[]> {
    try {
      this.announce(await op());
      return [];
    } catch (e) {
      return [{ field: null, message: `${label} failed: ${errorMessage(e)}` }];
    }
  }
}

function firstValueInput(form: HTMLFormElement): string {
  return form.querySelector<HTMLInputElement>("input[data-field-value]")?.name ?? "";
}
