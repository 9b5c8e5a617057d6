/**
 * The distillation loop: seeded batches of augmented faces (with mixup of two different faces),
 * cosine + relational loss to the projected teacher descriptors, Adam with warm-up and cosine
 * decay, periodic selection on the validation subjects (kept as the best snapshot).
 */
import type * as tfjs from "@tensorflow/tfjs";
import { evaluateEmbeddings } from "../evaluate.js";
import type { StudentArch } from "./arch.js";
import { type AugmentOptions, augmentFace, DEFAULT_AUGMENT, mixup } from "./augment.js";
import type { FaceItem } from "./dataset.js";
import { distillLoss, type LossWeights } from "./loss.js";
import { initStudent, PIXEL_SCALE, type StudentModel, studentForward } from "./model.js";
import { mulberry32 } from "./prng.js";

type Tf = typeof tfjs;

export interface TrainConfig {
  seed: number;
  steps: number;
  batch: number;
  lr: number;
  lrMin: number;
  warmupSteps: number;
  /** Share of batch samples replaced by a mixup of two different faces. */
  mixupProb: number;
  loss: LossWeights;
  evalEvery: number;
  augment: AugmentOptions;
  /** Stop early (and keep the best snapshot) after this many seconds. */
  maxSeconds: number;
}

export const DEFAULT_TRAIN: TrainConfig = {
  seed: 20261125,
  steps: 1300,
  batch: 64,
  lr: 3e-3,
  lrMin: 5e-5,
  warmupSteps: 100,
  mixupProb: 0.25,
  loss: { cosine: 1, relational: 1 },
  evalEvery: 100,
  augment: DEFAULT_AUGMENT,
  // No time cap by default: a cap that fires makes the result depend on the machine's speed.
  maxSeconds: Number.POSITIVE_INFINITY,
};

export interface TrainSet {
  items: FaceItem[];
  /** Unit target per item (projected teacher descriptor). */
  targets: Float32Array[];
}

export interface HistoryRow {
  step: number;
  /** Training samples seen / training-set size. */
  epoch: number;
  seconds: number;
  lr: number;
  loss: number;
  cosine: number;
  relational: number;
  valEer: number;
  valCos: number;
}

export interface TrainResult {
  model: StudentModel;
  history: HistoryRow[];
  best: HistoryRow;
  stepsRun: number;
  seconds: number;
  msPerStep: number;
}

/** Float input tensor [N, S, S, 1] in network units (byte / PIXEL_SCALE). */
export function toInput(tf: Tf, crops: readonly ArrayLike<number>[], size: number): tfjs.Tensor4D {
  const x = new Float32Array(crops.length * size * size);
  crops.forEach((c, i) => {
    for (let k = 0; k < size * size; k++) x[i * size * size + k] = c[k]! / PIXEL_SCALE;
  });
  return tf.tensor4d(x, [crops.length, size, size, 1]);
}

/** Embeddings of plain crops, in chunks (no gradients kept). */
export function embed(tf: Tf, model: StudentModel, crops: readonly ArrayLike<number>[]): Float32Array[] {
  const size = model.arch.input;
  const out: Float32Array[] = [];
  for (let i = 0; i < crops.length; i += 128) {
    const part = crops.slice(i, i + 128);
    const e = tf.tidy(() => studentForward(tf, model, toInput(tf, part, size)).dataSync() as Float32Array);
    const d = e.length / part.length;
    for (let j = 0; j < part.length; j++) out.push(e.slice(j * d, (j + 1) * d));
  }
  return out;
}

/** Validation: EER (cosine) over all pairs and mean cosine to the targets. */
export function validate(tf: Tf, model: StudentModel, set: TrainSet): { eer: number; cos: number } {
  const emb = embed(
    tf,
    model,
    set.items.map((it) => it.crop),
  );
  const eer = evaluateEmbeddings(
    emb,
    set.items.map((it) => it.label),
    { metric: "cosine" },
  ).eer;
  let cos = 0;
  emb.forEach((e, i) => {
    const t = set.targets[i]!;
    let dot = 0,
      n = 0;
    for (let k = 0; k < e.length; k++) {
      dot += e[k]! * t[k]!;
      n += e[k]! * e[k]!;
    }
    cos += dot / (Math.sqrt(n) || 1) / emb.length;
  });
  return { eer, cos };
}

function snapshot(model: StudentModel): Float32Array[] {
  return model.params.flatMap((p) => [
    p.kernel.dataSync().slice() as Float32Array,
    p.bias.dataSync().slice() as Float32Array,
  ]);
}

