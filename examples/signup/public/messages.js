// What each refusal means for the person in front of the page, by error code (zkpop has one
// error table, @zkpop/errors): every code the registry can send, this app's own, and those
// @zkpop/web raises in the page.
const TRY_AGAIN = "Something went wrong on our side. Please reload the page and try again.";
const MISCONFIGURED = "This site is not set up correctly with the registry. Please tell the site's operator.";
const UNAVAILABLE = "The registry is not available right now. Please try again in a few minutes.";

export const SENTENCES = {
  // The registry (see @zkpop/client's ERROR_CODES).
  DUPLICATE_PERSON:
    "This person is already enrolled, under another identity. Each person can enroll only once: use the identity you enrolled with.",
  ALREADY_MEMBER: "This identity is already enrolled. You can sign up now.",
  NULLIFIER_USED: "This person already has an account here. Please sign in to that account instead.",
  UNKNOWN_ATTESTER:
    "This capture was signed by a kiosk the registry does not trust. Please have your face captured at a registered kiosk.",
  ATTESTER_REVOKED:
    "The kiosk that signed this capture is no longer trusted. Please have your face captured again at a registered kiosk.",
  STALE_CAPTURE:
    "This capture is too old (or dated in the future). Please have your face captured again; captures are valid for a few minutes.",
  CIRCUIT_MISMATCH:
    "This page's proving files do not match the registry's. Please reload the page and try again.",
  DEPTH_MISMATCH:
    "This page's proving files do not match the registry's. Please reload the page and try again.",
  INVALID_PROOF: "The proof did not check out. Please reload the page and try again.",
  UNKNOWN_ROOT: "The list of members changed while you were proving. Please try again.",
  EXPIRED_ROOT: "Your proof used an old list of members. Please try again.",
  SCOPE_MISMATCH: "This proof was made for another site. Please try again from this page.",
  MESSAGE_MISMATCH: "This proof was made for another username. Please try again.",
  NON_CANONICAL_FIELD: TRY_AGAIN,
  INVALID_REQUEST: TRY_AGAIN,
  INVALID_JSON: TRY_AGAIN,
  PAYLOAD_TOO_LARGE: TRY_AGAIN,
  UNSUPPORTED_MEDIA_TYPE: TRY_AGAIN,
  NOT_FOUND: TRY_AGAIN,
  METHOD_NOT_ALLOWED: TRY_AGAIN,
  HEADERS_TOO_LARGE: TRY_AGAIN,
  ALREADY_EXISTS: TRY_AGAIN,
  UNAUTHORIZED: MISCONFIGURED,
  FORBIDDEN: MISCONFIGURED,
  RATE_LIMITED: "Too many attempts from here. Please wait a minute and try again.",
  INTERNAL: UNAVAILABLE,
  TOO_MANY_KEYS: MISCONFIGURED,
  NOT_READY: UNAVAILABLE,
  TRANSPORT_FAILED: UNAVAILABLE,
  // This app.
  BAD_USERNAME: "Usernames are 1 to 32 characters: lower-case letters, digits, _ and -.",
  USERNAME_TAKEN: "That username is taken. Please choose another one.",
  CAPTURE_UNREADABLE:
    "This file is not a signed capture from a kiosk. Please choose the file the kiosk gave you.",
  CAPTURE_OTHER_IDENTITY:
    "This capture was signed for another identity. Please have the kiosk sign it for the identity shown on this page.",
  // @zkpop/web, in this page.
  SIGNED_CAPTURE_MALFORMED:
    "This file is not a signed capture from a kiosk. Please choose the file the kiosk gave you.",
  SIGNED_CAPTURE_TAMPERED:
    "This capture was changed after the kiosk signed it. Please have your face captured again at the kiosk.",
  ATTESTATION_INVALID:
    "The kiosk's signature on this capture is not valid. Please have your face captured again at the kiosk.",
  ARTIFACT_MISSING: MISCONFIGURED,
  ARTIFACT_HASH_MISMATCH:
    "A downloaded proving file was damaged or altered, so it was refused. Please reload the page to download it again.",
  PROVER_NOT_LOADED: TRY_AGAIN,
  PROOF_CANCELLED: "Cancelled. Nothing was sent.",
  WITNESS_FAILED:
    "This capture cannot be proven: it may have been altered after the kiosk signed it. Please have your face captured again.",
  PROOF_FAILED: TRY_AGAIN,
  PROVER_EXITED:
    "Your browser stopped the proof (it may be low on memory). Please close other tabs and try again.",
  NOT_A_MEMBER: "You are not enrolled yet. Please enroll first (step 2).",
  SCOPE_INVALID: MISCONFIGURED,
};

/** The sentence for an error thrown by @zkpop/web or answered by the server (`{ error: { code } }`). */
export function sentenceFor(err) {
  const code = err?.code;
  return SENTENCES[code] ?? `${TRY_AGAIN} (${code ?? err?.message ?? "unknown error"})`;
}
