import { loadFaceRuntime, type PreparedCapture, prepareCapture } from "@zkpop/face";
import { beforeAll, describe, expect, it } from "vitest";
import { orlFixture } from "../../../test/fixtures.js";
import { similarity, teacherChip, teacherDescriptor } from "../src/index.js";

// The teacher (face-api's 128-d recognition net) is the lab's: it fits and judges the student,
// and no runtime package uses it. Captures come from the runtime's own pipeline (@zkpop/face).

const T = 60_000;
const fixture = (name: string) => orlFixture(name);
let a: PreparedCapture;

beforeAll(async () => {
  await loadFaceRuntime();
  a = await prepareCapture(fixture("s1_1"));
}, T);

describe("teacher", () => {
  it(
    "gives 128-d descriptors that match the same person and not another",
    async () => {
      const b = await prepareCapture(fixture("s1_2"));
      const c = await prepareCapture(fixture("s2_1"));
      const [da, db, dc] = await Promise.all(
        [a, b, c].map((p) => teacherDescriptor(teacherChip(p.decoded.gray, p.face.points5).crop)),
      );
      expect(da).toHaveLength(128);
      const same = -similarity(da!, db!);
      const other = -similarity(da!, dc!);
      // face-api's customary decision threshold is a Euclidean distance of 0.6.
      expect(same).toBeLessThan(0.6);
      expect(other).toBeGreaterThan(same);
      // Same input, same descriptor.
      const again = await teacherDescriptor(teacherChip(a.decoded.gray, a.face.points5).crop);
      expect([...again]).toEqual([...da!]);
    },
    T,
  );
});
