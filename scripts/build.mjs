// Bundles every entry point with esbuild. Native and host-provided modules stay external:
// `vscode` is supplied by the editor, `@napi-rs/keyring` loads a platform binary at run time.
// `--product` builds only what runs (the CLI, servers, extension and UI), for `npm start`: the
// hundred test and benchmark bundles are `npm test`'s and `npm run bench`'s to build.
import { build } from "esbuild";
import { chmod, readdir, rm } from "node:fs/promises";
import path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const shared = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: "linked",
  logLevel: "warning",
  external: ["vscode", "@napi-rs/keyring", "playwright-core"],
  absWorkingDir: root,
};

const nodeEntries = [
  { in: "server/cli/main.ts", out: "dist/cli.js", shebang: true },
  { in: "server/devserver/main.ts", out: "dist/devserver.js", shebang: true },
  { in: "server/lsp/main.ts", out: "dist/server.js" },
  { in: "extension/main.ts", out: "dist/extension.js" },
  // Loaded by extension.js after activation, so activating evaluates only the tiny entry.
  { in: "extension/runtime.ts", out: "dist/extension-runtime.js" },
];

async function listTests(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== "fixtures") out.push(...(await listTests(full)));
    else if (entry.isFile() && entry.name.endsWith(".test.ts")) out.push(full);
  }
  return out;
}

const productOnly = process.argv.includes("--product");
if (!productOnly) await rm(path.join(root, ".test-out"), { recursive: true, force: true });
const jobs = [];
for (const e of nodeEntries) {
  jobs.push(
    build({
      ...shared,
      entryPoints: [e.in],
      outfile: e.out,
      banner: e.shebang ? { js: "#!/usr/bin/env node" } : undefined,
    }).then(() => (e.shebang ? chmod(path.join(root, e.out), 0o755) : undefined)),
  );
}
jobs.push(
  build({
    ...shared,
    platform: "browser",
    format: "iife",
    target: "es2022",
    external: [],
    entryPoints: { main: "webview/main.ts", request: "webview/request-page.ts", style: "webview/style.css" },
    outdir: "dist/webview",
  }),
);
// Each test and benchmark is its own bundle, so one file that does not compile fails alone.
const tests = productOnly ? [] : await listTests(path.join(root, "test"));
const benches = productOnly ? [] : (await readdir(path.join(root, "bench"))).filter((f) => f.endsWith(".ts")).map((f) => path.join(root, "bench", f));
for (const file of [...tests, ...benches]) {
  jobs.push(
    build({
      ...shared,
      entryPoints: [file],
      outfile: path.join(root, ".test-out", path.relative(root, file).replace(/\.ts$/, ".cjs")),
    }),
  );
}
const results = await Promise.allSettled(jobs);
const failed = results.filter((r) => r.status === "rejected");
if (failed.length > 0) {
  console.error(`build: ${failed.length} bundle(s) failed`);
  process.exit(1);
}
