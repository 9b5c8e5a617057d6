/** @zkpop/biometric: capture decoding, face detection and alignment, teacher embeddings, evaluation. */

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
  decodeJpeg,
  decodePgm,
  decodePng,
  sniffFormat,
} from "./decode/index.js";
export { MAX_CAPTURE_PIXELS } from "./decode/limits.js";
export {
  DEFAULT_BORDER_FRACTIONS,
  type DetectedFace,
  type DetectOptions,
  detectFace,
  detectFaces,
} from "./detect.js";
export * from "./enroll/index.js";
export {
  BiometricError,
  BiometricInputError,
  CaptureDecodeError,
  type CaptureErrorCode,
  FaceNotFoundError,
} from "./errors.js";
export * from "./eval/index.js";
export {
  evaluateEmbeddings,
  type Metric,
  type PairScores,
  pairScores,
  type RateAtThreshold,
  rateCurve,
  similarity,
  type VerificationReport,
  verificationReport,
} from "./evaluate.js";
export { type FaceRuntime, faceApiModelDir, loadFaceRuntime } from "./faceapi.js";
export {
  type AnyImage,
  type GrayImage,
  grayToRgb,
  isRgb,
  padImage,
  type RgbImage,
  rgbToGray,
  toGray,
  toRgb,
} from "./image.js";
export { type FivePoints, fivePointsFrom68, type Point } from "./landmarks.js";
export { listOrlImages, ORL_CREDIT, type OrlImage, parseSubjects } from "./orl.js";
export { type PreparedCapture, type PrepareOptions, prepareCapture } from "./pipeline.js";
export * from "./student/index.js";
export { TEACHER_DIM, TEACHER_INPUT_SIZE, teacherChip, teacherDescriptor } from "./teacher.js";
