import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN, startTestServer, type TestServer } from "./helpers/http.js";
import { type RawResponse, rawHttp } from "./helpers/raw.js";

// Malformed transport: bad encodings, truncated compressed bodies, wrong media types and
// methods, oversize bodies and headers, broken HTTP framing. Each is a typed 4xx in our error
// format, never a 5xx, and none is logged at error level (anyone can send them, /v1/enroll
// needs no key: they must not flood the error log).

const LIMIT = 4096;
let s: TestServer;
let port: number;
let apiKey: string;

beforeAll(async () => {
  s = await startTestServer({
    config: { bodyLimitBytes: LIMIT, rateLimit: { windowMs: 60_000, perIp: 1e6, perApiKey: 1e6 } },
  });
  port = s.port;
  apiKey = (await s.api("/v1/admin/services", { body: { rpId: "shop", name: "Shop" }, token: ADMIN_TOKEN }))
    .body.apiKey;
});
afterAll(() => s?.close());

const JSON_TYPE = { "content-type": "application/json" };
const attester = JSON.stringify({ publicKey: ["1", "2"], label: "kiosk" });
const gz = gzipSync(Buffer.from(attester));
const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

interface Case {
  name: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  head?: string;
  status: number;
  code: string;
}

const cases: Case[] = [
  // Content-Encoding
  {
    name: "gzip header, plain body",
    headers: { ...JSON_TYPE, "content-encoding": "gzip" },
    body: attester,
    status: 400,
    code: "INVALID_REQUEST",
  },
  {
    name: "gzip truncated",
    headers: { ...JSON_TYPE, "content-encoding": "gzip" },
    body: gz.subarray(0, gz.length >> 1),
    status: 400,
    code: "INVALID_REQUEST",
  },
  {
    name: "gzip with a bad CRC",
    headers: { ...JSON_TYPE, "content-encoding": "gzip" },
    body: Buffer.concat([gz.subarray(0, -8), Buffer.alloc(8, 0xff)]),
    status: 400,
    code: "INVALID_REQUEST",
  },
  {
    name: "gzip of random bytes",
    headers: { ...JSON_TYPE, "content-encoding": "gzip" },
    body: Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    status: 400,
    code: "INVALID_REQUEST",
  },
  {
    name: "deflate header, garbage",
    headers: { ...JSON_TYPE, "content-encoding": "deflate" },
    body: "not deflate at all",
    status: 400,
    code: "INVALID_REQUEST",
  },
  {
    name: "deflate truncated",
    headers: { ...JSON_TYPE, "content-encoding": "deflate" },
    body: deflateSync(Buffer.from(attester)).subarray(0, 10),
    status: 400,
    code: "INVALID_REQUEST",
  },
  {
    name: "br header, garbage",
    headers: { ...JSON_TYPE, "content-encoding": "br" },
    body: Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff]),
    status: 400,
    code: "INVALID_REQUEST",
  },
  {
    name: "Content-Encoding compress",
    headers: { ...JSON_TYPE, "content-encoding": "compress" },
    body: attester,
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "Content-Encoding gzip, gzip",
    headers: { ...JSON_TYPE, "content-encoding": "gzip, gzip" },
    body: gzipSync(gz),
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "gzip of invalid JSON",
    headers: { ...JSON_TYPE, "content-encoding": "gzip" },
    body: gzipSync("{nope"),
    status: 400,
    code: "INVALID_JSON",
  },
  {
    name: "gzip bomb past the body limit",
    headers: { ...JSON_TYPE, "content-encoding": "gzip" },
    body: gzipSync(Buffer.alloc(1_000_000, 0x20)),
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    name: "gzip of duplicate keys",
    headers: { ...JSON_TYPE, "content-encoding": "gzip" },
    body: gzipSync('{"label":"a","label":"b","publicKey":["1","2"]}'),
    status: 400,
    code: "INVALID_JSON",
  },
  {
    name: "brotli of invalid UTF-8",
    headers: { ...JSON_TYPE, "content-encoding": "br" },
    body: brotliCompressSync(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d])),
    status: 400,
    code: "INVALID_JSON",
  },
  // Character encodings
  {
    name: "invalid UTF-8 in a string",
    headers: JSON_TYPE,
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
    status: 400,
    code: "INVALID_JSON",
  },
  {
    name: "overlong UTF-8",
    headers: JSON_TYPE,
    body: Buffer.from([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d]),
    status: 400,
    code: "INVALID_JSON",
  },
  {
    name: "lone surrogate bytes",
    headers: JSON_TYPE,
    body: Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x3a, 0x31, 0x7d]),
    status: 400,
    code: "INVALID_JSON",
  },
  {
    name: "charset utf-16",
    headers: { "content-type": "application/json; charset=utf-16" },
    body: Buffer.from(attester, "utf16le"),
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "charset latin1",
    headers: { "content-type": "application/json; charset=iso-8859-1" },
    body: attester,
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "charset made up",
    headers: { "content-type": 'application/json; charset="klingon"' },
    body: attester,
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  // Media types
  {
    name: "text/plain",
    headers: { "content-type": "text/plain" },
    body: attester,
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "form-urlencoded",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "label=x",
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "multipart",
    headers: { "content-type": "multipart/form-data; boundary=x" },
    body: "--x\r\n\r\n--x--",
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  { name: "no Content-Type", headers: {}, body: attester, status: 415, code: "UNSUPPORTED_MEDIA_TYPE" },
  {
    name: "application/json-seq",
    headers: { "content-type": "application/json-seq" },
    body: attester,
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  {
    name: "malformed Content-Type",
    headers: { "content-type": "application/" },
    body: attester,
    status: 415,
    code: "UNSUPPORTED_MEDIA_TYPE",
  },
  // JSON itself
  {
    name: "duplicate top-level keys",
    headers: JSON_TYPE,
    body: '{"label":"a","publicKey":["1","2"],"label":"b"}',
    status: 400,
    code: "INVALID_JSON",
  },
  {
    name: "duplicate keys, one escaped",
    headers: JSON_TYPE,
    body: '{"label":"a","publicKey":["1","2"],"\\u006cabel":"b"}',
    status: 400,
    code: "INVALID_JSON",
  },
  {
    name: "duplicate nested keys",
    path: "/v1/enroll",
    headers: JSON_TYPE,
    body: '{"circuit":"c","attester":{"x":"1","x":"2"}}',
    status: 400,
    code: "INVALID_JSON",
  },
  { name: "trailing garbage", headers: JSON_TYPE, body: `${attester}xyz`, status: 400, code: "INVALID_JSON" },
  { name: "bare number (strict)", headers: JSON_TYPE, body: "42", status: 400, code: "INVALID_JSON" },
  { name: "whitespace only", headers: JSON_TYPE, body: "   ", status: 400, code: "INVALID_JSON" },
  // Sizes and framing
  {
    name: "body over the limit",
    headers: JSON_TYPE,
    body: JSON.stringify({ label: "x".repeat(LIMIT), publicKey: ["1", "2"] }),
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    name: "gzip body over the limit before decompression",
    headers: { ...JSON_TYPE, "content-encoding": "gzip" },
    body: Buffer.concat([gz, Buffer.alloc(10 * LIMIT)]),
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
  },
  {
    name: "Content-Length not a number",
    headers: { ...JSON_TYPE, "content-length": "12abc" },
    body: attester,
    status: 400,
    code: "INVALID_REQUEST",
  },
  {
    name: "broken chunked encoding",
    headers: { ...JSON_TYPE, "transfer-encoding": "chunked" },
    body: "zz\r\n{}\r\n0\r\n\r\n",
    status: 400,
    code: "INVALID_REQUEST",
  },
  {
    name: "Content-Length and chunked together",
    headers: { ...JSON_TYPE, "transfer-encoding": "chunked", "content-length": "5" },
    body: "2\r\n{}\r\n0\r\n\r\n",
    status: 400,
    code: "INVALID_REQUEST",
  },
  {
    name: "headers too large",
    headers: { ...JSON_TYPE, "x-pad": "y".repeat(20_000) },
    body: attester,
    status: 431,
    code: "HEADERS_TOO_LARGE",
  },
  { name: "not HTTP at all", head: "HELLO\r\n\r\n", status: 400, code: "INVALID_REQUEST" },
  {
    name: "bad percent-encoding in a path parameter",
    method: "POST",
    path: "/v1/admin/attesters/%ff/revoke",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    status: 400,
    code: "INVALID_REQUEST",
  },
  // Methods
  {
    name: "PUT /v1/enroll",
    method: "PUT",
    path: "/v1/enroll",
    headers: JSON_TYPE,
    body: "{}",
    status: 405,
    code: "METHOD_NOT_ALLOWED",
  },
  { name: "GET /v1/consume", method: "GET", path: "/v1/consume", status: 405, code: "METHOD_NOT_ALLOWED" },
  {
    name: "DELETE /v1/admin/services",
    method: "DELETE",
    path: "/v1/admin/services",
    status: 405,
    code: "METHOD_NOT_ALLOWED",
  },
  { name: "PATCH /v1/group", method: "PATCH", path: "/v1/group", status: 405, code: "METHOD_NOT_ALLOWED" },
  {
    name: "POST /v1/info",
    method: "POST",
    path: "/v1/info",
    headers: JSON_TYPE,
    body: "{}",
    status: 405,
    code: "METHOD_NOT_ALLOWED",
  },
  { name: "TRACE /v1/health", method: "TRACE", path: "/v1/health", status: 405, code: "METHOD_NOT_ALLOWED" },
  // Credentials
  {
    name: "Basic instead of Bearer",
    path: "/v1/verify",
    headers: { ...JSON_TYPE, authorization: "Basic YTpi" },
    body: "{}",
    status: 401,
    code: "UNAUTHORIZED",
  },
  {
    name: "Bearer with nothing",
    path: "/v1/verify",
    headers: { ...JSON_TYPE, authorization: "Bearer " },
    body: "{}",
    status: 401,
    code: "UNAUTHORIZED",
  },
];

const sendCase = (c: Case): Promise<RawResponse> =>
  rawHttp(port, {
    method: c.method ?? "POST",
    path: c.path ?? "/v1/admin/attesters",
    headers: c.path === undefined ? { ...admin, ...c.headers } : c.headers,
    body: c.body,
    head: c.head,
  });

describe("malformed transport", () => {
  it(`${cases.length} malformed requests: each a typed 4xx, none logged as an error`, async () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    const before = s.logs.length;
    for (const c of cases) {
      const r = await sendCase(c).catch((err) => {
        throw new Error(`${c.name}: ${(err as Error).message}`);
      });
      expect({ name: c.name, status: r.status, code: r.body?.error?.code }).toEqual({
        name: c.name,
        status: c.status,
        code: c.code,
      });
      expect(typeof r.body.error.message, c.name).toBe("string");
      expect(r.headers["content-type"], c.name).toMatch(/^application\/json/);
    }
    const lines = s.logs.slice(before).map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines.filter((l) => l.msg === "client error").length).toBeGreaterThan(20);
    // Nothing was added by any of them.
    expect((await s.api("/v1/admin/attesters", { token: ADMIN_TOKEN })).body.attesters).toEqual([]);
  });

  it("a body cut short (client stops sending) is no server error", async () => {
    const before = s.logs.length;
    await rawHttp(port, {
      path: "/v1/enroll",
      headers: { ...JSON_TYPE, "content-length": "200" },
      body: attester,
      halfClose: true,
    }).catch(() => undefined); // the client gave up: there may be no answer at all
    await new Promise((r) => setTimeout(r, 200));
    const lines = s.logs.slice(before).map((l) => JSON.parse(l) as { level: number; status?: number });
    expect(lines.filter((l) => l.level >= 50 || (l.status ?? 0) >= 500)).toEqual([]);
  });

  it("405 names the allowed methods; OPTIONS answers them", async () => {
    const r = await rawHttp(port, { method: "PUT", path: "/v1/enroll" });
    expect(r.headers.allow).toBe("POST, OPTIONS");
    expect((await rawHttp(port, { method: "DELETE", path: "/v1/group" })).headers.allow).toBe(
      "GET, HEAD, OPTIONS",
    );
    const o = await rawHttp(port, { method: "OPTIONS", path: "/v1/admin/services" });
    expect(o.status).toBe(204);
    expect(o.headers.allow).toBe("GET, HEAD, POST, OPTIONS");
    expect((await rawHttp(port, { method: "GET", path: "/v1/nothing-here" })).body.error.code).toBe(
      "NOT_FOUND",
    );
  });

  it("well-formed variants are accepted: compressed bodies, Bearer in any case, quoted UTF-8 charset", async () => {
    const add = (headers: Record<string, string>, body: Buffer | string) =>
      rawHttp(port, { path: "/v1/admin/attesters", headers: { ...admin, ...headers }, body });
    let n = 0;
    const ok = async (
      label: string,
      headers: Record<string, string>,
      encode: (s: string) => Buffer | string,
    ) => {
      const r = await add(headers, encode(JSON.stringify({ publicKey: [String(100 + n++), "7"], label })));
      expect(r.status, label).toBe(201);
    };
    await ok("gzip", { ...JSON_TYPE, "content-encoding": "gzip" }, (b) => gzipSync(b));
    await ok("deflated", { ...JSON_TYPE, "content-encoding": "deflate" }, (b) => deflateSync(b));
    await ok("brotli-ed", { ...JSON_TYPE, "content-encoding": "br" }, (b) => brotliCompressSync(b));
    await ok("identity-encoded", { ...JSON_TYPE, "content-encoding": "identity" }, (b) => b);
    await ok("quoted charset x", { "content-type": 'application/json; charset="UTF-8"' }, (b) => b);
    for (const scheme of ["bearer", "BEARER", "BeArEr"]) {
      const r = await rawHttp(port, {
        method: "GET",
        path: "/v1/admin/services",
        headers: { authorization: `${scheme} ${ADMIN_TOKEN}` },
      });
      expect(r.status, scheme).toBe(200);
      const v = await rawHttp(port, {
        path: "/v1/verify",
        headers: { ...JSON_TYPE, authorization: `${scheme}  ${apiKey}` },
        body: JSON.stringify({ action: "x", proof: {} }),
      });
      expect(v.body.error.code, scheme).toBe("INVALID_REQUEST"); // authenticated, then the body is checked
    }
  });
});
