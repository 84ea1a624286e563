// The single schema module: credential records, snapshots, HTTP bodies, analysis results and the
// custom protocol. Server, extension and webview all import from here.
export * from "./credentials";
export * from "./store";
export * from "./analysis";
export * from "./protocol";
export * from "./webview";
