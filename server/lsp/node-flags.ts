// Node flags the language server runs with, shared by the extension that launches it and by the
// tests and benchmark that launch it the same way. Indexing a workspace at start-up keeps a lot
// of what it allocates (per-file facts); a young generation that starts at full size instead of
// growing from 1 MB spares the early scavenges and promotions (about a tenth of start-up on the
// 2,000-action benchmark, for a few MB of memory). A bare parse gains nothing from it.
export const SERVER_NODE_FLAGS: readonly string[] = ["--min-semi-space-size=16"];
