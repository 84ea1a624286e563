// Response helpers and the API's error type. Every error body is ApiErrorBody; nothing here
// ever echoes request bodies (they may hold secret values).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiErrorBody } from "../core/schema";

export type ApiErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 500 | 503 | 507;

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: ApiErrorStatus,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const JSON_HEADERS = {
  "Content-Type": "application/json; charset=utf-8",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
};

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendSerializedJson(res, status, JSON.stringify(body), headers);
}

/** For bodies serialized once and served many times. */
export function sendSerializedJson(res: ServerResponse, status: number, text: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...JSON_HEADERS, "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError): void {
  const body: ApiErrorBody = { error: { code: error.code, message: error.message } };
  sendJson(res, error.status, body, error.headers);
}

export function sendText(res: ServerResponse, status: number, contentType: string, text: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), "X-Content-Type-Options": "nosniff", ...headers });
  res.end(text);
}

export const BODY_LIMIT_BYTES = 64 * 1024;

/** A `charset` parameter other than UTF-8 (RFC 8259: JSON between systems is UTF-8), if any. */
function foreignCharset(contentType: string): string | null {
  for (const param of contentType.split(";").slice(1)) {
    const [name, value] = param.split("=").map((p) => p.trim().toLowerCase());
    if (name !== "charset") continue;
    const charset = (value ?? "").replace(/^"(.*)"$/, "$1");
    return charset === "utf-8" || charset === "utf8" ? null : charset;
  }
  return null;
}

/** Fatal: a value with invalid bytes is refused, not stored with U+FFFD in place of them. */
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Reads a JSON body: 415 unless UTF-8 application/json, 413 past 64 KB, 400 if it does not parse. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const contentType = req.headers["content-type"] ?? "";
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") {
    throw new ApiError(415, "unsupported_media_type", "send the body as JSON with Content-Type: application/json");
  }
  const charset = foreignCharset(contentType);
  if (charset !== null) {
    throw new ApiError(415, "unsupported_media_type", `send the JSON body as UTF-8 (Content-Type: application/json; charset=utf-8), not ${charset.slice(0, 40)}`);
  }
  const tooLarge = () =>
    // Closing the connection stops a client that keeps streaming a huge body.
    new ApiError(413, "payload_too_large", `the request body is larger than ${BODY_LIMIT_BYTES / 1024} KB`, { Connection: "close" });
  const declared = Number(req.headers["content-length"] ?? "0");
  if (Number.isFinite(declared) && declared > BODY_LIMIT_BYTES) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof ApiError) throw error;
    // The client went away mid-body ("aborted", a reset): its mistake, not a server bug to log.
    throw new ApiError(400, "incomplete_body", "the request body ended before all of it arrived");
  }
  let text: string;
  try {
    text = utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError(400, "invalid_json", "the request body is not valid UTF-8");
  }
  if (text.trim() === "") throw new ApiError(400, "invalid_json", "the request body is empty; send a JSON object");
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", "the request body is not valid JSON");
  }
}
