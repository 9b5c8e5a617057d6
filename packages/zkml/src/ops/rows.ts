/**
 * An affine map from input tensors to one output tensor, stored row by row (CSR):
 * out[j] = bias[j] + sum_t coef[t] * input[src[t]][idx[t]] for t in start[j]..start[j+1].
 * Every linear and shape op (Conv, Gemm, pooling by average, BatchNorm, Reshape, Concat, ...)
 * is written once as such a map; the float executor evaluates it, the quantiser composes it.
 */
export interface Rows {
  shape: number[];
  start: Int32Array;
  src: Uint8Array;
  idx: Int32Array;
  coef: Float64Array;
  bias: Float64Array;
}

export class RowsBuilder {
  private src: number[] = [];
  private idx: number[] = [];
  private coef: number[] = [];
  private readonly bias: number[] = [];
  private readonly start: number[] = [0];

  term(src: number, idx: number, coef: number): void {
    if (coef === 0) return;
    this.src.push(src);
    this.idx.push(idx);
    this.coef.push(coef);
  }

  end(bias = 0): void {
    this.bias.push(bias);
    this.start.push(this.idx.length);
  }

  build(shape: number[]): Rows {
    return {
      shape,
      start: Int32Array.from(this.start),
      src: Uint8Array.from(this.src),
      idx: Int32Array.from(this.idx),
      coef: Float64Array.from(this.coef),
      bias: Float64Array.from(this.bias),
    };
  }
}

/** Evaluates rows on float inputs. */
export function applyRows(rows: Rows, inputs: Float64Array[]): Float64Array {
  const n = rows.bias.length;
  const out = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let acc = rows.bias[j]!;
    for (let t = rows.start[j]!; t < rows.start[j + 1]!; t++)
      acc += rows.coef[t]! * inputs[rows.src[t]!]![rows.idx[t]!]!;
    out[j] = acc;
  }
  return out;
}
