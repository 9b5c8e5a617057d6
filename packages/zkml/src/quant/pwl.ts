/**
 * Piecewise-linear Sigmoid and Tanh: interpolation through knots, constant beyond the outer
 * knots. In the circuit f(x) = f(t0) + sum_i (s_i - s_{i-1}) relu(x - t_i): one exact ReLU per
 * knot inside the input's range, nothing else. Max error (float, before quantisation):
 * Sigmoid 0.0059 (near |x| = 1.87), Tanh 0.0119 (near |x| = 0.93; tanh(x) = 2 sigmoid(2x) - 1
 * doubles the error) — measured by test/api.test.ts.
 */
export const SIGMOID_KNOTS = [-6, -4, -3, -2.25, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2.25, 3, 4, 6];
export const TANH_KNOTS = SIGMOID_KNOTS.map((t) => t / 2);

export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

export function pwlFunction(op: "Sigmoid" | "Tanh"): { f: (x: number) => number; knots: number[] } {
  return op === "Sigmoid" ? { f: sigmoid, knots: SIGMOID_KNOTS } : { f: Math.tanh, knots: TANH_KNOTS };
}

/** Slope changes at each knot: f(x) = f(t0) + sum_i delta_i * relu(x - t_i). */
export function pwlDeltas(f: (x: number) => number, knots: number[]): number[] {
  const y = knots.map(f);
  const slope = knots.map((t, i) => (i + 1 < knots.length ? (y[i + 1]! - y[i]!) / (knots[i + 1]! - t) : 0));
  return slope.map((s, i) => s - (i > 0 ? slope[i - 1]! : 0));
}

export function pwlEval(f: (x: number) => number, knots: number[], x: number): number {
  const d = pwlDeltas(f, knots);
  let y = f(knots[0]!);
  knots.forEach((t, i) => {
    y += d[i]! * Math.max(0, x - t);
  });
  return y;
}
