// Imported first by main.ts, so this timestamp is taken before the rest of the bundle's modules
// are evaluated: the activation time logged then includes loading our code, not just activate().
export const loadStartedAt = performance.now();
