import { parentPort } from "node:worker_threads";
import mcl from "mcl-wasm";
import { frFromBigint, G1_GENERATOR, G2_GENERATOR, g1, g2, initMcl, pointToLem } from "./mcl-curve.js";

/** Worker of the development ptau writer: scalars in, generator multiples in snarkjs layout out. */
export interface PtauTask {
  id: number;
  group: "G1" | "G2";
  scalars: bigint[];
}

const ready = initMcl();
parentPort?.on("message", async (task: PtauTask) => {
  await ready;
  const isG1 = task.group === "G1";
  const size = isG1 ? 64 : 128;
  const gen1 = g1(G1_GENERATOR.x, G1_GENERATOR.y);
  const gen2 = g2(G2_GENERATOR.x, G2_GENERATOR.y);
  const out = new Uint8Array(task.scalars.length * size);
  task.scalars.forEach((s, i) => {
    const k = frFromBigint(s);
    const p = isG1 ? mcl.mul(gen1, k) : mcl.mul(gen2, k);
    p.normalize();
    pointToLem(p, out, i * size);
  });
  parentPort!.postMessage({ id: task.id, points: out }, [out.buffer]);
});
