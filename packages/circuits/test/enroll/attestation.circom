pragma circom 2.1.5;
include "../../enroll/attestation.circom";
// Test wrapper: the attestation check with the enrollment proof's public inputs.
component main {public [attesterAx, attesterAy, identityCommitment, capturedAt]} = Attestation();
