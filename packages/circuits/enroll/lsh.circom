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

// tag = domain + index * 2^k + bucket, where bucket packs k sign bits (bit j is 2^j). A linear
// form: the output's one constraint. The domain (a 248-bit hash of the model and LSH setting)
// keeps tags of other circuits and other tables apart; hashing a k-bit bucket would hide nothing
// (2^k guesses invert it) for 264 constraints a table.
template LshTag(k, domain, index) {
    signal input bits[k];
    signal output tag;
    var bucket = 0;
    for (var j = 0; j < k; j++) {
        bucket += bits[j] * (1 << j);
    }
    tag <== domain + index * (1 << k) + bucket;
}
