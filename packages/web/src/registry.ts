import { Group } from "@semaphore-protocol/group";
import type { EnrollmentProof } from "@zkpop/core/browser";
import { codeOf, ZkpopError } from "@zkpop/errors";
import type { ArtifactRef, CircuitArtifacts } from "./protocol.js";

/** The parts of `GET /v1/info` a holder's page uses. */
export interface RegistryInfo {
  circuits: {
    membership: { depth: number; sha256: { wasm: string; zkey: string; vkey: string } } | null;
    enrollment: { id: string; manifest: { lsh: { tables: number } } } | null;
  };
  /** Files by circuit, served under content-addressed URLs (relative to the registry's base URL). */
  artifacts?: Record<string, Record<string, { file: string; sha256: string; bytes: number; url: string }>>;
  captureFreshnessMs: number;
}

/**
 * What a holder's page asks of the registry: its info and artifact list, the group (rebuilt
 * locally, so the registry never learns who proves), and enrollment. `baseUrl` may be relative
 * (e.g. "/registry" when the relying service's backend forwards the registry's public routes).
 */
export class RegistryReader {
  readonly #base: string;

  constructor(baseUrl: string) {
    this.#base = baseUrl.replace(/\/+$/, "");
  }

  async #json<T>(path: string, init?: RequestInit): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.#base + path, init);
    } catch (e) {
      throw new ZkpopError("TRANSPORT_FAILED", `the registry could not be reached: ${(e as Error).message}`);
    }
    const body = (await res.json().catch(() => undefined)) as
      | { error?: { code: string; message: string } }
      | undefined;
    // A refusal keeps the registry's code (one error table: DUPLICATE_PERSON, NULLIFIER_USED, ...).
    if (!res.ok)
      throw new ZkpopError(
        codeOf(body?.error?.code, "TRANSPORT_FAILED"),
        body?.error?.message ?? `HTTP ${res.status}`,
        {
          status: res.status,
        },
      );
    return body as T;
  }

  info(): Promise<RegistryInfo> {
    return this.#json("/v1/info");
  }

  /** A circuit's wasm and proving key as the registry lists them, URLs made absolute. */
  circuitArtifacts(info: RegistryInfo, circuit: "membership" | "enrollment"): CircuitArtifacts {
    const files = info.artifacts?.[circuit];
    if (!files?.wasm || !files.zkey)
      throw new ZkpopError("ARTIFACT_MISSING", `the registry lists no ${circuit} artifacts`);
    const ref = (f: { sha256: string; bytes: number; url: string }): ArtifactRef => ({
      url: new URL(this.#base + f.url, location.href).href,
      sha256: f.sha256,
      bytes: f.bytes,
    });
    return { name: circuit, wasm: ref(files.wasm), zkey: ref(files.zkey) };
  }

  /**
   * All members, page by page, rebuilt into a Group whose root must equal the registry's. If
   * someone enrolls while we page (the root moves), start again.
   */
  async fetchGroup(pageSize = 1000, attempts = 5): Promise<Group> {
    type Page = { root: string | null; members: string[]; next: number | null };
    for (let attempt = 0; attempt < attempts; attempt++) {
      const first = await this.#json<Page>(`/v1/group/members?from=0&limit=${pageSize}`);
      const members = [...first.members];
      let next = first.next;
      let moved = false;
      while (next !== null && !moved) {
        const page = await this.#json<Page>(`/v1/group/members?from=${next}&limit=${pageSize}`);
        moved = page.root !== first.root;
        members.push(...page.members);
        next = page.next;
      }
      if (moved) continue;
      const group = new Group(members.map(BigInt));
      if ((group.size === 0 ? null : group.root.toString()) !== first.root)
        throw new ZkpopError("TRANSPORT_FAILED", "the members the registry sent do not hash to its root");
      return group;
    }
    throw new ZkpopError(
      "TRANSPORT_FAILED",
      `the group kept changing while it was fetched (${attempts} attempts)`,
    );
  }

  /** Sends an enrollment proof made on this device: the new member's index and the group root. */
  enroll(proof: EnrollmentProof): Promise<{ index: number; root: string }> {
    return this.#json("/v1/enroll", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(proof),
    });
  }
}
