/** @zkpop/circuits: where zkpop's circom sources are, resolved through this package (installed or in the repo). */
import path from "node:path";
import { fileURLToPath } from "node:url";

/** This package's root folder (dist/ sits one level below it, beside enroll/ and zkml/). */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Folder of the enrollment gadgets: image_hash.circom, attestation.circom, lsh.circom (an include path). */
export function enrollCircuitsDir(): string {
  return path.join(root, "enroll");
}

/** Folder of zkml's circom gadgets (rescale-relu.circom; an include path). */
export function zkmlCircuitsDir(): string {
  return path.join(root, "zkml");
}
