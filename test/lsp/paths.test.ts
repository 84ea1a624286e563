// Paths on every OS. The URI and root-relative conversions and check's output paths run here with the Windows and macOS
// rules switched on (drive letters, backslashes, UNC shares, VS Code's `file:///c%3A/...`,
// case-insensitive roots); a project opened through a symbolic link (macOS's /tmp is
// /private/tmp) is tested over a real LSP connection on this machine.
import assert from "node:assert/strict";
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { displayPath } from "../../server/cli/format/text";
import { MACOS_STYLE, WINDOWS_STYLE, fileUri, pathToUri, relativeTo, uriToPath, type PathStyle } from "../../server/lsp/uris";
import { LspClient, tempWorkspace } from "./lsp-client";

const LINUX_STYLE: PathStyle = { path: path.posix, caseInsensitive: false };

test("Windows: VS Code's file:///c%3A/... and Node's file:///C:/... both read as the drive path; UNC shares too", () => {
  assert.equal(uriToPath("file:///c%3A/Users/Ann%20Lee/acme/src/a.ts", WINDOWS_STYLE), "c:\\Users\\Ann Lee\\acme\\src\\a.ts");
  assert.equal(uriToPath("file:///C:/Users/ann/acme/src/a.ts", WINDOWS_STYLE), "C:\\Users\\ann\\acme\\src\\a.ts");
  assert.equal(uriToPath("file://fileserver/share/acme/a.ts", WINDOWS_STYLE), "\\\\fileserver\\share\\acme\\a.ts");
  assert.equal(uriToPath("file:///home/ann/a.ts", WINDOWS_STYLE), null, "no drive: not a Windows file path");
  assert.equal(uriToPath("untitled:Untitled-1", WINDOWS_STYLE), null);
});

test("Windows: paths become VS Code's URI spelling, and back again unchanged", () => {
  assert.equal(pathToUri("C:\\Users\\Ann Lee\\acme\\src\\a#1.ts", WINDOWS_STYLE), "file:///c%3A/Users/Ann%20Lee/acme/src/a%231.ts");
  assert.equal(pathToUri("\\\\FileServer\\share\\a.ts", WINDOWS_STYLE), "file://fileserver/share/a.ts");
  assert.equal(fileUri("C:\\acme", "src/actions/search.ts", WINDOWS_STYLE), "file:///c%3A/acme/src/actions/search.ts");
  for (const p of ["c:\\acme\\src\\a b.ts", "\\\\fileserver\\share\\x\\y.ts"]) assert.equal(uriToPath(pathToUri(p, WINDOWS_STYLE), WINDOWS_STYLE)?.toLowerCase(), p.toLowerCase());
});

test("Windows: root-relative paths use '/', ignore the drive letter's case and any case difference of the root", () => {
  assert.equal(relativeTo("C:\\acme", "c:\\acme\\src\\actions\\search.ts", WINDOWS_STYLE), "src/actions/search.ts");
  assert.equal(relativeTo("c:\\Acme\\", "C:\\ACME\\src\\a.ts", WINDOWS_STYLE), "src/a.ts");
  assert.equal(relativeTo("C:\\acme", "C:\\acme-other\\a.ts", WINDOWS_STYLE), null);
  assert.equal(relativeTo("C:\\acme", "D:\\acme\\a.ts", WINDOWS_STYLE), null);
  assert.equal(relativeTo("C:\\acme", "C:\\acme", WINDOWS_STYLE), null);
});

test("macOS: the default file system ignores case, so does the root; Linux does not", () => {
  assert.equal(relativeTo("/Users/ann/Acme", "/Users/ann/acme/src/a.ts", MACOS_STYLE), "src/a.ts");
  assert.equal(relativeTo("/Users/ann/Acme", "/Users/ann/acme-other/a.ts", MACOS_STYLE), null);
  assert.equal(relativeTo("/home/ann/Acme", "/home/ann/acme/src/a.ts", LINUX_STYLE), null);
  assert.equal(relativeTo("/home/ann/acme", "/home/ann/acme/src/a.ts", LINUX_STYLE), "src/a.ts");
  assert.equal(uriToPath("file:///Users/ann/acme/a%20b.ts", MACOS_STYLE), "/Users/ann/acme/a b.ts");
});

test("check's text output on Windows: paths relative to the working directory with '/', absolute ones outside it", () => {
  assert.equal(displayPath("C:\\acme\\src\\actions\\a.ts", "c:\\acme", path.win32), "src/actions/a.ts");
  assert.equal(displayPath("D:\\other\\a.ts", "C:\\acme", path.win32), "D:/other/a.ts");
  assert.equal(displayPath("/home/ann/acme/src/a.ts", "/home/ann/acme", path.posix), "src/a.ts");
});

test("a project opened through a symbolic link: a document opened by its real path is analysed as the project's", async (t) => {
  const ws = tempWorkspace("basic");
  const linkBase = mkdtempSync(path.join(os.tmpdir(), "ks-link-"));
  const link = path.join(linkBase, "acme");
  symlinkSync(ws.dir, link, "dir");
  t.after(() => {
    ws.cleanup();
    rmSync(linkBase, { recursive: true, force: true });
  });
  const lsp = await LspClient.start({ folders: [link], storeDir: ws.store });
  t.after(() => lsp.stop());
  const viaLink = path.join(link, "src/actions/search.ts");

  // The editor opens the same file by its real path (as macOS reports /private/tmp/...).
  const real = path.join(realpathSync(ws.dir), "src/actions/search.ts");
  assert.notEqual(real, viaLink);
  await lsp.open(real);
  await lsp.replace(real, "creds.exa.apiKey", "creds.linear.token");
  await lsp.waitForDiagnostics(viaLink, (d) => d.some((x) => x.code === "KS014"));
});
