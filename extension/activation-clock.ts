// Imported first by main.ts, so this timestamp is taken before the rest of the entry bundle is
// evaluated: the activation time logged then includes loading our code, not just activate().
export const loadStartedAt = performance.now();
