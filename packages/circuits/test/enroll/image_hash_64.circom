pragma circom 2.1.5;
include "../../enroll/image_hash.circom";
// Test wrapper: imageHash of 64 pixels.
component main = ImageHash(64);
