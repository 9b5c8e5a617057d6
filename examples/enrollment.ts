/**
 * Enrollment from a face photo, as the three parties see it (run: npx tsx examples/enrollment.ts).
 * Photo: ORL face database, Olivetti Research Laboratory (Samaria & Harter 1994).
 */
import { readFileSync } from "node:fs";
import { attestCapture, generateAttesterKey } from "@zkpop/attestation";
import { Enrollment, Identity } from "@zkpop/core";
import { prepareCapture } from "@zkpop/face";

// Capture kiosk (attester): finds and aligns the face, then signs the crop for the holder's identity.
const kiosk = generateAttesterKey();
const holder = new Identity(); // the holder's secret stays on their device
const photo = readFileSync(new URL("../test/fixtures/orl/s1_1.pgm", import.meta.url));
const { crop } = await prepareCapture(new Uint8Array(photo));
const attestation = attestCapture(kiosk.privateKey, {
  pixels: crop.data,
  identityCommitment: holder.commitment,
  capturedAt: Math.floor(Date.now() / 1000),
});

// Holder's device: runs the face model inside the proof; only the tags and the proof leave it.
const zk = await Enrollment.load(); // builds the circuit and keys on first use (minutes), cached after
const { proof, tags } = await zk.enroll({ identity: holder, capture: crop, attestation });

// Registry: checks the proof against the circuit's manifest and its trusted attesters.
const ok = await zk.verify(proof, { trustedAttesters: [kiosk.publicKey] });
console.log(`valid enrollment proof for ${ok.identityCommitment.slice(0, 12)}…: ${tags.length} dedup tags`);
await zk.close();
