// GET /api/v1/requirements: the code's credential requirements with their status per target, so
// the browser credential manager shows "Required by code but missing" as the VS Code view does
// (there, the language server answers). The code may have changed since the last request, so each
// one brings the index up to date with the disk (re-reading only changed files); the local target
// is this server's own store, the cloud target the listing the server already holds (none yet:
// not checked, and why).
import { requirementStatuses, type TargetInput } from "../core/analysis";
import type { RequirementsView } from "../core/schema";
import { storeToSnapshot } from "../store";
import { DiskIndex, WorkspaceError } from "../workspace";
import type { ApiContext, Handler } from "./api";
import { heldCloudListing } from "./cloud-routes";
import { sendJson } from "./http-util";

const NO_ROOT_REASON =
  "This dev server was started without --root, so it does not know the code: start it with --root <project folder>, or use VS Code's Keystroke view.";
const CLOUD_NOT_LISTED = "the cloud has not been listed yet; Refresh in the Cloud section";

/** One index per server, kept between requests. */
const indexes = new WeakMap<ApiContext, DiskIndex>();

function diskIndexFor(ctx: ApiContext, root: string): DiskIndex {
  let index = indexes.get(ctx);
  if (!index) {
    index = new DiskIndex(root, { context: ctx.project });
    indexes.set(ctx, index);
  }
  return index;
}

export const requirements: Handler = async (_req, res, ctx) => {
  sendJson(res, 200, requirementsView(ctx));
};

function requirementsView(ctx: ApiContext): RequirementsView {
  const root = ctx.root;
  if (root === undefined) return { available: false, reason: NO_ROOT_REASON };
  let model;
  try {
    model = diskIndexFor(ctx, root).refresh().index.model();
  } catch (error) {
    if (error instanceof WorkspaceError) return { available: false, reason: error.message };
    throw error;
  }
  const cloud = heldCloudListing(ctx);
  const targets: { local: TargetInput; cloud: TargetInput } = {
    local: { snapshot: storeToSnapshot(ctx.store.snapshotFile(), ctx.project) },
    cloud: cloud ? { snapshot: cloud } : { unchecked: CLOUD_NOT_LISTED },
  };
  return { available: true, requirements: requirementStatuses(model, targets).map((status) => ({ ...status, root })) };
}
