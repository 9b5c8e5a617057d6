import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_STATUS, type ErrorCode } from "../src/errors.js";
import { ROUTING_ERRORS } from "../src/http/openapi.js";
import { startTestServer, type TestServer } from "./helpers/http.js";

// The served OpenAPI document passes a standard linter (Redocly CLI, its "recommended" rule
// set, no rule switched off), and documents every error code the server can send, each under
// its HTTP status; the server README's error table lists the same codes.

const run = promisify(execFile);
const REDOCLY = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")),
  "bin/cli.js",
);

let s: TestServer;
// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is arbitrary JSON
let doc: any;
let dir: string;
beforeAll(async () => {
  s = await startTestServer();
  doc = (await s.api("/v1/openapi.json")).body;
  dir = mkdtempSync(path.join(tmpdir(), "zkpop-openapi-"));
});
afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("OpenAPI document", () => {
  it("passes Redocly's recommended rules with no error and no warning", async () => {
    const file = path.join(dir, "openapi.json");
    writeFileSync(file, JSON.stringify(doc));
    const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };
    const { stdout } = await run(
      process.execPath,
      [REDOCLY, "lint", file, "--extends", "recommended", "--format", "json"],
      { env, maxBuffer: 16 << 20 },
    ).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? "" }));
    const report = JSON.parse(stdout) as {
      totals: { errors: number; warnings: number };
      problems: unknown[];
    };
    expect(report.problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 120_000);

  it("documents every code the server sends, under its status; the README table lists them all", () => {
    const documented = new Set<string>(ROUTING_ERRORS);
    for (const ops of Object.values(doc.paths) as Record<string, { responses: Record<string, unknown> }>[])
      for (const { responses } of Object.values(ops))
        for (const [status, r] of Object.entries(responses)) {
          const codes = (r as { content?: { "application/json"?: { schema?: { properties?: unknown } } } })
            .content?.["application/json"]?.schema?.properties as
            | { error?: { properties: { code: { enum: ErrorCode[] } } } }
            | undefined;
          for (const c of codes?.error?.properties.code.enum ?? []) {
            expect(ERROR_STATUS[c], c).toBe(Number(status));
            documented.add(c);
          }
        }
    expect([...documented].sort()).toEqual(Object.keys(ERROR_STATUS).sort());
    expect(doc.info["x-error-status"]).toEqual(ERROR_STATUS);

    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const table = new Map(
      [...readme.matchAll(/^\| `([A-Z_]+)` +\| (\d{3}) +\|/gm)].map((m) => [m[1]!, Number(m[2])]),
    );
    expect(Object.fromEntries(table)).toEqual(ERROR_STATUS);
  });
});
