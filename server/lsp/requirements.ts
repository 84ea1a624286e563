// The keystroke/requirements request: every requirement of every project with its per-target
// status; the sidebar's "required by code but missing" list is built from it.
import type { RequirementsResult } from "../core/schema";
import type { ServerView } from "./view";

export function allRequirements(view: ServerView): RequirementsResult {
  return {
    requirements: view.analyses().flatMap((a) => a.requirementStatuses().map((s) => ({ ...s, root: a.project.root }))),
  };
}
