// Pushing to the cloud from the manager: one entry at a scope picked in a form, or the entries
// ticked in the comparison. Nothing in the cloud is replaced unasked: both read the listing
// first, and ask when the cloud has the key there or the listing failed.
import { html } from "lit";
import type { StoreEntry } from "../../server/core/schema";
import { describeCloudEntry, describeTarget, pushPreview, pushQuestion } from "../../server/core/push-preview";
import { openDialog } from "../dialog";
import { submitForm, type ManagerContext } from "../manager-context";
import { entryLabel } from "../model";
import { scopeFields, type ScopeChoice } from "./scope-fields";

export function openPushForm(manager: ManagerContext, e: StoreEntry): void {
  let next: (() => void) | null = null;
  const choice: ScopeChoice = { scope: e.scope, project: e.project ?? "" };
  const handle = openDialog({
    title: `Push ${entryLabel(e)} to the cloud`,
    description: "Runs `keystroke credentials set` with the values passed through the environment (@env), never on the command line.",
    body: () => scopeFields(choice, manager.currentProject, () => handle.redraw()),
    submitLabel: "Push",
    onSubmit: async () => {
      const { scope } = choice;
      const project = choice.project.trim();
      const projectErrors = manager.projectError(scope, project);
      if (projectErrors.length > 0) return projectErrors;
      const target = scope === "project" ? { scope, project: project || manager.currentProject } : { scope };
      const push = async () => {
        const result = await manager.transport.call("push", { id: e.id, targets: [target] });
        await manager.afterPush();
        return result.message;
      };
      const listing = await manager.freshCloud();
      const question = pushQuestion(e.key, pushPreview(e.key, target, listing, manager.currentProject));
      if (question === null) return submitForm(manager, "Push", push);
      next = () =>
        openDialog({
          title: listing.snapshot === null ? `Push ${e.key} without knowing what the cloud has?` : `Update ${e.key} in the cloud?`,
          description: question,
          body: () => html``,
          submitLabel: listing.snapshot === null ? "Push anyway" : "Update",
          onSubmit: async () => submitForm(manager, "Push", push),
        });
      return [];
    },
    after: () => next?.(),
  });
}

/** "Push selected": lists what it will create and what it will update, and asks once. */
export async function openPushSelected(manager: ManagerContext, ids: readonly string[]): Promise<void> {
  const entries = (manager.data.entries ?? []).filter((e) => ids.includes(e.id));
  const listing = await manager.freshCloud();
  const plans = entries.map((e) => {
    const target = e.scope === "project" && e.project ? { scope: e.scope, project: e.project } : { scope: e.scope };
    return { e, target, preview: pushPreview(e.key, target, listing, manager.currentProject) };
  });
  const creates = plans.filter((p) => p.preview.kind === "create").map((p) => `${p.e.key} (${describeTarget(p.target)})`);
  const updates = plans.flatMap((p) => (p.preview.kind === "replace" ? [`${p.e.key} at ${describeTarget(p.target)}: ${describeCloudEntry(p.preview.existing, p.preview.listedAt)}`] : []));
  const unknown = listing.snapshot === null ? `The cloud listing failed (${"reason" in listing ? listing.reason : "unknown"}): whether these exist there is not known.` : null;
  openDialog({
    title: `Push ${entries.length === 1 ? entryLabel(entries[0]!) : `${entries.length} credentials`} to the cloud?`,
    description: unknown ?? "The values go to the keystroke CLI through its environment, never its command line.",
    body: () => html`${creates.length > 0 ? html`<p>Creates: ${creates.join(", ")}.</p>` : ""}${updates.length > 0 ? html`<p class="notice">Updates what the cloud has: ${updates.join("; ")}.</p>` : ""}`,
    submitLabel: updates.length > 0 || unknown ? "Push and update" : "Push",
    onSubmit: async () =>
      submitForm(manager, "Push", async () => {
        const done: string[] = [];
        for (const { e, target } of plans) {
          await manager.transport.call("push", { id: e.id, targets: [target] });
          done.push(entryLabel(e));
        }
        await manager.afterPush();
        return `Pushed ${done.join(", ")}`;
      }),
  });
}
