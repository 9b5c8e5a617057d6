/** @zkpop/face: face detection (face-api, tfjs on WebAssembly) and the capture pipeline to the aligned crop. */
export {
  DEFAULT_BORDER_FRACTIONS,
  type DetectedFace,
  type DetectOptions,
  detectFace,
  detectFaces,
} from "./detect.js";
export { FaceNotFoundError } from "./errors.js";
export { type FaceRuntime, faceApiModelDir, loadFaceRuntime } from "./faceapi.js";
export { type PreparedCapture, type PrepareOptions, prepareCapture } from "./pipeline.js";
