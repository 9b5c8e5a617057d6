/**
 * Every error code zkpop raises, with the HTTP status a server answers it with and what it means.
 * One table for the libraries, the CLI, the server and the client: docs/errors.md is generated
 * from it (and a test checks the two agree), so a code means the same thing everywhere.
 */
export const ERROR_TABLE = {
  // Proofs and verification (the same outcome has the same code for membership and enrollment).
  INVALID_PROOF: [
    400,
    "a well-formed proof that does not verify against the key and public signals (a point off the curve or outside the subgroup included)",
  ],
  MALFORMED_PROOF: [
    400,
    "a proof, key or public signal that is not well formed (wrong shape, type or count)",
  ],
  NON_CANONICAL_FIELD: [
    400,
    "a value that is not a canonical field element (a decimal integer below the order)",
  ],
  CIRCUIT_MISMATCH: [400, "the proof was made for another circuit (model, quantisation, LSH setting or key)"],
  DEPTH_MISMATCH: [400, "the membership proof's tree depth is not the depth this verifier checks"],
  MESSAGE_MISMATCH: [400, "the proof's message is not the one the request names"],
  SCOPE_INVALID: [400, "a scope that is empty, too long or not a valid scope string"],
  SCOPE_MISMATCH: [403, "the proof was made for another scope than the one expected"],
  NOT_A_MEMBER: [400, "the identity is not in the group it tries to prove membership of"],
  UNKNOWN_ROOT: [400, "the proof's Merkle root is not a root of the group"],
  EXPIRED_ROOT: [400, "the proof's Merkle root is an old root no longer accepted"],
  // Enrollment and attestation.
  IDENTITY_MISMATCH: [400, "the attestation signs another identity commitment than the one enrolling"],
  CAPTURE_SIZE_MISMATCH: [400, "the capture does not have the pixel count the enrollment circuit takes"],
  CAPTURE_TAMPERED: [400, "the capture's pixels are not the ones the attestation signs"],
  ATTESTATION_INVALID: [400, "the attestation's signature or fields are not valid"],
  CAPTURED_AT_INVALID: [400, "the capture time is not a valid unix time in seconds"],
  SIGNED_CAPTURE_MALFORMED: [400, "a signed capture file that is not well formed"],
  SIGNED_CAPTURE_TAMPERED: [400, "a signed capture file whose crop does not match its signature"],
  UNKNOWN_ATTESTER: [400, "the capture was not signed by a trusted attester"],
  ATTESTER_REVOKED: [400, "the attester's key has been revoked"],
  STALE_CAPTURE: [400, "the capture is older than the registry accepts (or in the future)"],
  DUPLICATE_PERSON: [409, "the registry already holds an enrollment whose tags match this person's"],
  ALREADY_MEMBER: [409, "the identity commitment is already a member"],
  NULLIFIER_USED: [409, "this person already used a proof for this scope"],
  // Captures, faces and the enrollment circuit's inputs.
  CAPTURE_EMPTY: [400, "the capture file is empty"],
  CAPTURE_UNSUPPORTED_FORMAT: [415, "the capture is not a PNG, JPEG or PGM image"],
  CAPTURE_MALFORMED: [400, "the capture's header or data is malformed"],
  CAPTURE_TRUNCATED: [400, "the capture's data ends early"],
  CAPTURE_TOO_LARGE: [413, "the capture has more pixels than the decoder accepts"],
  FACE_NOT_FOUND: [422, "no face was found in the capture"],
  FACE_RUNTIME_FAILED: [500, "the face detector's runtime (tfjs on WebAssembly, face-api) failed"],
  DATASET_MALFORMED: [400, "a dataset file (e.g. LFW's .npy) that is not in the expected format"],
  CACHE_MALFORMED: [500, "a crop cache file that is not well formed"],
  CACHE_HASH_MISMATCH: [500, "a crop cache's data does not match the hash in its index"],
  MODEL_INPUT_INVALID: [400, "the face model does not take pixel bytes 0..255 as its input"],
  LSH_PARAMS_INVALID: [400, "LSH parameters that do not fit the model (dimension) or are out of range"],
  // zkml: models into circuits.
  ZKML_MODEL_INVALID: [400, "the model file is not ONNX zkml can read"],
  ZKML_UNSUPPORTED_OP: [400, "the model uses an operator (or configuration) zkml cannot put in a circuit"],
  ZKML_DYNAMIC_SHAPE: [400, "a tensor dimension is not known when the model is compiled"],
  ZKML_CALIBRATION: [400, "calibration data is missing or does not match the model input"],
  ZKML_RANGE: [400, "a fixed-point value does not fit the field safely, or an input is out of range"],
  // Circuits, keys and the prover.
  ARTIFACT_MISSING: [500, "a circuit or key file is missing"],
  ARTIFACT_HASH_MISMATCH: [500, "a circuit or key file does not match the hash its manifest records"],
  CIRCUIT_COMPILE_FAILED: [500, "circom could not compile the circuit"],
  SETUP_FAILED: [500, "the trusted setup (powers of tau or phase 2) failed"],
  WITNESS_FAILED: [400, "the inputs do not satisfy the circuit (no witness)"],
  PROOF_FAILED: [500, "the prover failed to make a proof"],
  PROOF_CANCELLED: [499, "the proof was cancelled"],
  PROVER_EXITED: [500, "the prover process exited"],
  PROVER_NOT_LOADED: [500, "the prover was used before it was loaded (or after it was closed)"],
  // Arguments and configuration (libraries and the CLI).
  BAD_ARGUMENT: [400, "a function or command argument out of its range or of the wrong shape"],
  BAD_CONFIG: [500, "configuration (environment or options) that is not valid"],
  EVAL_DATA_MISSING: [400, "the evaluation data directory or a file in it is missing"],
  EVAL_DATA_EMPTY: [400, "the evaluation data has no usable image"],
  EVAL_SUBJECTS_INVALID: [400, "the evaluation subjects are not a valid split"],
  EVAL_TOO_FEW_SUBJECTS: [400, "too few subjects to measure the error rates"],
  DEMO_FAILED: [500, "a step of the demo did not give the expected outcome"],
  // HTTP: the request itself.
  INVALID_JSON: [400, "the body is not valid JSON"],
  INVALID_REQUEST: [400, "the request does not match the endpoint's schema"],
  UNAUTHORIZED: [401, "no or an unknown API key"],
  FORBIDDEN: [403, "the API key may not do this"],
  NOT_FOUND: [404, "no such route or resource"],
  METHOD_NOT_ALLOWED: [405, "the route does not take this method"],
  ALREADY_EXISTS: [409, "the resource already exists"],
  PAYLOAD_TOO_LARGE: [413, "the body is too large"],
  UNSUPPORTED_MEDIA_TYPE: [415, "the body is not UTF-8 application/json"],
  RATE_LIMITED: [429, "too many requests; retry later"],
  TRANSPORT_FAILED: [
    502,
    "no usable answer from the server: connection refused, timeout, or a body that is not a zkpop response",
  ],
  INTERNAL: [500, "an internal error (logged on the server, never sent)"],
  NOT_IMPLEMENTED: [501, "the server has no verifier for this (not wired)"],
  NOT_READY: [503, "the server is starting or its verifiers are not loaded yet"],
} as const satisfies Record<string, readonly [number, string]>;

/** Every code zkpop raises; branch on it, never on a message. */
export type ErrorCode = keyof typeof ERROR_TABLE;

/** The codes, in table order. */
export const ERROR_CODES = Object.freeze(Object.keys(ERROR_TABLE) as ErrorCode[]);

/** True for a string that is one of the codes. */
export function isErrorCode(v: unknown): v is ErrorCode {
  return typeof v === "string" && Object.hasOwn(ERROR_TABLE, v);
}

/** The HTTP status a server answers `code` with. */
export function httpStatus(code: ErrorCode): number {
  return ERROR_TABLE[code][0];
}

/** What `code` means, in one line (the docs table's text). */
export function errorMeaning(code: ErrorCode): string {
  return ERROR_TABLE[code][1];
}

/** The error table as Markdown (code, HTTP status, meaning): what docs/errors.md holds. */
export function errorTableMarkdown(): string {
  const rows = ERROR_CODES.map((c) => `| \`${c}\` | ${httpStatus(c)} | ${errorMeaning(c)} |`);
  return ["| code | HTTP status | meaning |", "|---|---|---|", ...rows].join("\n");
}
