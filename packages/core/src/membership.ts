import path from "node:path";
import type { Group } from "@semaphore-protocol/group";
import type { Identity } from "@semaphore-protocol/identity";
import { generateProof, packGroth16Proof, unpackGroth16Proof } from "@semaphore-protocol/proof";
import { ArgumentError } from "@zkpop/errors";
import {
  Groth16Verifier,
  type LoadedArtifacts,
  loadArtifacts,
  MalformedProofError,
  type ProgressFn,
  type ProveOptions,
  Prover,
  snarkjsVerify,
  type VerificationKey,
  ZkpopError,
} from "@zkpop/prover";
import { announceBuild } from "./build-notice.js";
import { checkGroth16 } from "./check-proof.js";
import { buildMembershipArtifacts } from "./circuits.js";
import { checkDepth, DEFAULT_DEPTH } from "./membership-depth.js";
import { type MembershipProof, membershipProofSchema, parseProofShape } from "./proof-format.js";
import { fetchRegistryArtifacts, registryInfo } from "./registry-artifacts.js";
import { scopeToField, semaphoreHash } from "./scope.js";
import { sharedInstance } from "./shared-instance.js";

/** NOT_A_MEMBER: the identity proving membership is not in the group given. */
export class NotAMemberError extends ZkpopError {
  constructor() {
    super("NOT_A_MEMBER", "the identity's commitment is not in the group");
  }
}

/** SCOPE_MISMATCH: the proof was made for another scope than the verifier expects. */
export class ScopeMismatchError extends ZkpopError {
  constructor() {
    super("SCOPE_MISMATCH", "the proof was made for another scope");
  }
}

/** DEPTH_MISMATCH: the proof (or a registry) names another tree depth than this verifier checks. */
export class DepthMismatchError extends ZkpopError {
  constructor(expected: number, got: number) {
    super("DEPTH_MISMATCH", `this verifier checks depth-${expected} proofs, the proof says depth ${got}`);
  }
}

function toField(v: bigint | number | string, what: string): bigint {
  let b: bigint | undefined;
  try {
    b = BigInt(v);
  } catch {
    b = undefined;
  }
  if (b === undefined || b < 0n) throw new MalformedProofError(`${what} must be a non-negative integer`);
  return b;
}

/** Public signals of the Semaphore v4 circuit, in circuit order: root, nullifier, hash(message), hash(scope). */
export function membershipPublicSignals(p: MembershipProof): string[] {
  return [
    p.merkleTreeRoot,
    p.nullifier,
    semaphoreHash(BigInt(p.message)).toString(),
    semaphoreHash(BigInt(p.scope)).toString(),
  ];
}

/** Where a Membership gets its circuit: built here (depth, home) or fetched from a registry. */
export interface MembershipOptions {
  /** Maximum group depth the circuit supports (default 20: about a million members). */
  depth?: number;
  /** Artifact cache root (default `./.zkpop` or `$ZKPOP_HOME`). */
  home?: string;
  onProgress?: ProgressFn;
  /**
   * A registry's base URL: prove with its keys, fetched by SHA-256 and cached (never built
   * here). Without it, the keys are built on this machine, and no registry accepts them.
   */
  registry?: string;
  /** Injected fetch for `registry` (default globalThis.fetch). */
  fetch?: typeof fetch;
}

/**
 * Semaphore membership proofs with zkpop's own locally set-up circuit: proving keeps the
 * circuit loaded in a child process (warm proofs), verifying uses our verification key
 * (upstream's bundled keys belong to another setup and reject these proofs).
 */
export class Membership {
  private prover?: Prover;

  private constructor(
    readonly depth: number,
    readonly artifacts: LoadedArtifacts,
    private readonly verifier: Groth16Verifier,
  ) {}

  /**
   * With `registry`: the registry's proving files, downloaded once (every SHA-256 checked) and
   * cached under `<home>/registry/`. Without: this machine's own development keys, built when
   * missing (compile + setup, about 3 minutes on 2 cores, announced first), then cached.
   */
  static async load(opts: MembershipOptions = {}): Promise<Membership> {
    if (opts.registry !== undefined) {
      const info = await registryInfo({ registry: opts.registry, fetch: opts.fetch });
      const depth = info.circuits?.membership?.depth;
      if (opts.depth !== undefined && depth !== undefined && depth !== opts.depth)
        throw new DepthMismatchError(depth, opts.depth);
      const dir = await fetchRegistryArtifacts({ ...opts, registry: opts.registry, circuit: "membership" });
      return Membership.fromArtifacts(await loadArtifacts(dir), depth ?? opts.depth ?? DEFAULT_DEPTH);
    }
    const depth = opts.depth ?? DEFAULT_DEPTH;
    const built = await buildMembershipArtifacts({
      ...opts,
      onProgress: announceBuild(
        `the depth-${depth} Semaphore membership circuit and its development keys`,
        "about 3 minutes on 2 cores",
        opts.onProgress,
      ),
    });
    return Membership.fromArtifacts(await loadArtifacts(built.dir), built.depth);
  }

  static async fromArtifacts(artifacts: LoadedArtifacts, depth: number): Promise<Membership> {
    return new Membership(checkDepth(depth), artifacts, await Groth16Verifier.create(artifacts.vkey));
  }

  get verificationKey(): VerificationKey {
    return this.artifacts.vkey;
  }

