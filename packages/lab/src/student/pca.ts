/**
 * Distillation target space: the teacher's 128-d descriptors, centred on the training mean and
 * projected on their top principal axes (cyclic Jacobi on the 128x128 covariance). A 64-d student
 * then regresses the directions that carry the teacher's identity variance, and the centring
 * makes cosine (and the downstream LSH hyperplanes through the origin) split faces evenly.
 */
export interface Projection {
  mean: Float64Array;
  /** dim rows of length D (row k = k-th principal axis, decreasing variance). */
  axes: Float64Array[];
  /** Variance along each kept axis. */
  variance: number[];
  /** Share of the total variance kept. */
  explained: number;
}

/** Eigen-decomposition of a symmetric matrix (row-major n x n) by cyclic Jacobi rotations. */
export function symmetricEigen(a: Float64Array, n: number): { values: number[]; vectors: Float64Array[] } {
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = A[p * n + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (A[q * n + q]! - A[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = A[k * n + p]!,
            akq = A[k * n + q]!;
          A[k * n + p] = c * akp - s * akq;
          A[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = A[p * n + k]!,
            aqk = A[q * n + k]!;
          A[p * n + k] = c * apk - s * aqk;
          A[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = V[k * n + p]!,
            vkq = V[k * n + q]!;
          V[k * n + p] = c * vkp - s * vkq;
          V[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = [...Array(n).keys()].sort((i, j) => A[j * n + j]! - A[i * n + i]!);
  return {
    values: order.map((i) => A[i * n + i]!),
    vectors: order.map((i) => Float64Array.from({ length: n }, (_, k) => V[k * n + i]!)),
  };
}

/** PCA of the given descriptors, keeping `dim` axes. */
export function fitProjection(data: readonly ArrayLike<number>[], dim: number): Projection {
  const D = data[0]!.length;
  const mean = new Float64Array(D);
  for (const d of data) for (let k = 0; k < D; k++) mean[k]! += d[k]! / data.length;
  const cov = new Float64Array(D * D);
  for (const d of data)
    for (let i = 0; i < D; i++) {
      const di = d[i]! - mean[i]!;
      for (let j = i; j < D; j++) cov[i * D + j]! += (di * (d[j]! - mean[j]!)) / data.length;
    }
  for (let i = 0; i < D; i++) for (let j = 0; j < i; j++) cov[i * D + j] = cov[j * D + i]!;
  const { values, vectors } = symmetricEigen(cov, D);
  const total = values.reduce((a, b) => a + Math.max(0, b), 0);
  const variance = values.slice(0, dim);
  return {
    mean,
    axes: vectors.slice(0, dim),
    variance,
    explained: variance.reduce((a, b) => a + b, 0) / total,
  };
}

/** Centred projection, L2-normalised: the student's regression target. */
export function projectTarget(p: Projection, d: ArrayLike<number>): Float32Array {
  const out = new Float32Array(p.axes.length);
  let n2 = 0;
  p.axes.forEach((ax, k) => {
    let s = 0;
    for (let i = 0; i < ax.length; i++) s += ax[i]! * (d[i]! - p.mean[i]!);
    out[k] = s;
    n2 += s * s;
  });
  const inv = 1 / (Math.sqrt(n2) || 1);
  for (let k = 0; k < out.length; k++) out[k]! *= inv;
  return out;
}
