// Manifest ids the always-loaded entry (main.ts) needs. Kept free of imports so that activation
// does not evaluate zod or the language client.
/** The credential manager's editor panel (its serializer restores it after a reload). */
export const MANAGER_PANEL = "keystroke.manager";
/** The container's native views. */
export const TREE_IDS = { requirements: "keystroke.requirements", store: "keystroke.localStore", cloud: "keystroke.cloud" } as const;
export const TASK_TYPE = "keystroke";

/** Context key, true in a workspace holding a Keystroke project: the manifest's `when` clauses use it. */
export const PROJECT_CONTEXT_KEY = "keystroke.isProject";
