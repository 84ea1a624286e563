// The analyzer's public API (server/core/analysis): the incremental ProjectIndex, resolution of
// its requirements against the local and cloud snapshots, and tsconfig path reading. Pure: it
// takes file texts and snapshots and returns plain data.
export { ProjectIndex, type ExternalSources } from "./project-index";
export { computeFindings, requirementStatuses, compareFindings, type TargetInput, type TargetInputs } from "./targets";
export { parseTsconfigPaths, type TsconfigPaths } from "./tsconfig";
export { CREDENTIALS_MODULE, DEFINITION_CALL_NAMES } from "./extract";
export { CONFIG_FILE } from "../keystroke-manifest";
export type { CredentialDefinition, ModelAction, ProjectContext, ProjectModel, Requirement } from "./model";
export { NOT_SECRET_ENV, type EnvironmentOptions } from "./deployed-code";
