/** The evaluation's input: ORL images of the requested subjects under a data directory, checked up front. */
import { existsSync, statSync } from "node:fs";
import { ZkpopError } from "@zkpop/errors";
import { listOrlImages, type OrlImage, parseSubjects } from "../orl.js";

/**
 * The single held-out set of `--subjects` before issue 12. The committed student (v3) now trains on
 * s1–s30, so only subjects beyond s30 are held out for it; the cross-validated card is the honest one.
 */
export const DEFAULT_EVAL_SUBJECTS = "21-30";

export interface EvalInputs {
  subjects: number[];
  images: OrlImage[];
}

/**
 * Resolves the subject spec and lists the images. Fails before any model is loaded, with a code:
 * EVAL_DATA_MISSING (no such directory), EVAL_SUBJECTS_INVALID (unparseable spec),
 * EVAL_DATA_EMPTY (no image of those subjects), EVAL_TOO_FEW_SUBJECTS (no impostor pairs possible).
 */
export function evalInputs(dataDir: string, subjects: string | readonly number[]): EvalInputs {
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory())
    throw new ZkpopError("EVAL_DATA_MISSING", `data directory ${dataDir} does not exist`);
  let list: number[];
  try {
    list = typeof subjects === "string" ? parseSubjects(subjects) : [...subjects];
  } catch (e) {
    throw new ZkpopError("EVAL_SUBJECTS_INVALID", (e as Error).message, { cause: e });
  }
  if (list.length === 0 || !list.every((s) => Number.isInteger(s) && s > 0))
    throw new ZkpopError("EVAL_SUBJECTS_INVALID", "subjects must be positive integers, e.g. 21-30");
  const images = listOrlImages(dataDir, list);
  if (images.length === 0)
    throw new ZkpopError(
      "EVAL_DATA_EMPTY",
      `no ORL images (sN/M.pgm) of subjects ${list.join(",")} under ${dataDir}`,
    );
  const present = new Set(images.map((i) => i.subject));
  if (present.size < 2)
    throw new ZkpopError(
      "EVAL_TOO_FEW_SUBJECTS",
      `need images of at least 2 subjects for impostor pairs, found ${present.size}`,
    );
  return { subjects: list, images };
}
