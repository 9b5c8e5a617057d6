pragma circom 2.1.0;
// Rescale + ReLU designs compared by bench/zkml.ts. `acc` is an accumulator known to lie in
// [-2^(N-1), 2^(N-1)); S = rescale bits, B = activation bits.
include "bitify.circom";
include "comparators.circom";
include "sign.circom";

// zkml's fused gadget: ONE decomposition of acc + 2^(S-1) + 2^(N-1); the top bit is the sign,
// the low S bits the remainder, the next B bits the output. Bit 0 is an expression, so no
// linear constraint exists: N booleans + 1 product. (With a clamp: + IsZero + 1 select.)
template FusedRescaleRelu(N, S, B, SAT) {
  signal input acc;
  signal output out;
  signal b[N-1];
  var u = acc + 2**(S-1) + 2**(N-1);
  var lc = 0;
  for (var i = 1; i < N; i++) {
    b[i-1] <-- (u >> i) & 1;
    b[i-1] * (b[i-1] - 1) === 0;
    lc += b[i-1] * 2**i;
  }
  var b0 = u - lc;
  b0 * (b0 - 1) === 0;
  var tlo = 0;
  for (var i = 0; i < B; i++) tlo += b[S+i-1] * 2**i;
  var top = b[N-2];
  if (SAT == 0) {
    out <== top * tlo;
  } else {
    var h = 1 - top;
    for (var i = S + B; i < N - 1; i++) h += b[i-1];
    signal inv <-- h != 0 ? 1 / h : 0;
    signal z <== 1 - h * inv;
    h * z === 0;
    out <== z * (tlo - (2**B - 1)) + top * (2**B - 1);
  }
}

// circomlib-ml style: quotient and remainder as hints, remainder checked by a comparator,
// ReLU by IsPositive (Num2Bits(254) + Sign, as circomlib-ml's util.circom).
template NaiveRescaleRelu(N, S, B) {
  signal input acc;
  signal output out;
  signal q;
  signal r;
  var u = acc + 2**(S-1) + 2**(N-1); // shift to non-negative for the integer division hint
  q <-- (u \ 2**S) - 2**(N-1-S);
  r <-- u % 2**S;
  acc + 2**(S-1) === q * 2**S + r;
  component rem = LessThan(S + 1);
  rem.in[0] <== r;
  rem.in[1] <== 2**S;
  rem.out === 1;
  component bits = Num2Bits(254);
  bits.in <== q;
  component sign = Sign();
  for (var i = 0; i < 254; i++) sign.in[i] <== bits.out[i];
  out <== q * (1 - sign.sign);
}

// A careful separate design: Num2Bits(S) on the remainder, a (B+1)-bit comparator for the sign.
template SeparateRescaleRelu(N, S, B) {
  signal input acc;
  signal output out;
  signal q;
  signal r;
  var u = acc + 2**(S-1) + 2**(N-1);
  q <-- (u \ 2**S) - 2**(N-1-S);
  r <-- u % 2**S;
  acc + 2**(S-1) === q * 2**S + r;
  component rem = Num2Bits(S);
  rem.in <== r;
  component pos = LessThan(B + 1);
  pos.in[0] <== 2**B - 1;
  pos.in[1] <== q + 2**B;
  out <== q * pos.out;
}
