pragma circom 2.1.5;

include "bitify.circom";
include "eddsaposeidon.circom";
include "poseidon.circom";

// The attester's EdDSA-Poseidon (Baby Jubjub) signature over
// Poseidon(imageHash, identityCommitment, capturedAt): the capture station vouches that this
// image was captured live, for this identity, at this time. capturedAt (unix seconds) is
// range-checked to 40 bits so the public value is a plain timestamp.
template Attestation() {
    signal input imageHash;
    signal input identityCommitment;
    signal input capturedAt;
    signal input attesterAx;
    signal input attesterAy;
    signal input sigS;
    signal input sigR8x;
    signal input sigR8y;

    component time = Num2Bits(40);
    time.in <== capturedAt;

    component message = Poseidon(3);
    message.inputs[0] <== imageHash;
    message.inputs[1] <== identityCommitment;
    message.inputs[2] <== capturedAt;

    component sig = EdDSAPoseidonVerifier();
    sig.enabled <== 1;
    sig.Ax <== attesterAx;
    sig.Ay <== attesterAy;
    sig.S <== sigS;
    sig.R8x <== sigR8x;
    sig.R8y <== sigR8y;
    sig.M <== message.out;
}
