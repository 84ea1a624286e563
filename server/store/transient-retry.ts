// The Secret Service drops a call now and then while its daemon is busy with several stores at
// once or is being restarted by D-Bus activation: "recipient disconnected", "no reply", a
// collection that is not there for a moment. Such a call is tried again, twice at most, a moment
// later; any other failure is final at once. Every call retried here is idempotent (set the same
// value, read, delete), so trying again cannot change what is stored.

const TRANSIENT = /disconnected from message bus|did not receive a reply|NoReply|ServiceUnknown|no result found/i;
const DELAYS_MS = [100, 400];

export function isTransientKeychainFailure(error: unknown): boolean {
  return TRANSIENT.test(error instanceof Error ? error.message : String(error));
}

export async function retryTransient<T>(op: () => Promise<T>, delays: readonly number[] = DELAYS_MS): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await op();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined || !isTransientKeychainFailure(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
