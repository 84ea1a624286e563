// The cloud adapter's public surface: everything outside server/cloud imports from here.
export { KeystrokeCloud, DEFAULT_TIMEOUTS } from "./keystroke-cloud";
export type { CloudOptions, CloudTimeouts, CallOptions, PushRequest, PushTargetInput, PushResult, DeployRequest, CliCommand } from "./keystroke-cloud";
export { locateCli } from "./locate";
export type { CliLocation, CliSource, LocateOptions } from "./locate";
export { targetingFor } from "./cli-surface";
export type { AuthStatus, PushTarget, Targeting } from "./cli-surface";
export { CLOUD_ERROR_KINDS } from "./result";
export type { CloudError, CloudErrorKind, CloudResult } from "./result";
export type { RunProgress } from "./run";
export { cloudTargetInput, cloudSnapshotParams } from "./target";
