// Verifier process: loads the membership verification key once, then checks batches of
// proofs with one final exponentiation each. A child process rather than a worker thread
// because snarkjs (imported by @zkpop/core / @zkpop/prover) breaks inside worker_threads.
import { Membership, type MembershipProof } from "@zkpop/core";
import { loadArtifacts } from "@zkpop/prover";
import type { FromChild, ToChild } from "./protocol.js";

let membership: Membership | undefined;

const send = (m: FromChild) => process.send?.(m);

/** Indexes of the proofs that fail; a proof that makes the batch throw only fails itself. */
function invalidIndexes(m: Membership, proofs: MembershipProof[]): number[] {
  try {
    return m.verifyBatch(proofs).invalid;
  } catch {
    return proofs.flatMap((p, i) => {
      try {
        return m.verifyBatch([p]).allValid ? [] : [i];
      } catch {
        return [i];
      }
    });
  }
}

process.on("message", async (msg: ToChild) => {
  if (msg.type === "init") {
    try {
      membership = await Membership.fromArtifacts(await loadArtifacts(msg.dir), msg.depth);
      send({ type: "ready" });
    } catch (err) {
      send({ type: "error", message: (err as Error).message });
    }
    return;
  }
  if (!membership) return send({ type: "error", id: msg.id, message: "verifier not initialised" });
  send({ type: "result", id: msg.id, invalid: invalidIndexes(membership, msg.proofs) });
});

// The server owns us: when it goes away (even kill -9), so do we.
process.on("disconnect", () => process.exit(0));
