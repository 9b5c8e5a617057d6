import { createHash } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { isApiError, RelyingServiceClient } from "@zkpop/client";
import express, { type Request, type Response } from "express";

const here = path.dirname(fileURLToPath(import.meta.url));
/** @zkpop/web's browser bundle (the page's API and its proving worker). */
const WEB_BUNDLE = path.join(path.dirname(fileURLToPath(import.meta.resolve("@zkpop/web"))), "bundle");

export interface SignupAppOptions {
  /** The zkpop registry's base URL (reached from this backend only). */
  registryUrl: string;
  /** This relying service's API key: it never leaves the backend. */
  apiKey: string;
  rpId: string;
}

const USERNAME = /^[a-z0-9_-]{1,32}$/;

/**
 * The membership proof's message for a signup: binds the proof to the chosen username, so a
 * proof intercepted on the way cannot open another account. The page computes the same value.
 */
export function signupMessage(rpId: string, username: string): string {
  const digest = createHash("sha256").update(`${rpId}/signup:${username}`).digest("hex");
  return (BigInt(`0x${digest}`) >> 8n).toString();
}

/**
 * The relying service's web app: the signup page, @zkpop/web's bundle, the registry's public
 * holder routes forwarded under /registry (same origin for the page; no credential is added), and
 * POST /api/signup, which consumes the membership proof at the registry with this service's key.
 */
export function createSignupApp(o: SignupAppOptions) {
  const registry = new RelyingServiceClient({ baseUrl: o.registryUrl, apiKey: o.apiKey });
  const accounts = new Map<string, string>(); // username -> nullifier (an example: kept in memory)
  const app = express();
  app.disable("x-powered-by");

  // The holder's public routes only: info, the group, artifacts, enrollment.
  const forward = async (req: Request, res: Response) => {
    const target = o.registryUrl + req.originalUrl.replace(/^\/registry/, "");
    let upstream: globalThis.Response;
    try {
      upstream = await fetch(target, {
        method: req.method,
        headers: req.method === "POST" ? { "content-type": "application/json" } : {},
        body: req.method === "POST" ? JSON.stringify(req.body) : undefined,
      });
    } catch (e) {
      const message = `the registry is unreachable: ${(e as Error).message}`;
      return void res.status(502).json({ error: { code: "TRANSPORT_FAILED", message } });
    }
    res.status(upstream.status);
    for (const h of ["content-type", "cache-control", "etag"]) {
      const v = upstream.headers.get(h);
      if (v) res.setHeader(h, v);
    }
    res.send(Buffer.from(await upstream.arrayBuffer()));
  };
  app.get(["/registry/v1/info", "/registry/v1/group", "/registry/v1/group/members"], forward);
  app.get("/registry/v1/artifacts/:sha256", forward);
  app.post("/registry/v1/enroll", express.json({ limit: "64kb" }), forward);

  app.get("/api/config", (_req, res) => {
    res.json({ rpId: o.rpId, action: "signup", registry: "/registry" });
  });

  app.post("/api/signup", express.json({ limit: "64kb" }), async (req, res) => {
    const { username, proof } = (req.body ?? {}) as { username?: unknown; proof?: unknown };
    if (typeof username !== "string" || !USERNAME.test(username))
      return res.status(400).json({ error: { code: "BAD_USERNAME", message: "1-32 of a-z, 0-9, _ and -" } });
    if (accounts.has(username))
      return res.status(409).json({ error: { code: "USERNAME_TAKEN", message: "that name is taken" } });
    try {
      const r = await registry.consume("signup", proof as never, {
        message: signupMessage(o.rpId, username),
      });
      accounts.set(username, r.nullifier);
      return res.status(201).json({ username });
    } catch (e) {
      if (isApiError(e)) return res.status(e.status).json({ error: { code: e.code, message: e.message } });
      return res.status(502).json({ error: { code: "TRANSPORT_FAILED", message: (e as Error).message } });
    }
  });

  app.use("/zkpop", express.static(WEB_BUNDLE));
  app.use(express.static(path.join(here, "public")));
  return app;
}
