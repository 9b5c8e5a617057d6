import type { MembershipProof } from "@zkpop/core";
import { Transport, type TransportOptions } from "./transport.js";
import type { ConsumeResult, VerifyResult } from "./types.js";

/** Options of a RelyingServiceClient: the registry's URL and transport settings, and the service's API key. */
export interface RelyingServiceClientOptions extends Omit<TransportOptions, "token"> {
  /** The service's API key; it fixes the rpId part of every scope. */
  apiKey: string;
}

/** For a platform checking its users' proofs. The scope is `<rpId of the key>:<action>`. */
export class RelyingServiceClient {
  readonly #http: Transport;

  constructor(o: RelyingServiceClientOptions) {
    this.#http = new Transport({ ...o, token: o.apiKey });
  }

  /** Stateless: is this a valid proof for our scope and a known, fresh root? Records nothing. */
  verify(action: string, proof: MembershipProof, opts: { message?: string } = {}): Promise<VerifyResult> {
    return this.#http.request("POST", "/v1/verify", { action, proof, ...opts });
  }

  /**
   * Verify and record the nullifier: once per person and action. Retrying the very same proof
   * is safe (firstUse: false); another proof of the same person throws NULLIFIER_USED.
   */
  consume(action: string, proof: MembershipProof, opts: { message?: string } = {}): Promise<ConsumeResult> {
    return this.#http.request("POST", "/v1/consume", { action, proof, ...opts });
  }
}
