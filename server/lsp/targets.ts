// What the server currently knows about each store target: the snapshot to resolve against, or
// why that target is not checked. "Not checked" is a state of its own (never "missing"), so an
// unreachable store produces no missing-credential diagnostics, only a status the client shows.
import type { TargetInput } from "../core/analysis";
import type { Snapshot, Target, TargetState } from "../core/schema";

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

  inputs(): { local: TargetInput; cloud: TargetInput } {
    return { local: this.views.local.input, cloud: this.views.cloud.input };
  }

  snapshot(target: Target): Snapshot | null {
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