function restore(tf: Tf, model: StudentModel, snap: Float32Array[]): void {
  model.params.forEach((p, i) => {
    tf.tidy(() => {
      p.kernel.assign(tf.tensor(snap[2 * i]!, p.kernel.shape));
      p.bias.assign(tf.tensor(snap[2 * i + 1]!, p.bias.shape));
    });
  });
}

export function trainStudent(
  tf: Tf,
  arch: StudentArch,
  cfg: TrainConfig,
  train: TrainSet,
  val: TrainSet,
  log: (msg: string) => void = () => {},
): TrainResult {
  const model = initStudent(tf, arch, mulberry32(cfg.seed));
  const rng = mulberry32(cfg.seed ^ 0x5eed);
  const opt = tf.train.adam(cfg.lr);
  const n = train.items.length;
  const size = arch.input;
  let order: number[] = [];
  const nextIndex = (): number => {
    if (order.length === 0) order = rng.shuffle([...Array(n).keys()]);
    return order.pop()!;
  };
  const history: HistoryRow[] = [];
  let best: HistoryRow | null = null;
  let bestSnap: Float32Array[] | null = null;
  const t0 = performance.now();
  let acc = { loss: 0, cosine: 0, relational: 0, k: 0 };
  let step = 0;
  for (step = 1; step <= cfg.steps; step++) {
    const lr =
      step <= cfg.warmupSteps
        ? (cfg.lr * step) / cfg.warmupSteps
        : cfg.lrMin +
          0.5 *
            (cfg.lr - cfg.lrMin) *
            (1 + Math.cos((Math.PI * (step - cfg.warmupSteps)) / (cfg.steps - cfg.warmupSteps)));
    (opt as unknown as { learningRate: number }).learningRate = lr;
    const xs: Float32Array[] = [];
    const ts: Float32Array[] = [];
    for (let b = 0; b < cfg.batch; b++) {
      const i = nextIndex();
      const a = train.items[i]!;
      const xa = augmentFace(a.source, a.points, rng, cfg.augment);
      if (rng.next() < cfg.mixupProb) {
        let j = rng.int(n);
        while (train.items[j]!.label === a.label) j = rng.int(n);
        const bItem = train.items[j]!;
        const xb = augmentFace(bItem.source, bItem.points, rng, cfg.augment);
        const m = mixup(xa, train.targets[i]!, xb, train.targets[j]!, rng.uniform(0.2, 0.8));
        xs.push(m.x);
        ts.push(m.t);
      } else {
        xs.push(xa);
        ts.push(train.targets[i]!);
      }
    }
    const x = toInput(tf, xs, size);
    const t = tf.tensor2d(Float32Array.from(ts.flatMap((v) => [...v])), [ts.length, ts[0]!.length]);
    let parts: number[] = [];
    const cost = opt.minimize(() => {
      const l = distillLoss(tf, studentForward(tf, model, x), t, cfg.loss);
      parts = [];
      const keep = tf.stack([l.cosine, l.relational]);
      parts = Array.from(keep.dataSync());
      keep.dispose();
      return l.total;
    }, true)!;
    acc.loss += cost.dataSync()[0]!;
    acc.cosine += parts[0]!;
    acc.relational += parts[1]!;
    acc.k++;
    cost.dispose();
    x.dispose();
    t.dispose();
    const seconds = (performance.now() - t0) / 1000;
    const last = step === cfg.steps || seconds > cfg.maxSeconds;
    if (step % cfg.evalEvery === 0 || last) {
      const v = validate(tf, model, val);
      const row: HistoryRow = {
        step,
        epoch: (step * cfg.batch) / n,
        seconds,
        lr,
        loss: acc.loss / acc.k,
        cosine: acc.cosine / acc.k,
        relational: acc.relational / acc.k,
        valEer: v.eer,
        valCos: v.cos,
      };
      history.push(row);
      // Select on validation EER; ties (EER is coarse on 100 images) go to the higher mean cosine.
      if (!best || v.eer < best.valEer || (v.eer === best.valEer && v.cos > best.valCos)) {
        best = row;
        bestSnap = snapshot(model);
      }
      log(
        `step ${step} ep ${row.epoch.toFixed(1)} ${seconds.toFixed(0)}s lr ${lr.toExponential(2)} loss ${row.loss.toFixed(4)} (cos ${row.cosine.toFixed(4)} rel ${row.relational.toFixed(4)}) val EER ${(100 * v.eer).toFixed(2)}% cos ${v.cos.toFixed(4)}${best === row ? " *" : ""}`,
      );
      acc = { loss: 0, cosine: 0, relational: 0, k: 0 };
    }
    if (last) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  const stepsRun = Math.min(step, cfg.steps);
  if (bestSnap) restore(tf, model, bestSnap);
  return { model, history, best: best!, stepsRun, seconds, msPerStep: (1000 * seconds) / stepsRun };
}
