// Entry of the credential manager UI bundle (dist/webview/main.js). The page's data-mode, set by
// webview/html.ts, picks the transport: postMessage to the VS Code host, or fetch to the dev server.
import { CredentialManager } from "./components/credential-manager";
import { BrowserTransport } from "./browser-transport";
import { VsCodeTransport, type Transport } from "./transport";

const root = document.getElementById("app");
const live = document.getElementById("live");
if (root && live) {
  const transport: Transport = document.body.dataset.mode === "vscode" ? new VsCodeTransport() : new BrowserTransport();
  const manager = new CredentialManager();
  root.replaceChildren(manager);
  void manager.start(transport, live);
}
