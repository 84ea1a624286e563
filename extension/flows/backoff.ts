// Restart policy for the children the extension keeps alive (language server, dev server): wait
// longer after each crash in a row, forget the streak once a run stayed up, and tell the user only
// once per session — later crashes go to the output channel, not to more pop-ups.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** A run that lasted this long resets the streak. */
  healthyAfterMs: number;
  /** Give up after this many crashes in a row. */
  maxAttempts: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000, healthyAfterMs: 60_000, maxAttempts: 8 };

export class Backoff {
  private streak = 0;
  private startedAt: number | null = null;
  private notified = false;

  constructor(private readonly options: BackoffOptions = DEFAULT_BACKOFF) {}

  /** Call when the child starts (or is started again). */
  started(now: number): void {
    this.startedAt = now;
  }

  /**
   * Call when the child died unexpectedly. Returns the delay before the next start, or null when
   * the streak is too long and the caller should stop trying (and say how to restart by hand).
   */
  crashed(now: number): number | null {
    if (this.startedAt !== null && now - this.startedAt >= this.options.healthyAfterMs) this.streak = 0;
    this.startedAt = null;
    this.streak += 1;
    if (this.streak > this.options.maxAttempts) return null;
    return Math.min(this.options.maxMs, this.options.initialMs * 2 ** (this.streak - 1));
  }

  /** True the first time only: whether this crash deserves a notification. */
  shouldNotify(): boolean {
    if (this.notified) return false;
    this.notified = true;
    return true;
  }

  /** A manual restart starts a fresh streak. */
  reset(): void {
    this.streak = 0;
    this.startedAt = null;
  }
}