  private inputs(identity: Identity, group: Group, scope: string, message: bigint | number | string) {
    const index = group.indexOf(identity.commitment);
    if (index < 0) throw new NotAMemberError();
    const mp = group.generateMerkleProof(index);
    if (mp.siblings.length > this.depth)
      throw new ArgumentError(`the group is deeper (${mp.siblings.length}) than the circuit (${this.depth})`);
    const scopeValue = scopeToField(scope);
    const messageValue = toField(message, "message");
    return {
      mp,
      scopeValue,
      messageValue,
      input: {
        secret: identity.secretScalar,
        merkleProofLength: mp.siblings.length,
        merkleProofIndex: mp.index,
        merkleProofSiblings: Array.from({ length: this.depth }, (_, i) => mp.siblings[i] ?? 0n),
        scope: semaphoreHash(scopeValue),
        message: semaphoreHash(messageValue),
      },
    };
  }

  /** Proves that `identity` is in `group`, for `scope` (`rpId:action`) and a message (e.g. a hash of the signup). */
  async prove(
    identity: Identity,
    group: Group,
    scope: string,
    message: bigint | number | string,
    opts: ProveOptions = {},
  ): Promise<MembershipProof> {
    const { mp, scopeValue, messageValue, input } = this.inputs(identity, group, scope, message);
    this.prover ??= new Prover(this.artifacts);
    const { proof, publicSignals } = await this.prover.prove(input, opts);
    return {
      merkleTreeDepth: this.depth,
      merkleTreeRoot: mp.root.toString(),
      nullifier: publicSignals[1]!,
      message: messageValue.toString(),
      scope: scopeValue.toString(),
      points: packGroth16Proof(proof as never).map(String),
    };
  }

  /**
   * The same proof through upstream's `generateProof` (loads wasm and key on every call):
   * the cold path the benchmark compares against.
   */
  async proveCold(
    identity: Identity,
    group: Group,
    scope: string,
    message: bigint | number | string,
  ): Promise<MembershipProof> {
    this.inputs(identity, group, scope, message); // same validation
    const dir = this.artifacts.dir;
    const files = this.artifacts.manifest.files;
    const p = await generateProof(
      identity,
      group,
      toField(message, "message"),
      scopeToField(scope),
      this.depth,
      {
        wasm: path.join(dir, files.wasm),
        zkey: path.join(dir, files.zkey),
      },
    );
    return { ...p, points: p.points.map(String) } as MembershipProof;
  }

  /**
   * Verifies a membership proof; resolves when valid, throws a typed error otherwise:
   * MALFORMED_PROOF / NON_CANONICAL_FIELD for bad input, DEPTH_MISMATCH, SCOPE_MISMATCH
   * when `expectedScope` is given and differs, INVALID_PROOF when the pairing check fails or a
   * point is not on the curve (as for enrollment).
   */
  async verify(proof: unknown, opts: { expectedScope?: string } = {}): Promise<MembershipProof> {
    const parsed = parseMembershipProof(proof);
    if (parsed.merkleTreeDepth !== this.depth)
      throw new DepthMismatchError(this.depth, parsed.merkleTreeDepth);
    if (opts.expectedScope !== undefined && BigInt(parsed.scope) !== scopeToField(opts.expectedScope))
      throw new ScopeMismatchError();
    checkGroth16(this.verifier, parsed.points, membershipPublicSignals(parsed));
    return parsed;
  }

  /**
   * The same check through snarkjs' own `groth16.verify` (the reference implementation): for
   * audits and as the baseline the benchmarks compare against. Malformed proofs throw as in verify.
   */
  async verifyReference(proof: unknown): Promise<boolean> {
    const parsed = parseMembershipProof(proof);
    if (parsed.merkleTreeDepth !== this.depth) return false;
    return snarkjsVerify(this.artifacts.vkey, {
      proof: unpackGroth16Proof(parsed.points as never) as never,
      publicSignals: membershipPublicSignals(parsed),
    });
  }

  /** Verifies many proofs with one final exponentiation; returns the indexes that fail. */
  verifyBatch(proofs: readonly MembershipProof[]): { allValid: boolean; invalid: number[] } {
    return this.verifier.verifyBatch(
      proofs.map((p) => ({
        proof: unpackGroth16Proof(p.points as never) as never,
        publicSignals: membershipPublicSignals(p),
      })),
    );
  }

  async close(): Promise<void> {
    await this.prover?.close();
  }
}

/** Validates the wire shape and field ranges of a membership proof (typed errors, no crypto). */
export function parseMembershipProof(proof: unknown): MembershipProof {
  return parseProofShape(membershipProofSchema, proof);
}

/** The default Membership (depth 20, default artifact folder), built on first use; a failed build is retried on the next call. */
export const defaultMembership: () => Promise<Membership> = sharedInstance(() =>
  Membership.load({ depth: DEFAULT_DEPTH }),
);

/** A membership proof with the default Membership (depth 20): `identity` is in `group`, for `scope` and `message`. */
export async function proveMembership(
  identity: Identity,
  group: Group,
  scope: string,
  message: bigint | number | string,
): Promise<MembershipProof> {
  return (await defaultMembership()).prove(identity, group, scope, message);
}

/** Verifies a membership proof with the default Membership; resolves its parsed form, throws a typed error otherwise. */
export async function verifyMembership(
  proof: unknown,
  opts: { expectedScope?: string } = {},
): Promise<MembershipProof> {
  return (await defaultMembership()).verify(proof, opts);
}
