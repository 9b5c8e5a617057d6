import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Identity } from "@semaphore-protocol/identity";
import { packGroth16Proof } from "@semaphore-protocol/proof";
import { type Attestation, imageHash, verifyAttestation } from "@zkpop/attestation";
import { enrollInput } from "@zkpop/enroll-circuit";
import {
  ArtifactIntegrityError,
  ArtifactMissingError,
  Groth16Verifier,
  type LoadedArtifacts,
  loadArtifacts,
  MalformedProofError,
  type ProveOptions,
  Prover,
} from "@zkpop/prover";
import { announceBuild } from "../build-notice.js";
import { checkGroth16 } from "../check-proof.js";
import { parseProofShape } from "../proof-format.js";
import { fetchRegistryArtifacts } from "../registry-artifacts.js";
import { sharedInstance } from "../shared-instance.js";
import {
  buildEnrollmentArtifacts,
  ENROLLMENT_MANIFEST_FILE,
  type EnrollmentArtifactOptions,
} from "./artifacts.js";
import { CircuitMismatchError, EnrollmentInputError, UnknownAttesterError } from "./errors.js";
import {
  type EnrollmentCircuitInfo,
  type EnrollmentManifest,
  type EnrollmentProof,
  enrollmentProofSchema,
} from "./format.js";
import { enrollmentManifestId } from "./manifest.js";

/** Where a device gets its enrollment files: a registry's base URL (and an injected fetch). */
export interface RegistrySource {
  registry?: string;
  fetch?: typeof fetch;
}

/** What the holder's device has: its identity, the signed face crop and the attester's signature. */
export interface EnrollRequest {
  identity: Identity | { commitment: bigint };
  /** The aligned grayscale crop the attester signed (one byte a pixel), or just its pixels. */
  capture: Uint8Array | { width: number; height: number; data: Uint8Array };
  attestation: Attestation;
}

/** What enroll() gives: the proof to send, its public signals and tags, and how long each step took. */
export interface EnrollmentResult {
  /** The proof as it travels to the registry (public signals by name + packed Groth16 proof). */
  proof: EnrollmentProof;
  /** Public signals in circuit order. */
  publicSignals: string[];
  /** The L dedup tags (also in `proof.tags`). */
  tags: string[];
  witnessMs: number;
  proveMs: number;
}

/** What verify() checks beyond the proof itself. */
export interface VerifyEnrollmentOptions {
  /** Attester public keys to accept; when given, any other signer is UNKNOWN_ATTESTER. */
  trustedAttesters?: ReadonlyArray<{ x: bigint | string; y: bigint | string }>;
}

/** Validates the wire shape and field ranges of an enrollment proof (typed errors, no crypto). */
export function parseEnrollmentProof(proof: unknown): EnrollmentProof {
  return parseProofShape(enrollmentProofSchema, proof);
}

/** Public signals of the enrollment circuit, in circuit order: tags, then the public inputs. */
export function enrollmentPublicSignals(p: EnrollmentProof): string[] {
  return [...p.tags, p.identityCommitment, String(p.capturedAt), p.attester.x, p.attester.y];
}

/**
 * Enrollment proofs: the attested face crop, run through the in-circuit face model, gives L
 * dedup tags; nothing else about the face leaves the device. Proving keeps the circuit loaded
 * in a child process; verifying checks the manifest id, then the pairing.
 */
export class Enrollment {
  private prover?: Prover;

  private constructor(
    readonly artifacts: LoadedArtifacts,
    readonly manifest: EnrollmentManifest,
    /** The manifest id every proof must name. */
    readonly id: string,
    private readonly verifier: Groth16Verifier,
  ) {}

  /**
   * With `registry`: the registry's enrollment files (circuit, keys, enrollment manifest),
   * downloaded once with every SHA-256 checked and cached. Without: built on this machine when
   * missing (about 1.5 minutes on 2 cores with the native engine, far longer with snarkjs:
   * 12 minutes at 2^17, and this circuit is 2^18; announced first; cached after), and then only
   * a registry using these very keys accepts the proofs.
   */
  static async load(opts: EnrollmentArtifactOptions & RegistrySource = {}): Promise<Enrollment> {
    if (opts.registry !== undefined)
      return Enrollment.fromDir(
        await fetchRegistryArtifacts({ ...opts, registry: opts.registry, circuit: "enrollment" }),
      );
    const built = await buildEnrollmentArtifacts({
      ...opts,
      onProgress: announceBuild(
        "the enrollment circuit (face model + LSH) and its development keys",
        "about 1.5 minutes on 2 cores with the native engine, far longer with snarkjs",
        opts.onProgress,
      ),
    });
    return Enrollment.fromDir(built.dir);
  }

