// What the manager's parts share: the data it shows, the operations its lists ask for (one event
// type, handled by the manager), and what the forms need from the manager to do their work.
import type { CloudSnapshotParams, HealthResponse, ManagerCapabilities, Location, RequirementsView, Scope, StoreEntry } from "../server/core/schema";
import { errorMessage } from "../server/core/error-message";
import type { FieldError } from "./dialog";
import type { MissingGroup, UiRequirement } from "./model";
import type { Transport } from "./transport";

export interface ManagerData {
  caps: ManagerCapabilities | null;
  health: HealthResponse | null;
  /** Why the store could not be read (dev server down, keychain locked…), with the fix. */
  storeError: string | null;
  entries: StoreEntry[] | null;
  requirements: RequirementsView | null;
  cloud: CloudSnapshotParams | null;
}

export type EntryOp = "reveal" | "hide" | "edit" | "rotate" | "default" | "rename" | "push" | "copy" | "usages" | "delete";

/** What a list asks the manager to do (the `ks-op` event's detail). */
export type ManagerOp =
  | { op: "set"; group: MissingGroup }
  | { op: "connect"; key: string }
  | { op: "copy-connect"; key: string }
  | { op: "open"; location: Location & { root: string } }
  | { op: EntryOp; entry: StoreEntry }
  | { op: "refresh-cloud" }
  | { op: "push-selected"; ids: string[] };

export const OP_EVENT = "ks-op";

/** The manager as the forms see it. */
export interface ManagerContext {
  readonly transport: Transport;
  readonly data: ManagerData;
  readonly requirementsList: UiRequirement[];
  /** The project keystroke.config.ts names (the dev server's --root), else the cloud listing's. */
  readonly currentProject: string | undefined;
  /** Project scope is what the platform tries first, but it needs a known project. */
  readonly defaultScope: Scope;
  /** A project-scope form without a project is only valid when a current project is known. */
  projectError(scope: Scope, project: string): FieldError[];
  announce(text: string): void;
  /** Runs an operation outside a form; failures are announced and shown, never thrown. */
  run(label: string, op: () => Promise<string | void>): Promise<void>;
  /** Re-reads the store (and re-renders). */
  reloadStore(): Promise<void>;
  /** Reads the cloud listing afresh, for the question before a push (a failed listing is an answer too). */
  freshCloud(): Promise<CloudSnapshotParams>;
  /** Shows the listing the push left behind. */
  afterPush(): Promise<void>;
  /** Masks an entry's revealed values again (it was deleted). */
  forget(id: string): void;
}

/** Runs a form's operation: success closes the dialog, failure stays in it as a form error. */
export async function submitForm(manager: Pick<ManagerContext, "announce">, label: string, op: () => Promise<string>): Promise<FieldError[]> {
  try {
    manager.announce(await op());
    return [];
  } catch (e) {
    return [{ field: null, message: `${label} failed: ${errorMessage(e)}` }];
  }
}
