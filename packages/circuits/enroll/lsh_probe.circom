pragma circom 2.1.5;

include "bitify.circom";
include "poseidon.circom";

// The least-confident check: e is one-hot at the smallest of k distinct keys below 2^KB.
// Every key other than the selected one must exceed it: key - tau - 1 + e >= 0, as KB bits.
template LeastConfident(k, KB) {
    signal input key[k];
    signal input e[k];
    signal ek[k];
    component order[k];
    var ones = 0;
    var tau = 0;
    for (var j = 0; j < k; j++) {
        e[j] * (e[j] - 1) === 0;
        ones += e[j];
        ek[j] <== e[j] * key[j];
        tau += ek[j];
    }
    ones === 1;
    for (var j = 0; j < k; j++) {
        order[j] = Num2Bits(KB);
        order[j].in <== key[j] - tau - 1 + e[j];
    }
}

// One table of the least-confident multi-probe (t = 1, issue 12): the tag of the bucket of k sign
// bits and the tag of the bucket with its least-confident bit flipped. Confidence is
// c = p for p >= 0 and -p - 1 for p < 0 (|p| up to rounding, read off the sign gadget's bits);
// the least-confident bit has the smallest key c·16 + j, unique, so ties go to the lowest index
// and the choice is a function of the projections: the prover cannot pick another bit.
// Needs k <= 16 and |proj| < 2^(B-1).
template LshProbeTable(k, B, domain, index) {
    signal input proj[k];
    signal output tag;
    signal output probe;
    var half = 1 << (B - 1);
    component bits[k];
    signal s[k];
    signal cs[k];
    signal key[k];
    signal e[k];
    signal flip[k];
    for (var j = 0; j < k; j++) {
        bits[j] = Num2Bits(B);
        bits[j].in <== proj[j] + half;
        s[j] <== bits[j].out[B - 1];
        var low = 0;
        for (var i = 0; i < B - 1; i++) {
            low += bits[j].out[i] * (1 << i);
        }
        // c = s ? low : half - 1 - low
        cs[j] <== s[j] * (2 * low - half + 1);
        key[j] <== (half - 1 - low + cs[j]) * 16 + j;
    }
    // Witness: the one-hot position of the smallest key; LeastConfident enforces it.
    var best = 0;
    for (var j = 1; j < k; j++) {
        if (key[j] < key[best]) {
            best = j;
        }
    }
    for (var j = 0; j < k; j++) {
        e[j] <-- j == best ? 1 : 0;
    }
    component choice = LeastConfident(k, B + 3);
    choice.key <== key;
    choice.e <== e;
    var bucket = 0;
    var flipped = 0;
    for (var j = 0; j < k; j++) {
        flip[j] <== s[j] * e[j];
        bucket += s[j] * (1 << j);
        flipped += (s[j] + e[j] - 2 * flip[j]) * (1 << j);
    }
    component h = Poseidon(3);
    h.inputs[0] <== domain;
    h.inputs[1] <== index;
    h.inputs[2] <== bucket;
    tag <== h.out;
    component hp = Poseidon(3);
    hp.inputs[0] <== domain;
    hp.inputs[1] <== index;
    hp.inputs[2] <== flipped;
    probe <== hp.out;
}
