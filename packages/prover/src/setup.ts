import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import * as snarkjs from "snarkjs";
import type { CompiledCircuit } from "./compile.js";
import { writeDevPtau } from "./dev-ptau.js";
import { type EngineName, engineInfo } from "./engine.js";
import { SetupError } from "./errors.js";
import { sha256File } from "./hash.js";
import { artifactsHome } from "./home.js";
import {
  type ArtifactManifest,
  DEVELOPMENT_NOTE,
  MANIFEST_FILE,
  readManifest,
  type SetupKind,
} from "./manifest.js";
import { NATIVE_DEV_SOURCE, writeNativeDevZkey } from "./native-setup.js";
import type { ProgressFn } from "./progress.js";
import { circuitPower } from "./r1cs.js";

/** snarkjs logs through a logger object; route it to progress events. */
function snarkLogger(stage: string, onProgress?: ProgressFn) {
  const log = (message: string) => onProgress?.({ stage, message });
  return { debug: () => {}, info: log, warn: log, error: log };
}

/** A cached development ptau of at least `power`, written if none exists (single party). */
export async function ensureDevPtau(
  power: number,
  opts: { home?: string; onProgress?: ProgressFn } = {},
): Promise<string> {
  const dir = path.join(artifactsHome(opts.home), "ptau");
  await mkdir(dir, { recursive: true });
  const existing = (await readdir(dir))
    .map((f) => /^dev-(\d+)\.ptau$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) >= power)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  if (existing[0]) return path.join(dir, existing[0][0]);
  const file = path.join(dir, `dev-${power}.ptau`);
  opts.onProgress?.({
    stage: "ptau",
    message: `writing a development powers of tau 2^${power} (single party)`,
  });
  await writeDevPtau(file, power, opts.onProgress);
  return file;
}

interface FinishOptions {
  kind: SetupKind;
  note: string;
  ptau: ArtifactManifest["setup"]["ptau"];
  contributions: Array<{ name: string; hash: string }>;
  beacon: ArtifactManifest["setup"]["beacon"];
  /** Writes the final proving key at the given path. */
  writeZkey: (zkeyPath: string) => Promise<void>;
}

/** The final beacon of snarkjs' phase 2 applied to `zkeyIn`. */
function beaconWriter(zkeyIn: string, hash: string, iterationsExp: number, onProgress?: ProgressFn) {
  return async (zkey: string) => {
    onProgress?.({ stage: "setup", message: "applying the random beacon" });
    await snarkjs.zKey.beacon(
      zkeyIn,
      zkey,
      "zkpop final beacon",
      hash,
      iterationsExp,
      snarkLogger("setup", onProgress),
    );
  };
}

async function ptauRecord(compiled: CompiledCircuit, ptauPath: string, source: string) {
  return { power: circuitPower(compiled.info), sha256: await sha256File(ptauPath), source };
}

