pragma circom 2.1.5;

include "bitify.circom";
include "poseidon.circom";

// imageHash of N grey pixels (one byte each).
//
// Every pixel is range-checked to 8 bits: packing 31 pixels into one field element is only
// injective when each pixel is below 256, and the model must see exactly the pixels that were
// hashed (and signed). Packed elements are absorbed 15 at a time into a Poseidon(16) chain that
// starts from N (length separation): state' = Poseidon(state, e_0 .. e_14), zero-padded.
template ImageHash(N) {
    signal input pixels[N];
    signal output out;

    var E = (N + 30) \ 31;       // packed field elements
    var C = (E + 14) \ 15;       // Poseidon(16) calls

    component range[N];
    for (var i = 0; i < N; i++) {
        range[i] = Num2Bits(8);
        range[i].in <== pixels[i];
    }

    signal packed[E];
    for (var e = 0; e < E; e++) {
        var acc = 0;
        var scale = 1;
        for (var j = 0; j < 31; j++) {
            if (31 * e + j < N) {
                acc += pixels[31 * e + j] * scale;
                scale *= 256;
            }
        }
        packed[e] <== acc;
    }

    component sponge[C];
    for (var c = 0; c < C; c++) {
        sponge[c] = Poseidon(16);
        if (c == 0) {
            sponge[c].inputs[0] <== N;
        } else {
            sponge[c].inputs[0] <== sponge[c - 1].out;
        }
        for (var j = 0; j < 15; j++) {
            if (15 * c + j < E) {
                sponge[c].inputs[j + 1] <== packed[15 * c + j];
            } else {
                sponge[c].inputs[j + 1] <== 0;
            }
        }
    }
    out <== sponge[C - 1].out;
}
