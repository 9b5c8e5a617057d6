pragma circom 2.1.5;

include "bitify.circom";
include "poseidon.circom";

// Sign of a value known to lie in (-2^(B-1), 2^(B-1)): out = 1 when in >= 0.
// One bit decomposition of in + 2^(B-1); because |in| < 2^(B-1) by the caller's bound, the
// shifted value is in [0, 2^B) and cannot wrap around the field.
template SignBit(B) {
    signal input in;
    signal output out;
    component bits = Num2Bits(B);
    bits.in <== in + (1 << (B - 1));
    out <== bits.out[B - 1];
}

// tag = Poseidon(domain, index, bucket) where bucket packs k sign bits (bit j is 2^j).
template LshTag(k, domain, index) {
    signal input bits[k];
    signal output tag;
    var bucket = 0;
    for (var j = 0; j < k; j++) {
        bucket += bits[j] * (1 << j);
    }
    component h = Poseidon(3);
    h.inputs[0] <== domain;
    h.inputs[1] <== index;
    h.inputs[2] <== bucket;
    tag <== h.out;
}