  /** Loads already built artifacts (e.g. shipped by a registry), checking the manifest against the key. */
  static async fromDir(dir: string): Promise<Enrollment> {
    const artifacts = await loadArtifacts(dir);
    const file = path.join(dir, ENROLLMENT_MANIFEST_FILE);
    let manifest: EnrollmentManifest;
    try {
      manifest = JSON.parse(await readFile(file, "utf8")) as EnrollmentManifest;
    } catch {
      throw new ArtifactMissingError(`no readable enrollment manifest at ${file}: run \`zkpop setup\``);
    }
    if (manifest.format !== "zkpop-enrollment/1" || manifest.vkeySha256 !== artifacts.manifest.sha256.vkey)
      throw new ArtifactIntegrityError(`${file} does not describe the verification key beside it`);
    if (manifest.publicSignals.length !== artifacts.manifest.circuit.nPublic)
      throw new ArtifactIntegrityError(`${file}: public signal layout differs from the circuit's`);
    // The probe circuit (an option of buildEnrollCircuit) has probes[L] after tags[L]; proofs and
    // the registry's matching rule do not carry them yet, so such artifacts are refused here.
    if (manifest.lsh.probe)
      throw new ArtifactIntegrityError(
        `${file}: the least-confident probe scheme is not supported by proofs yet`,
      );
    const verifier = await Groth16Verifier.create(artifacts.vkey);
    return new Enrollment(artifacts, manifest, enrollmentManifestId(manifest), verifier);
  }

  get info(): EnrollmentCircuitInfo {
    return { id: this.id, manifest: this.manifest };
  }

  private input(req: EnrollRequest): Record<string, unknown> {
    const { width, height } = this.manifest.model.crop;
    const pixels = req.capture instanceof Uint8Array ? req.capture : req.capture.data;
    const dims = req.capture instanceof Uint8Array ? null : { w: req.capture.width, h: req.capture.height };
    if (pixels.length !== width * height || (dims && (dims.w !== width || dims.h !== height)))
      throw new EnrollmentInputError(
        "CAPTURE_SIZE_MISMATCH",
        `the circuit takes a ${width}×${height} crop (${width * height} bytes), got ${dims ? `${dims.w}×${dims.h}` : `${pixels.length} bytes`}`,
      );
    const a = req.attestation;
    if (req.identity.commitment !== a.identityCommitment)
      throw new EnrollmentInputError(
        "IDENTITY_MISMATCH",
        "the attestation was signed for another identity commitment",
      );
    if (imageHash(pixels) !== a.imageHash)
      throw new EnrollmentInputError(
        "CAPTURE_TAMPERED",
        "the crop's pixels are not the ones the attester signed",
      );
    if (!verifyAttestation(a))
      throw new EnrollmentInputError("ATTESTATION_INVALID", "the attester's signature does not verify");
    return enrollInput(pixels, a);
  }

  /**
   * Starts the proving process and loads the circuit, key and curve now, so that the first
   * enroll() costs what later ones do (call it while the user is still being captured).
   */
  async warm(): Promise<void> {
    this.prover ??= new Prover(this.artifacts);
    await this.prover.warm();
  }

  /**
   * Proves enrollment on this device. Checks the request first (typed errors, nothing proven),
   * then computes the witness and the Groth16 proof (seconds; progress and cancellation via opts).
   */
  async enroll(req: EnrollRequest, opts: ProveOptions = {}): Promise<EnrollmentResult> {
    const input = this.input(req);
    this.prover ??= new Prover(this.artifacts);
    const r = await this.prover.prove(input, opts);
    const L = this.manifest.lsh.tables;
    const tags = r.publicSignals.slice(0, L);
    const a = req.attestation;
    const proof: EnrollmentProof = {
      circuit: this.id,
      identityCommitment: a.identityCommitment.toString(),
      capturedAt: a.capturedAt,
      attester: { x: a.attester.x.toString(), y: a.attester.y.toString() },
      tags,
      points: packGroth16Proof(r.proof as never).map(String),
    };
    return { proof, publicSignals: r.publicSignals, tags, witnessMs: r.witnessMs, proveMs: r.proveMs };
  }

  /**
   * Verifies an enrollment proof; resolves its public values when valid, throws a typed error
   * otherwise: MALFORMED_PROOF / NON_CANONICAL_FIELD, CIRCUIT_MISMATCH, UNKNOWN_ATTESTER (when
   * trusted attesters are given), INVALID_PROOF when the pairing check fails.
   */
  async verify(proof: unknown, opts: VerifyEnrollmentOptions = {}): Promise<EnrollmentProof> {
    const p = parseEnrollmentProof(proof);
    if (p.circuit !== this.id) throw new CircuitMismatchError(this.id, p.circuit);
    if (p.tags.length !== this.manifest.lsh.tables)
      throw new MalformedProofError(`tags: expected ${this.manifest.lsh.tables}, got ${p.tags.length}`);
    if (
      opts.trustedAttesters &&
      !opts.trustedAttesters.some((k) => String(k.x) === p.attester.x && String(k.y) === p.attester.y)
    )
      throw new UnknownAttesterError();
    checkGroth16(this.verifier, p.points, enrollmentPublicSignals(p));
    return p;
  }

  async close(): Promise<void> {
    await this.prover?.close();
  }
}

/** The default Enrollment (committed student model, default LSH), built on first use; a failed build is retried on the next call. */
export const defaultEnrollment: () => Promise<Enrollment> = sharedInstance(() => Enrollment.load());

/** Proves enrollment with the default circuit (see Enrollment.enroll). */
export async function enroll(req: EnrollRequest, opts: ProveOptions = {}): Promise<EnrollmentResult> {
  return (await defaultEnrollment()).enroll(req, opts);
}

/** Verifies an enrollment proof against the default circuit's manifest (see Enrollment.verify). */
export async function verifyEnrollment(
  proof: unknown,
  opts: VerifyEnrollmentOptions = {},
): Promise<EnrollmentProof> {
  return (await defaultEnrollment()).verify(proof, opts);
}
