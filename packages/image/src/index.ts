/** @zkpop/image: capture decoding, grey images, five-point alignment and the crop cache (no ML runtime). */
export {
  type AlignedFace,
  type AlignOptions,
  alignFace,
  applySimilarity,
  DEFAULT_CROP_SIZE,
  DEFAULT_PADDING,
  estimateSimilarity,
  type Similarity,
  TEMPLATE_UNIT,
  templatePoints,
} from "./align.js";
export {
  CROP_CACHE_FORMAT,
  type CropCache,
  type CropCacheEntry,
  type CropCacheIndex,
  pointsFromJson,
  pointsToJson,
  readCropCache,
  writeCropCache,
} from "./cache.js";
export {
  type CaptureFormat,
  type DecodedCapture,
  decodeCapture,
  sniffFormat,
} from "./decode/index.js";
export { MAX_CAPTURE_PIXELS } from "./decode/limits.js";
export { CaptureDecodeError, type CaptureErrorCode } from "./errors.js";
export {
  type AnyImage,
  type GrayImage,
  grayToRgb,
  isRgb,
  padImage,
  type RgbImage,
  rgbToGray,
  toRgb,
} from "./image.js";
export { type FivePoints, fivePointsFrom68, type Point } from "./landmarks.js";
