import { ArgumentError } from "@zkpop/errors";
/** A dense float tensor, row-major (NCHW for images), batch dimension included. */
export interface Tensor {
  shape: number[];
  data: Float64Array;
}

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

export function tensor(shape: number[], data?: ArrayLike<number>): Tensor {
  const n = size(shape);
  const out = new Float64Array(n);
  if (data) {
    if (data.length !== n)
      throw new ArgumentError(`tensor data has ${data.length} values, shape ${shape} needs ${n}`);
    out.set(data);
  }
  return { shape: [...shape], data: out };
}

/** Row-major strides of a shape. */
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
}
