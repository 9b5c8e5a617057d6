/** Capture bytes -> decoded image -> detected face -> aligned crop: the whole preprocessing in one call. */

import type { GrayImage } from "@zkpop/image";
import {
  type AlignOptions,
  alignFace,
  type DecodedCapture,
  decodeCapture,
  type Similarity,
} from "@zkpop/image";
import { type DetectedFace, type DetectOptions, detectFace } from "./detect.js";

export interface PreparedCapture {
  decoded: DecodedCapture;
  face: DetectedFace;
  /** The fixed-size grey crop the circuit takes (one byte a pixel). */
  crop: GrayImage;
  cropToImage: Similarity;
}

export interface PrepareOptions extends AlignOptions {
  detect?: DetectOptions;
}

/** Decodes, detects (on colour when the capture has it) and aligns the best face. */
export async function prepareCapture(
  bytes: Uint8Array,
  options: PrepareOptions = {},
): Promise<PreparedCapture> {
  const decoded = decodeCapture(bytes);
  const face = await detectFace(decoded.rgb ?? decoded.gray, options.detect);
  const { crop, cropToImage } = alignFace(decoded.gray, face.points5, options);
  return { decoded, face, crop, cropToImage };
}
