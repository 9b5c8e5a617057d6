import { nativeAddon } from "./engine.js";
import { ArtifactIntegrityError, ZkpopError } from "./errors.js";
import { sha256File } from "./hash.js";
import type { NativeProvingKey } from "./native-types.js";
import type { FromWorker, ToWorker } from "./prover-protocol.js";
import type { Groth16Proof } from "./vkey.js";
import { WitnessGenerator } from "./witness.js";

// Runs in a child process: snarkjs' ffjavascript spawns its own threads and does not run
// inside worker_threads; a process also makes cancellation a clean kill.
let generator: WitnessGenerator | undefined;
let zkey: Uint8Array | undefined;
// With the native engine the key is parsed once into the addon's memory and snarkjs never loads.
let nativeKey: NativeProvingKey | undefined;
let snarkjs: typeof import("snarkjs") | undefined;

const send = (m: FromWorker) => process.send?.(m);

async function load(msg: Extract<ToWorker, { type: "load" }>): Promise<void> {
  if (msg.engine === "native") {
    const addon = nativeAddon();
    if (!addon)
      throw new ZkpopError("ENGINE_UNAVAILABLE", "the native addon does not load in the prover process");
    // The addon maps the file itself, so the key never sits in this process's JS heap; it is
    // hashed first (streamed) so that it is the file the parent checked against the manifest.
    const actual = await sha256File(msg.zkeyFile);
    if (actual !== msg.zkeySha256)
      throw new ArtifactIntegrityError(
        `${msg.zkeyFile}: sha256 ${actual} differs from the manifest's ${msg.zkeySha256}`,
      );
    nativeKey = new addon.ProvingKey(msg.zkeyFile);
    generator = await WitnessGenerator.fromWasm(msg.wasm);
  } else {
    // snarkjs is imported only here, so a native prover process never loads it.
    snarkjs = await import("snarkjs");
    // Build the curve (threads, wasm) now rather than inside the first proof; snarkjs caches it.
    [generator] = await Promise.all([
      WitnessGenerator.fromWasm(msg.wasm),
      snarkjs.curves.getCurveFromName("bn128"),
    ]);
    zkey = msg.zkey;
  }
}

process.on("message", async (msg: ToWorker) => {
  if (msg.type === "load") {
    try {
      await load(msg);
      send({ type: "loaded" });
    } catch (e) {
      const code = e instanceof ZkpopError ? e.code : "PROOF_FAILED";
      send({ type: "loadFailed", code, message: (e as Error).message });
    }
    return;
  }
  const { id, input } = msg;
  try {
    if (!generator || !(nativeKey || (zkey && snarkjs)))
      throw new ZkpopError("PROVER_NOT_LOADED", "prover received a proof request before its artifacts");
    send({ type: "progress", id, stage: "witness" });
    const t0 = performance.now();
    // The addon copies the bytes when prove() is called, so the native path reuses one buffer.
    const wtns = await generator.wtns(input, { reuse: nativeKey !== undefined });
    const t1 = performance.now();
    send({ type: "progress", id, stage: "prove" });
    const { proof, publicSignals } = nativeKey
      ? await nativeKey.prove(wtns)
      : await snarkjs!.groth16.prove(zkey!, wtns);
    send({
      type: "proved",
      id,
      proof: proof as unknown as Groth16Proof,
      publicSignals,
      witnessMs: t1 - t0,
      proveMs: performance.now() - t1,
      maxRssBytes: process.resourceUsage().maxRSS * 1024, // maxRSS is in kilobytes
    });
  } catch (e) {
    const code = e instanceof ZkpopError ? e.code : "PROOF_FAILED";
    send({ type: "failed", id, code, message: (e as Error).message });
  }
});
process.on("disconnect", () => process.exit(0));
