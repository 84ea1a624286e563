// GET /events: Server-Sent Events, one `data:` message per store change (ids and keys, never
// values). A comment goes out on connect (so clients know they are subscribed) and periodically
// after, so proxies and idle timeouts do not cut the stream.
import type { ServerResponse } from "node:http";
import type { StoreEvent } from "../core/schema";

export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly timer: NodeJS.Timeout;
  private nextId = 1;

  constructor(keepAliveMs: number) {
    this.timer = setInterval(() => this.broadcast(": keep-alive\n\n"), keepAliveMs);
    this.timer.unref();
  }

  attach(res: ServerResponse): void {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Content-Type-Options": "nosniff",
    });
    res.write("retry: 2000\n: connected\n\n");
    this.clients.add(res);
    res.on("close", () => this.clients.delete(res));
  }

  publish(event: StoreEvent): void {
    this.broadcast(`id: ${this.nextId++}\ndata: ${JSON.stringify(event)}\n\n`);
  }

  close(): void {
    clearInterval(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private broadcast(text: string): void {
    for (const res of this.clients) res.write(text);
  }
}
