pragma circom 2.1.5;
include "../../enroll/lsh_probe.circom";
// Test wrapper: the least-confident check alone, the selection given as an input (k = 7, keys < 2^24).
component main = LeastConfident(7, 24);
