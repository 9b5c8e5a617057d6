pragma circom 2.1.5;

include "bitify.circom";

// Test circuit for the prover: c = a * b with both factors range-checked to 8 bits.
// Small on purpose (fast setup) yet with a range check to break in negative tests.
template RangeMultiplier() {
    signal input a;
    signal input b;
    signal output c;

    component ra = Num2Bits(8);
    ra.in <== a;
    component rb = Num2Bits(8);
    rb.in <== b;
    c <== a * b;
}

component main {public [a]} = RangeMultiplier();
