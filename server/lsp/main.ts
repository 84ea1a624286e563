// Entry of dist/server.js, the Keystroke credentials language server.
// Transport: `--stdio` or `--node-ipc` (createConnection picks it from argv).
//
// What the client sends:
//   initializationOptions (all optional):
//     { storeDir?: string,   // the local store directory holding devserver.json
//                            // (default: $KEYSTROKE_CREDENTIALS_HOME, else the per-user data dir)
//       settings?: object }  // the "keystroke" section, for clients without workspace/configuration
//   workspace/configuration, section "keystroke" (re-pulled on workspace/didChangeConfiguration):
//     diagnostics.local: "default" | "off" | "hint" | "warning" | "error"   (default "default":
//     diagnostics.cloud: the same                                            the catalog's severity)
//     exclude: string[]                 globs, root-relative, not analysed
//     trace.server: "off" | "messages" | "verbose"   verbose logs timings to the output channel
//     devServer.storeDir: string        overrides initializationOptions.storeDir
//   notification keystroke/cloudSnapshot (CloudSnapshotParams) whenever the cloud listing changes.
//   Commands the client registers (used by code actions and lenses): keystroke.setLocalCredential,
//   keystroke.pushCredential (CredentialCommandArgs), keystroke.openCredentialManager ({ key }).
// What the server sends: keystroke/status (StatusParams); answers keystroke/requirements.
import { createConnection, ProposedFeatures } from "vscode-languageserver/node";
import { KeystrokeServer } from "./server";

const connection = createConnection(ProposedFeatures.all);
// Last line of defence: handlers are already guarded, but an editor loses every feature when its
// server dies, so anything that still escapes is logged and the server keeps running.
process.on("uncaughtException", (error) => connection.console.error(`unexpected error: ${error.stack ?? error.message}`));
process.on("unhandledRejection", (reason) => connection.console.error(`unexpected rejection: ${String(reason)}`));
new KeystrokeServer(connection).listen();
