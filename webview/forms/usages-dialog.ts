// "Usages": the actions that require an entry's key, and under each the agents, workflows and
// triggers that run it, so revoking the key says what stops working. In VS Code each opens its
// source; the browser lists them as text.
import { html, nothing } from "lit";
import type { ActionCaller, StoreEntry } from "../../server/core/schema";
import { closeDialog, openDialog } from "../dialog";
import type { ManagerContext } from "../manager-context";
import { entryLabel, type UiRequirement } from "../model";

export function openUsagesDialog(manager: ManagerContext, e: StoreEntry, used: readonly UiRequirement[]): void {
  const canOpen = manager.data.caps?.openLocation === true;
  const link = (root: string, label: string, file: string, range: UiRequirement["range"]) =>
    canOpen
      ? html`<button type="button" class="link" @click=${() => void manager.run("Open", async () => (closeDialog(), void (await manager.transport.call("openLocation", { root, file, range }))))}>${label}</button>`
      : label;
  const callers = (r: UiRequirement, list: readonly ActionCaller[]) =>
    list.length === 0
      ? nothing
      : html`<ul class="plain callers" aria-label=${`What runs ${r.action.name}`}>
          ${list.map((c) => html`<li>${link(r.root, `${c.name} (${c.role}) — ${c.file}:${c.range.start.line + 1}`, c.file, c.range)}</li>`)}
        </ul>`;
  openDialog({
    title: `Code that uses ${entryLabel(e)}`,
    body: () => html`<ul class="plain">
      ${used.map((r) => html`<li>${link(r.root, `${r.action.name} — ${r.file}:${r.range.start.line + 1}`, r.file, r.range)}${callers(r, r.action.callers)}</li>`)}
    </ul>`,
    submitLabel: "Close",
    noCancel: true,
    onSubmit: async () => [],
  });
}
