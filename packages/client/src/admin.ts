import { Transport, type TransportOptions } from "./transport.js";
import type { AttesterRecord, ServiceKeyRecord, ServiceRecord } from "./types.js";

/** Options of an AdminClient: the registry's URL and transport settings, and the admin token. */
export interface AdminClientOptions extends Omit<TransportOptions, "token"> {
  adminToken: string;
}

/** The registry operator: attesters, relying services and (closed groups) members. */
export class AdminClient {
  readonly #http: Transport;

  constructor(o: AdminClientOptions) {
    this.#http = new Transport({ ...o, token: o.adminToken });
  }

  async listAttesters(): Promise<AttesterRecord[]> {
    return (await this.#http.request<{ attesters: AttesterRecord[] }>("GET", "/v1/admin/attesters"))
      .attesters;
  }

  async addAttester(publicKey: [string, string], label: string): Promise<AttesterRecord> {
    return (
      await this.#http.request<{ attester: AttesterRecord }>("POST", "/v1/admin/attesters", {
        publicKey,
        label,
      })
    ).attester;
  }

  async revokeAttester(id: string): Promise<AttesterRecord> {
    const path = `/v1/admin/attesters/${encodeURIComponent(id)}/revoke`;
    return (await this.#http.request<{ attester: AttesterRecord }>("POST", path)).attester;
  }

  async listServices(): Promise<ServiceRecord[]> {
    return (await this.#http.request<{ services: ServiceRecord[] }>("GET", "/v1/admin/services")).services;
  }

  /** The API key is shown once, here: store it, the server keeps only its hash. */
  addService(rpId: string, name: string): Promise<{ service: ServiceRecord; apiKey: string }> {
    return this.#http.request("POST", "/v1/admin/services", { rpId, name });
  }

  async revokeService(rpId: string): Promise<ServiceRecord> {
    const path = `/v1/admin/services/${encodeURIComponent(rpId)}/revoke`;
    return (await this.#http.request<{ service: ServiceRecord }>("POST", path)).service;
  }

  /**
   * Key rotation: a new API key for `rpId` (shown once), same scopes and nullifiers. With
   * `retireOthersAfterMs`, the service's other keys stop working that long from now.
   */
  addServiceKey(
    rpId: string,
    opts: { retireOthersAfterMs?: number } = {},
  ): Promise<{ key: ServiceKeyRecord; apiKey: string; keys: ServiceKeyRecord[] }> {
    return this.#http.request("POST", `/v1/admin/services/${encodeURIComponent(rpId)}/keys`, opts);
  }

  async listServiceKeys(rpId: string): Promise<ServiceKeyRecord[]> {
    const path = `/v1/admin/services/${encodeURIComponent(rpId)}/keys`;
    return (await this.#http.request<{ keys: ServiceKeyRecord[] }>("GET", path)).keys;
  }

  /** The key stops working `afterMs` from now (default: at once). */
  async retireServiceKey(
    rpId: string,
    keyId: string,
    opts: { afterMs?: number } = {},
  ): Promise<ServiceKeyRecord> {
    const path = `/v1/admin/services/${encodeURIComponent(rpId)}/keys/${encodeURIComponent(keyId)}/retire`;
    return (await this.#http.request<{ key: ServiceKeyRecord }>("POST", path, opts)).key;
  }

  /** Only when the server enables adminMembers: a member without face dedup. */
  addMember(identityCommitment: bigint | string): Promise<{ index: number; root: string }> {
    return this.#http.request("POST", "/v1/admin/members", {
      identityCommitment: identityCommitment.toString(),
    });
  }
}
