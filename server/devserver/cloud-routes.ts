// /api/v1/cloud routes, so the browser credential manager can list and push like the VS Code view
// does (one UI, two transports). They call the cloud adapter (server/cloud), which runs the
// `keystroke` CLI in the --root project; pushed values are read from the store here and travel
// only in the CLI child's environment.
import { cloudSnapshotParams, KeystrokeCloud } from "../cloud";
import { describeTarget } from "../core/push-preview";
import { PushRequest, describeZodError, type PushResult, type Snapshot } from "../core/schema";
import type { ApiContext, Handler } from "./api";
import { ApiError, readJsonBody, sendJson } from "./http-util";

const adapters = new WeakMap<ApiContext, KeystrokeCloud>();

/** One adapter per server, so its cached listing is shared by every browser tab. */
function cloudFor(ctx: ApiContext): KeystrokeCloud {
  let cloud = adapters.get(ctx);
  if (!cloud) {
    // Its page may be open in a browser outside VS Code: errors name the variable, not the editor's setting.
    cloud = new KeystrokeCloud({ root: ctx.root ?? process.cwd(), config: ctx.project, cliPathOrigin: "KEYSTROKE_CLI" });
    adapters.set(ctx, cloud);
  }
  return cloud;
}

/** The cloud listing this server already holds, for GET /requirements (which never runs the CLI itself). */
export function heldCloudListing(ctx: ApiContext): Snapshot | null {
  return adapters.get(ctx)?.cachedListing() ?? null;
}

/** GET /cloud: the last listing (runs the CLI once when nothing is cached yet). */
export const cloudList: Handler = async (_req, res, ctx) => {
  sendJson(res, 200, cloudSnapshotParams(await cloudFor(ctx).listCloud()));
};

/** POST /cloud/refresh: lists again. A failed listing is an answer ("not checked: why"), not an HTTP error. */
export const cloudRefresh: Handler = async (_req, res, ctx) => {
  sendJson(res, 200, cloudSnapshotParams(await cloudFor(ctx).listCloud({ refresh: true })));
};

function cloudError(error: { kind: string; message: string }): ApiError {
  return new ApiError(error.kind === "invalid-request" ? 400 : 503, `cloud_${error.kind.replace(/-/g, "_")}`, error.message);
}

/** POST /cloud/push { id, targets }: pushes a local entry's values to the cloud. */
export const cloudPush: Handler = async (req, res, ctx) => {
  const parsed = PushRequest.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new ApiError(400, "invalid_request", describeZodError(parsed.error));
  const entry = ctx.store.find(parsed.data.id);
  if (!entry) throw new ApiError(404, "not_found", "no credential with this id; refresh the list");
  const cloud = cloudFor(ctx);
  // Everything that can refuse the request is checked before the values are read: reading
  // records a use (lastUsedAt), and a refused request changes nothing.
  const targets = cloud.resolveTargets(parsed.data.targets);
  if (!targets.ok) throw cloudError(targets.error);
  const { fields } = await ctx.store.reveal(entry.id);
  const result = await cloud.push({ key: entry.key, fields, targets: parsed.data.targets });
  if (!result.ok) throw cloudError(result.error);
  const where = result.value.targets.map(describeTarget).join(", ");
  const body: PushResult = { ok: true, message: `Pushed ${entry.key} to ${where}` };
  sendJson(res, 200, body);
};
