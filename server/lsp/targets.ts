// What the server currently knows about each store target: the snapshot to resolve against, or
// why that target is not checked. "Not checked" is a state of its own (never "missing"), so an
// unreachable store produces no missing-credential diagnostics, only a status the client shows.
import type { TargetInput } from "../core/analysis";
import type { Snapshot, Target, TargetState } from "../core/schema";
import { NATIVE_STYLE } from "./uris";

function samePath(a: string, b: string): boolean {
  const [x, y] = [NATIVE_STYLE.path.resolve(a), NATIVE_STYLE.path.resolve(b)];
  return NATIVE_STYLE.caseInsensitive ? x.toLowerCase() === y.toLowerCase() : x === y;
}

export interface TargetView {
  input: TargetInput;
  state: TargetState;
  /** When a snapshot was last received, for "not checked … (last check: …)" in hovers. */
  lastCheckedAt: string | null;
}

const CLOUD_NOT_LOADED = "cloud credentials not loaded yet";

export class Targets {
  private readonly views: Record<Target, TargetView>;
  private readonly listeners: ((target: Target) => void)[] = [];
  /** The project the cloud listing belongs to, when the workspace has several; null: every project. */
  private cloudRoot: string | null = null;

  constructor(localReason: string) {
    const now = new Date().toISOString();
    this.views = {
      local: { input: { unchecked: localReason }, state: { state: "unchecked", reason: localReason, since: now }, lastCheckedAt: null },
      cloud: { input: { unchecked: CLOUD_NOT_LOADED }, state: { state: "unchecked", reason: CLOUD_NOT_LOADED, since: now }, lastCheckedAt: null },
    };
  }

  view(target: Target): TargetView {
    return this.views[target];
  }

  /** Whose cloud the listing is: `root`, or (null) every project's. */
  setCloudRoot(root: string | null): void {
    if (root === this.cloudRoot) return;
    this.cloudRoot = root;
    this.emit("cloud");
  }

  private listedFor(root: string): boolean {
    return this.cloudRoot === null || samePath(this.cloudRoot, root);
  }

  /** The inputs a project is resolved against: its own cloud only. */
  inputsFor(root: string): { local: TargetInput; cloud: TargetInput } {
    const cloud = this.listedFor(root)
      ? this.views.cloud.input
      : { unchecked: `the cloud was listed for the project in ${this.cloudRoot}; select this project ("Keystroke: Select Project…") to check its cloud` };
    return { local: this.views.local.input, cloud };
  }

  /** A target's snapshot as a project in `root` sees it (null: not checked for it). */
  snapshot(target: Target, root?: string): Snapshot | null {
    if (target === "cloud" && root !== undefined && !this.listedFor(root)) return null;
    const input = this.views[target].input;
    return "snapshot" in input ? input.snapshot : null;
  }

  onChange(listener: (target: Target) => void): void {
    this.listeners.push(listener);
  }

  setSnapshot(target: Target, snapshot: Snapshot): void {
    const checkedAt = new Date().toISOString();
    this.views[target] = { input: { snapshot }, state: { state: "checked", checkedAt }, lastCheckedAt: checkedAt };
    this.emit(target);
  }

  setUnchecked(target: Target, reason: string): void {
    const previous = this.views[target];
    // Repeated failures with the same reason (reconnect attempts) are not a state change.
    if (previous.state.state === "unchecked" && previous.state.reason === reason) return;
    this.views[target] = {
      input: { unchecked: reason },
      state: { state: "unchecked", reason, since: new Date().toISOString() },
      lastCheckedAt: previous.lastCheckedAt,
    };
    this.emit(target);
  }

  private emit(target: Target): void {
    for (const listener of this.listeners) listener(target);
  }
}
