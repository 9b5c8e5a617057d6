/**
 * A platform builder who installs @zkpop/core, @zkpop/client or @zkpop/server gets no ML runtime:
 * the production dependency closure of each, read from package-lock.json with Node's resolution
 * (nested node_modules first, then up to the root; workspace links followed), has no TensorFlow.js,
 * face-api or onnxruntime. The face package must have them, which shows the walk finds them.
 */
import { describe, expect, it } from "vitest";
import { closure } from "./lockfile.js";

const ML_RUNTIME = [/^@tensorflow\//, /face-api/, /^onnxruntime/];

const mlIn = (root: string) =>
  [...closure(root).values()].filter((n) => ML_RUNTIME.some((re) => re.test(n))).sort();

describe("no ML runtime under the packages a platform builder installs", () => {
  for (const pkg of ["core", "client", "server", "errors", "attestation", "enroll-circuit", "image"]) {
    it(`@zkpop/${pkg}`, () => {
      expect(mlIn(`packages/${pkg}`)).toEqual([]);
    });
  }

  it("finds the ML runtime where it is (@zkpop/face, @zkpop/lab): the walk is not blind", () => {
    expect(mlIn("packages/face")).toEqual(
      expect.arrayContaining(["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "@vladmandic/face-api"]),
    );
    expect(mlIn("packages/lab")).toEqual(expect.arrayContaining(["onnxruntime-node"]));
  });
});
