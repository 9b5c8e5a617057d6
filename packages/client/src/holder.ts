import {
  Enrollment,
  type EnrollmentProof,
  type EnrollRequest,
  Group,
  type Identity,
  Membership,
  type MembershipProof,
  scopeOf,
} from "@zkpop/core";
import { ZkpopTransportError } from "./errors.js";
import { Transport, type TransportOptions } from "./transport.js";
import type { EnrollResult, GroupState, MembersPage, ServerInfo } from "./types.js";

/** Options of a HolderClient: the registry's URL and transport settings, and where its files are cached. */
export interface HolderClientOptions extends Omit<TransportOptions, "token"> {
  /** Where the registry's proving files are cached (default `./.zkpop` or `$ZKPOP_HOME`). */
  home?: string;
}

/**
 * For the person's device. It downloads the whole group and proves locally, so the server
 * never learns which member is proving (no per-member request ever leaves the device).
 */
export class HolderClient {
  readonly #http: Transport;
  readonly #o: HolderClientOptions;
  #membership?: Promise<Membership>;
  #enrollment?: Promise<Enrollment>;

  constructor(o: HolderClientOptions) {
    this.#http = new Transport(o);
    this.#o = o;
  }

  /**
   * The registry's membership circuit and keys: downloaded by SHA-256 on first use (every hash
   * checked), cached on disk after. Never built on the device: the registry would refuse it.
   */
  membership(): Promise<Membership> {
    this.#membership ??= Membership.load({
      registry: this.#o.baseUrl,
      home: this.#o.home,
      fetch: this.#o.fetch,
    });
    this.#membership.catch(() => {
      this.#membership = undefined; // a failed download is retried next time
    });
    return this.#membership;
  }

  /** The registry's enrollment circuit, keys and manifest, fetched and checked as membership(). */
  enrollment(): Promise<Enrollment> {
    this.#enrollment ??= Enrollment.load({
      registry: this.#o.baseUrl,
      home: this.#o.home,
      fetch: this.#o.fetch,
    });
    this.#enrollment.catch(() => {
      this.#enrollment = undefined;
    });
    return this.#enrollment;
  }

  info(): Promise<ServerInfo> {
    return this.#http.request("GET", "/v1/info");
  }

  /** Sends an enrollment proof made on this device; 201 gives the member's index and the new root. */
  enroll(proof: EnrollmentProof): Promise<EnrollResult> {
    return this.#http.request("POST", "/v1/enroll", proof);
  }

  /**
   * Proves enrollment on this device (the face never leaves it: only tags and the proof do) and
   * sends it, with the registry's enrollment files unless `enrollment` is given. Refuses early
   * when the server verifies another enrollment circuit.
   */
  async proveAndEnroll(
    request: EnrollRequest,
    opts: { enrollment?: Enrollment } = {},
  ): Promise<EnrollResult & { proof: EnrollmentProof }> {
    const enrollment = opts.enrollment ?? (await this.enrollment());
    const remote = (await this.info()).circuits.enrollment;
    if (remote && remote.id !== enrollment.id)
      throw new ZkpopTransportError(
        `the server verifies another enrollment circuit (${remote.id.slice(0, 12)}…); this device has ${enrollment.id.slice(0, 12)}…`,
      );
    const { proof } = await enrollment.enroll(request);
    return { ...(await this.enroll(proof)), proof };
  }

  group(): Promise<GroupState> {
    return this.#http.request("GET", "/v1/group");
  }

  members(from = 0, limit = 1000): Promise<MembersPage> {
    return this.#http.request("GET", `/v1/group/members?from=${from}&limit=${limit}`);
  }

  /**
   * All members, page by page, rebuilt into a Group whose root is checked against the
   * server's. If someone enrolls while we page (the root moves), start again.
   */
  async fetchGroup(pageSize = 1000, attempts = 5): Promise<Group> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const first = await this.members(0, pageSize);
      const members = [...first.members];
      let next = first.next;
      let moved = false;
      while (next !== null && !moved) {
        const page = await this.members(next, pageSize);
        moved = page.root !== first.root;
        members.push(...page.members);
        next = page.next;
      }
      if (moved) continue;
      const group = new Group(members.map(BigInt));
      const root = group.size === 0 ? null : group.root.toString();
      if (root !== first.root)
        throw new ZkpopTransportError("the members do not hash to the root the server reports");
      return group;
    }
    throw new ZkpopTransportError(`the group kept changing while it was fetched (${attempts} attempts)`);
  }

  /**
   * Fetch the group and prove membership for `rpId:action` on this device, with the registry's
   * membership files unless `membership` is given. Refuses early when the circuit is not the one
   * the server verifies with (different key hash or depth).
   */
  async prove(
    identity: Identity,
    request: { rpId: string; action: string; message?: bigint | number | string },
    opts: { membership?: Membership; group?: Group } = {},
  ): Promise<MembershipProof> {
    const membership = opts.membership ?? (await this.membership());
    const [info, group] = await Promise.all([this.info(), opts.group ?? this.fetchGroup()]);
    const remote = info.circuits.membership;
    if (remote) {
      const local = membership.artifacts.manifest.sha256.vkey;
      if (remote.sha256.vkey !== local || remote.depth !== membership.depth)
        throw new ZkpopTransportError(
          `the server verifies with another membership circuit (depth ${remote.depth}, vkey ${remote.sha256.vkey.slice(0, 12)}); ` +
            `this device has depth ${membership.depth}, vkey ${local.slice(0, 12)}`,
        );
    }
    return membership.prove(identity, group, scopeOf(request.rpId, request.action), request.message ?? 0);
  }
}