/** Writes the final key, exports the verification key, writes the bundle + manifest atomically. */
async function finishSetup(
  compiled: CompiledCircuit,
  outDir: string,
  o: FinishOptions,
  onProgress?: ProgressFn,
) {
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(tmp, { recursive: true });
  try {
    const files = {
      r1cs: "circuit.r1cs",
      wasm: "circuit.wasm",
      zkey: "circuit.zkey",
      vkey: "verification_key.json",
    };
    const zkey = path.join(tmp, files.zkey);
    await o.writeZkey(zkey);
    onProgress?.({ stage: "setup", message: "exporting the verification key" });
    const vkey = await snarkjs.zKey.exportVerificationKey(zkey);
    await writeFile(path.join(tmp, files.vkey), JSON.stringify(vkey, null, 1));
    await copyFile(compiled.r1csPath, path.join(tmp, files.r1cs));
    await copyFile(compiled.wasmPath, path.join(tmp, files.wasm));
    const sha = Object.fromEntries(
      await Promise.all(
        Object.entries(files).map(async ([k, f]) => [k, await sha256File(path.join(tmp, f))]),
      ),
    ) as ArtifactManifest["sha256"];
    const manifest: ArtifactManifest = {
      format: "zkpop-artifacts/1",
      name: compiled.name,
      createdAt: new Date().toISOString(),
      setup: {
        kind: o.kind,
        note: o.note,
        ptau: o.ptau,
        contributions: o.contributions,
        beacon: o.beacon,
      },
      circuit: {
        sourceHash: compiled.sourceHash,
        r1csSha256: compiled.r1csHash,
        constraints: compiled.info.nConstraints,
        nPublic: compiled.info.nPubOut + compiled.info.nPubIn,
        nWires: compiled.info.nWires,
        compiler: compiled.compiler,
        optimization: compiled.optimization,
      },
      files,
      sha256: sha,
    };
    await writeFile(path.join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2));
    try {
      await rename(tmp, outDir);
    } catch (e) {
      // Another process finished the same setup first. Keep its key, never swap a key that
      // someone may already have loaded.
      if (!existsSync(path.join(outDir, MANIFEST_FILE))) throw e;
      await rm(tmp, { recursive: true, force: true });
      return readManifest(outDir);
    }
    return manifest;
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

async function newZkey(compiled: CompiledCircuit, ptauPath: string, out: string, onProgress?: ProgressFn) {
  const res = await snarkjs.zKey.newZKey(compiled.r1csPath, ptauPath, out, snarkLogger("setup", onProgress));
  if (res === -1 || !existsSync(out)) {
    throw new SetupError(
      `snarkjs could not create a proving key for ${compiled.name} from ${ptauPath} (is the ptau large enough for 2^${circuitPower(compiled.info)}?)`,
    );
  }
}

export interface DevSetupResult {
  dir: string;
  manifest: ArtifactManifest;
  cached: boolean;
}

/**
 * Development trusted setup, cached next to the compiled circuit: run twice, work once. With
 * the native engine, one process draws tau, alpha, beta, gamma, delta and writes the proving key
 * directly (no powers of tau); otherwise a locally written powers of tau of the size the circuit
 * needs, snarkjs' Groth16 phase 2 and a random beacon. The manifest says `development`: such keys
 * must never protect anything real.
 */
export async function setupDevelopment(
  compiled: CompiledCircuit,
  opts: { home?: string; onProgress?: ProgressFn; engine?: EngineName } = {},
): Promise<DevSetupResult> {
  const dir = path.join(compiled.dir, "setup-development");
  if (existsSync(path.join(dir, MANIFEST_FILE)))
    return { dir, manifest: await readManifest(dir), cached: true };
  const engine = opts.engine ?? engineInfo().engine;
  if (engine === "native") {
    const manifest = await finishSetup(
      compiled,
      dir,
      {
        kind: "development",
        note: DEVELOPMENT_NOTE,
        ptau: { power: circuitPower(compiled.info), sha256: "", source: NATIVE_DEV_SOURCE },
        contributions: [],
        beacon: { hash: "", iterationsExp: 0 },
        writeZkey: (zkey) => writeNativeDevZkey(compiled, zkey, opts.onProgress),
      },
      opts.onProgress,
    );
    return { dir, manifest, cached: false };
  }
  const ptauPath = await ensureDevPtau(circuitPower(compiled.info), opts);
  const work = path.join(compiled.dir, `phase2-${process.pid}-${Date.now()}`);
  await mkdir(work, { recursive: true });
  try {
    const z0 = path.join(work, "circuit_0000.zkey");
    opts.onProgress?.({
      stage: "setup",
      message: `${compiled.name}: Groth16 phase 2 (${compiled.info.nConstraints} constraints)`,
    });
    await newZkey(compiled, ptauPath, z0, opts.onProgress);
    const beaconHash = randomBytes(32).toString("hex");
    const manifest = await finishSetup(
      compiled,
      dir,
      {
        kind: "development",
        note: DEVELOPMENT_NOTE,
        ptau: await ptauRecord(compiled, ptauPath, "zkpop development ptau (single party, tau discarded)"),
        contributions: [],
        beacon: { hash: beaconHash, iterationsExp: 10 },
        writeZkey: beaconWriter(z0, beaconHash, 10, opts.onProgress),
      },
      opts.onProgress,
    );
    return { dir, manifest, cached: false };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/* ---- production path: external ptau, multi-party phase 2 ---- */

/** Starts a phase-2 ceremony from an external powers of tau (e.g. a public perpetual one). */
export async function startCeremony(
  compiled: CompiledCircuit,
  ptauPath: string,
  outZkey: string,
  onProgress?: ProgressFn,
): Promise<void> {
  if (!existsSync(ptauPath)) throw new SetupError(`powers of tau file not found: ${ptauPath}`);
  await newZkey(compiled, ptauPath, outZkey, onProgress);
}

/** One participant's contribution; returns its hash, which the participant should publish. */
export async function contribute(
  inZkey: string,
  outZkey: string,
  name: string,
  entropy: string = randomBytes(64).toString("hex"),
): Promise<string> {
  const hash = (await snarkjs.zKey.contribute(inZkey, outZkey, name, entropy)) as Uint8Array | number;
  if (!(hash instanceof Uint8Array)) throw new SetupError(`contribution to ${inZkey} failed`);
  return Buffer.from(hash).toString("hex");
}

/** Verifies a ceremony transcript: the key derives from this R1CS and ptau through valid contributions. */
export async function verifyCeremony(
  r1csPath: string,
  ptauPath: string,
  zkeyPath: string,
  onProgress?: ProgressFn,
): Promise<boolean> {
  return (
    (await snarkjs.zKey.verifyFromR1cs(r1csPath, ptauPath, zkeyPath, snarkLogger("verify", onProgress))) ===
    true
  );
}

/**
 * Closes a ceremony: checks the transcript, applies a public beacon (e.g. a future block hash,
 * hex), and writes the production bundle and manifest into the circuit's `setup-production` folder.
 */
export async function finalizeCeremony(
  compiled: CompiledCircuit,
  opts: {
    zkeyPath: string;
    ptauPath: string;
    beaconHash: string;
    iterationsExp?: number;
    contributions: Array<{ name: string; hash: string }>;
    onProgress?: ProgressFn;
  },
): Promise<DevSetupResult> {
  if (!/^[0-9a-fA-F]{2,}$/.test(opts.beaconHash) || opts.beaconHash.length % 2 !== 0) {
    throw new SetupError("the beacon must be an even-length hex string");
  }
  if (!(await verifyCeremony(compiled.r1csPath, opts.ptauPath, opts.zkeyPath, opts.onProgress))) {
    throw new SetupError(
      `the ceremony transcript in ${opts.zkeyPath} does not verify against the circuit and ptau`,
    );
  }
  const dir = path.join(compiled.dir, "setup-production");
  await rm(dir, { recursive: true, force: true }); // a new ceremony result replaces the old one
  const iterationsExp = opts.iterationsExp ?? 10;
  const manifest = await finishSetup(
    compiled,
    dir,
    {
      kind: "production",
      note: `multi-party phase 2 with ${opts.contributions.length} contribution(s) over ${path.basename(opts.ptauPath)}, closed by a public beacon`,
      ptau: await ptauRecord(compiled, opts.ptauPath, path.basename(opts.ptauPath)),
      contributions: opts.contributions,
      beacon: { hash: opts.beaconHash, iterationsExp },
      writeZkey: beaconWriter(opts.zkeyPath, opts.beaconHash, iterationsExp, opts.onProgress),
    },
    opts.onProgress,
  );
  return { dir, manifest, cached: false };
}
