import { ArgumentError } from "@zkpop/errors";
import { isErrorCode, ZkpopApiError, ZkpopTransportError } from "./errors.js";

/** How the clients reach the registry: base URL, bearer token, timeout and an injectable fetch. */
export interface TransportOptions {
  /** e.g. "http://127.0.0.1:8080" (no trailing /v1). */
  baseUrl: string;
  /** Bearer credential: a relying service's API key or the admin token. */
  token?: string;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  /** Injected fetch (default globalThis.fetch). */
  fetch?: typeof fetch;
}

/** JSON over fetch; every non-2xx becomes a ZkpopApiError carrying the server's code. */
export class Transport {
  readonly #o: TransportOptions;

  constructor(o: TransportOptions) {
    if (!/^https?:\/\//.test(o.baseUrl)) throw new ArgumentError("baseUrl must be an http(s) URL");
    this.#o = { ...o, baseUrl: o.baseUrl.replace(/\/+$/, "") };
  }

  async request<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.#o.token) headers.authorization = `Bearer ${this.#o.token}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await (this.#o.fetch ?? fetch)(this.#o.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.#o.timeoutMs ?? 30_000),
      });
    } catch (err) {
      throw new ZkpopTransportError(`${method} ${path}: ${(err as Error).message}`, { cause: err });
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === "" ? undefined : JSON.parse(text);
    } catch {
      throw new ZkpopTransportError(`${method} ${path}: HTTP ${res.status} with a non-JSON body`);
    }
    if (res.ok) return parsed as T;
    const error = (parsed as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (!error || !isErrorCode(error.code))
      throw new ZkpopTransportError(`${method} ${path}: HTTP ${res.status} without a zkpop error body`);
    throw new ZkpopApiError(
      error.code,
      typeof error.message === "string" ? error.message : error.code,
      res.status,
      res.headers.get("x-request-id") ?? undefined,
    );
  }
}
