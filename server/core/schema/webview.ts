// The credential manager UI's message protocol. The same UI runs in a VS Code webview (requests go
// to the extension host over postMessage) and in a browser tab (requests go to the dev server over
// fetch); both transports answer the methods below, so the UI is written once against this table.
// Both ends parse every message with these schemas. Secret values appear only in the params of
// put/patch/importDotenv and in the result of reveal — never in events or in persisted UI state.
import { z } from "zod";
import { Location } from "./analysis";
import { Scope } from "./credentials";
import { CloudSnapshotParams, RequirementsResult, StatusParams } from "./protocol";
import {
  HealthResponse,
  ImportDotenvBody,
  ImportDotenvResponse,
  ListCredentialsResponse,
  PatchCredentialBody,
  PutCredentialBody,
  RevealResponse,
  StoreEntry,
  StoreEvent,
} from "./store";

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

/** Requirements are only known where the analyzer runs; elsewhere the UI says why it cannot show them. */
export const RequirementsView = z.union([
  z.object({ available: z.literal(true), requirements: RequirementsResult.shape.requirements }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);
export type RequirementsView = z.infer<typeof RequirementsView>;

/** One cloud destination for a push: `project` is required by the CLI for project scope. */
export const PushTarget = z.object({ scope: Scope, project: z.string().min(1).max(128).optional() }).strict();
export type PushTarget = z.infer<typeof PushTarget>;
export const PushRequest = z.object({ id: z.string().min(1), targets: z.array(PushTarget).min(1).max(10) }).strict();
export type PushRequest = z.infer<typeof PushRequest>;
export const PushResult = z.object({ ok: z.literal(true), message: z.string() });
export type PushResult = z.infer<typeof PushResult>;

/** What the transport can do here: a browser tab cannot open files, an untrusted workspace cannot push. */
export const ManagerCapabilities = z.object({
  push: z.union([z.object({ enabled: z.literal(true) }), z.object({ enabled: z.literal(false), reason: z.string() })]),
  openLocation: z.boolean(),
  /** Set when the store cannot be managed at all here (e.g. Restricted Mode), with what to do. */
  storeDisabled: z.string().nullable(),
  /** Which project the manager resolves for, and whether another can be picked (several in the workspace). */
  project: z.object({ label: z.string(), canChange: z.boolean() }).nullable().optional(),
});
export type ManagerCapabilities = z.infer<typeof ManagerCapabilities>;

/** Request/result schemas per method. */
export const WEBVIEW_METHODS = {
  capabilities: { params: Empty, result: ManagerCapabilities },
  health: { params: Empty, result: HealthResponse },
  list: { params: Empty, result: ListCredentialsResponse },
  requirements: { params: Empty, result: RequirementsView },
  /** The last known cloud listing (no CLI call). */
  cloud: { params: Empty, result: CloudSnapshotParams },
  /** Re-lists the cloud through the `keystroke` CLI. */
  refreshCloud: { params: Empty, result: CloudSnapshotParams },
  put: { params: PutCredentialBody, result: StoreEntry },
  patch: { params: z.object({ id: z.string().min(1), body: PatchCredentialBody }).strict(), result: StoreEntry },
  remove: { params: z.object({ id: z.string().min(1) }).strict(), result: Ok },
  reveal: { params: z.object({ id: z.string().min(1) }).strict(), result: RevealResponse },
  importDotenv: { params: ImportDotenvBody, result: ImportDotenvResponse },
  push: { params: PushRequest, result: PushResult },
  openLocation: { params: Location.extend({ root: z.string() }).strict(), result: Ok },
  copy: { params: z.object({ text: z.string().max(10_000) }).strict(), result: Ok },
  /** VS Code only: pick which of the workspace's projects the manager, the dev server and the cloud listing are for. */
  selectProject: { params: Empty, result: Ok },
  /** VS Code only: `keystroke connect <key>` in a terminal (OAuth and catalog apps are connected, not typed in). */
  connect: { params: z.object({ key: z.string().min(1).max(128) }).strict(), result: Ok },
} as const;

export type WebviewMethod = keyof typeof WEBVIEW_METHODS;
export const WEBVIEW_METHOD_NAMES = Object.keys(WEBVIEW_METHODS) as WebviewMethod[];
export type MethodParams<M extends WebviewMethod> = z.infer<(typeof WEBVIEW_METHODS)[M]["params"]>;
export type MethodResult<M extends WebviewMethod> = z.infer<(typeof WEBVIEW_METHODS)[M]["result"]>;

/** A failure the UI shows as is: `message` says what went wrong and what to do. */
export const UiError = z.object({ code: z.string(), message: z.string() });
export type UiError = z.infer<typeof UiError>;

const requestVariants = WEBVIEW_METHOD_NAMES.map((method) =>
  z.object({
    type: z.literal("request"),
    id: z.number().int().min(0),
    method: z.literal(method),
    params: WEBVIEW_METHODS[method].params,
  }),
);
/** UI → host. */
export const WebviewRequest = z.discriminatedUnion(
  "method",
  requestVariants as unknown as [(typeof requestVariants)[number], ...(typeof requestVariants)[number][]],
);
export type WebviewRequest = { [M in WebviewMethod]: { type: "request"; id: number; method: M; params: MethodParams<M> } }[WebviewMethod];

/** Something changed outside the UI; it re-reads what the event names. */
export const HostEvent = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("store"), event: StoreEvent }),
  z.object({ kind: z.literal("status"), status: StatusParams }),
  z.object({ kind: z.literal("cloud"), cloud: CloudSnapshotParams }),
  z.object({ kind: z.literal("requirements") }),
  z.object({ kind: z.literal("connection"), up: z.boolean(), message: z.string().nullable() }),
  /** Show this credential key (a code lens, a hover link, a tree item); `openForm`: open its Set form. */
  z.object({ kind: z.literal("focus"), key: z.string(), openForm: z.boolean().optional() }),
  /** What the host allows changed (e.g. the workspace became trusted): re-read everything. */
  z.object({ kind: z.literal("capabilities") }),
]);
export type HostEvent = z.infer<typeof HostEvent>;

/** Host → UI. Results are validated against the method's result schema by the UI before use. */
export const HostMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("response"), id: z.number().int().min(0), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal("error"), id: z.number().int().min(0), error: UiError }),
  z.object({ type: z.literal("event"), event: HostEvent }),
]);
export type HostMessage = z.infer<typeof HostMessage>;

/** The only thing the webview persists with `setState`: layout, never data (and so never a secret). */
export const WebviewState = z.object({ collapsed: z.array(z.string().max(64)).max(20) }).strict();
export type WebviewState = z.infer<typeof WebviewState>;
