// readJsonBody over real HTTP: a client that disconnects mid-body is a bad request (400), not an
// internal error (which the server logs as a bug and the extension shows as a warning).
import test, { after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { ApiError, readJsonBody } from "../../server/devserver/http-util";

const servers: http.Server[] = [];
after(() => servers.forEach((s) => s.close()));

/** A server that reads one JSON body per request; `onRequest` fires once a handler runs. */
async function listen(onRequest: () => void, onOutcome: (outcome: unknown) => void): Promise<number> {
  const server = http.createServer((req, res) => {
    onRequest();
    readJsonBody(req).then(onOutcome, onOutcome).finally(() => res.destroy());
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

test("a body cut off by the client becomes ApiError 400 incomplete_body", async () => {
  let settle!: (outcome: unknown) => void;
  const outcome = new Promise<unknown>((resolve) => (settle = resolve));
  let socket!: net.Socket;
  // Once the server has the headers (the handler runs), the client goes away mid-body.
  const port = await listen(() => socket.destroy(), settle);
  socket = net.connect(port, "127.0.0.1", () => {
    socket.write(`PUT /x HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"key":"a"`);
  });
  const error = await outcome;
  assert.ok(error instanceof ApiError, `got ${String(error)}`);
  assert.equal(error.status, 400);
  assert.equal(error.code, "incomplete_body");
});
