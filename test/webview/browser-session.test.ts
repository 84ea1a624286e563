// The browser session in real Chromium against the threat it exists for: browsers send what they
// hold for 127.0.0.1 to every port, so another local web server the person visits must receive
// nothing that authenticates to the API. Log in with the printed link, visit a listener on another
// loopback port (a page load, and a fetch from that page to it), replay every header it received
// against the API: 401. Reusing the link shows why it no longer works; a reload keeps the tab's
// session; a new tab without a link has none.
import test, { after, before } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { raw, removeDir, spawnServer, waitFor, type Spawned } from "../devserver/harness";

const CHROMIUM = "/usr/bin/chromium";

let server: Spawned;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let listener: http.Server;
let listenerPort: number;
const received: { url: string; headers: string[] }[] = [];

before(async () => {
  server = await spawnServer();
  listener = http.createServer((req, res) => {
    received.push({ url: req.url ?? "", headers: req.rawHeaders });
    res.writeHead(200, { "Content-Type": "text/html" });
    // The attacker's page also tries the API directly; the browser's own request to it is recorded too.
    res.end(`<!DOCTYPE html><title>other</title><script>fetch("http://127.0.0.1:${listenerPort}/probe", { credentials: "include" });</script>`);
  });
  listenerPort = await new Promise<number>((resolve) => listener.listen(0, "127.0.0.1", () => resolve((listener.address() as AddressInfo).port)));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  context = await browser.newContext();
  page = await context.newPage();
  await page.goto(server.link);
  await page.getByRole("heading", { name: "Credentials", level: 1 }).waitFor();
  await page.locator("main[aria-busy=false]").waitFor();
});

after(async () => {
  await browser?.close();
  listener?.close();
  await server?.stop();
  if (server) removeDir(server.storeDir);
});

test("logged in: no cookie, the session only in this tab's sessionStorage, the code gone from the address bar", async () => {
  assert.deepEqual(await context.cookies(), []);
  assert.equal(new URL(page.url()).search, "");
  const storage = await page.evaluate(() => ({ session: Object.keys(sessionStorage), local: Object.keys(localStorage) }));
  assert.ok(storage.session.includes("keystroke-credentials.session"), JSON.stringify(storage));
  assert.deepEqual(storage.local, [], "nothing in localStorage (the profile on disk)");
});

test("a listener on another loopback port receives nothing that authenticates: every header replayed gets 401", async () => {
  const other = await context.newPage();
  await other.goto(`http://127.0.0.1:${listenerPort}/`);
  await waitFor(() => received.some((r) => r.url === "/probe"), "the other page's own fetch");
  await other.close();
  assert.ok(received.length >= 2);
  for (const request of received) {
    const headers: Record<string, string> = {};
    for (let i = 0; i < request.headers.length; i += 2) {
      const name = request.headers[i]!;
      if (/^(host|connection|content-length)$/i.test(name)) continue;
      headers[name] = request.headers[i + 1]!;
    }
    assert.ok(!Object.keys(headers).some((h) => /^cookie$/i.test(h)), `the browser sent a cookie to another port: ${JSON.stringify(headers)}`);
    for (const path of ["/api/v1/credentials", "/api/v1/snapshot", "/api/v1/session/link"]) {
      // Replayed as the attacker would: from its own process, no Origin or Sec-Fetch-Site of ours.
      const withoutBrowserMarks = Object.fromEntries(Object.entries(headers).filter(([h]) => !/^(origin|sec-fetch-|referer)/i.test(h)));
      const replay = await raw(server.port, { method: path.endsWith("link") ? "POST" : "GET", path, headers: withoutBrowserMarks });
      assert.equal(replay.status, 401, `${path} with ${JSON.stringify(withoutBrowserMarks)}: ${replay.text}`);
    }
  }
});

test("the session survives a reload of the tab (sessionStorage) and keeps working", async () => {
  await page.reload();
  await page.getByRole("heading", { name: "Credentials", level: 1 }).waitFor();
  await page.locator("main[aria-busy=false]").waitFor();
  await page.getByText("No credentials stored yet").waitFor();
});

test("the used link, opened again, says so and what to do; a new tab has no session", async () => {
  const again = await context.newPage();
  const response = await again.goto(server.link);
  assert.equal(response?.status(), 410);
  await again.getByText("This link was used already").waitFor();
  await again.getByText("keystroke-credentials open", { exact: false }).waitFor();
  const bare = await again.goto(`http://127.0.0.1:${server.port}/`);
  assert.equal(bare?.status(), 200);
  await again.getByText("This tab has no session", { exact: false }).first().waitFor();
  await again.close();
});
