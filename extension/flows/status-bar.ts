// What the status bar item shows for a keystroke/status notification: pure, so the wording and
// the warning rule are unit-tested without VS Code.
import type { StatusParams, Target, TargetState } from "../../server/core/schema";

export interface StatusBarView {
  text: string;
  /** Markdown-free plain text, one line per target. */
  tooltip: string;
  /** A target could not be checked: the item gets the warning background. */
  warning: boolean;
  accessibilityLabel: string;
  /** The count shown (the worst checked target), null when no target is checked: the Requirements view's badge shows the same. */
  missing: number | null;
}

const TARGET_LABEL: Record<Target, string> = { local: "Local store", cloud: "Cloud" };

function line(target: Target, state: TargetState, missing: number): string {
  if (state.state === "unchecked") return `${TARGET_LABEL[target]}: not checked — ${state.reason}`;
  return `${TARGET_LABEL[target]}: ${missing === 0 ? "all resolve" : `${missing} missing`}`;
}

export function statusBarView(status: StatusParams | null, note?: string): StatusBarView {
  if (status === null) {
    const text = "$(key) Keystroke";
    const tooltip = note ?? "Keystroke credentials: starting…";
    return { text, tooltip, warning: false, accessibilityLabel: tooltip, missing: null };
  }
  const targets: Target[] = ["local", "cloud"];
  const checked = targets.filter((t) => status.targets[t].state === "checked");
  // The count shown is the worst checked target: what would fail first.
  const missing = checked.length === 0 ? null : Math.max(...checked.map((t) => status.missing[t]));
  const warning = checked.length < targets.length;
  const text = missing === null ? "$(key) not checked" : `$(key) ${missing} missing`;
  const lines = [
    `Keystroke credentials: ${status.requirements} requirement${status.requirements === 1 ? "" : "s"} in code`,
    ...targets.map((t) => line(t, status.targets[t], status.missing[t])),
    ...(note ? [note] : []),
    "Click to open the Requirements view.",
  ];
  const accessibilityLabel = `Keystroke credentials: ${targets.map((t) => line(t, status.targets[t], status.missing[t])).join("; ")}`;
  return { text, tooltip: lines.join("\n"), warning, accessibilityLabel, missing };
}
