// What the manager does when a list asks (`ks-op`): open the form for it, or run it and say how
// it went. Kept apart from the manager element, which owns the data and the layout.
import type { StoreEntry } from "../server/core/schema";
import { openDeleteForm, openEditForm, openRenameForm, openRotateForm } from "./forms/entry-forms";
import { openPushForm, openPushSelected } from "./forms/push-forms";
import { openSetForm } from "./forms/set-form";
import { openUsagesDialog } from "./forms/usages-dialog";
import type { EntryOp, ManagerContext, ManagerOp } from "./manager-context";
import { cliSetCommand, entryLabel, usages } from "./model";

/** The manager, with the two operations only it can do (they change what the cards show). */
export interface OpTarget extends ManagerContext {
  reveal(entry: StoreEntry): Promise<void>;
}

export function runOp(manager: OpTarget, detail: ManagerOp): void {
  const { transport } = manager;
  switch (detail.op) {
    case "set":
      return openSetForm(manager, { key: detail.group.key, scope: detail.group.scope, fields: detail.group.fields });
    case "connect":
      return void manager.run("Connect", async () => {
        await transport.call("connect", { key: detail.key });
        return `Connecting ${detail.key}: finish in the browser, then refresh the cloud`;
      });
    case "copy-connect":
      return void manager.run("Copy", async () => {
        await transport.call("copy", { text: `keystroke connect ${detail.key}` });
        return `Copied: keystroke connect ${detail.key} (run it in the project, then refresh the cloud)`;
      });
    case "open":
      return void manager.run("Open", async () => void (await transport.call("openLocation", detail.location)));
    case "refresh-cloud":
      return void manager.run("Refreshing the cloud", async () => {
        const cloud = await manager.freshCloud();
        return cloud.snapshot ? "Cloud credentials refreshed" : `Cloud not checked: ${cloud.reason}`;
      });
    case "push-selected":
      return void openPushSelected(manager, detail.ids);
    default:
      return entryOp(manager, detail.op, detail.entry);
  }
}

function entryOp(manager: OpTarget, op: EntryOp, e: StoreEntry): void {
  switch (op) {
    case "reveal":
      return void manager.reveal(e);
    case "hide":
      manager.forget(e.id);
      return manager.announce("Values hidden again");
    case "edit":
      return openEditForm(manager, e);
    case "rotate":
      return openRotateForm(manager, e);
    case "rename":
      return openRenameForm(manager, e);
    case "delete":
      return openDeleteForm(manager, e);
    case "push":
      return openPushForm(manager, e);
    case "usages":
      return openUsagesDialog(manager, e, usages(e, manager.requirementsList));
    case "default":
      return void manager.run("Set default", async () => {
        await manager.transport.call("patch", { id: e.id, body: { default: !e.default } });
        await manager.reloadStore();
        return e.default ? `${entryLabel(e)} is no longer the default` : `${entryLabel(e)} is now the default`;
      });
    case "copy":
      return void manager.run("Copy", async () => {
        const text = cliSetCommand(e);
        await manager.transport.call("copy", { text });
        return `Copied: ${text}`;
      });
  }
}
