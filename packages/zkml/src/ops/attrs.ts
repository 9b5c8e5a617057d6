import { UnsupportedOpError } from "../errors.js";
import type { OnnxNode } from "../onnx/read.js";

export function intAttr(n: OnnxNode, name: string, dflt: number): number {
  const v = n.attrs[name];
  return typeof v === "number" ? v : dflt;
}

export function floatAttr(n: OnnxNode, name: string, dflt: number): number {
  const v = n.attrs[name];
  return typeof v === "number" ? v : dflt;
}

export function intsAttr(n: OnnxNode, name: string, dflt: number[]): number[] {
  const v = n.attrs[name];
  return Array.isArray(v) ? (v as number[]) : dflt;
}

export function unsupported(n: OnnxNode, why: string): never {
  throw new UnsupportedOpError(n.op, n.name, `${n.op} node '${n.name}': ${why}`);
}

/** Spatial geometry shared by Conv and the pools (NCHW, 2-D; 1-D is 2-D with height 1). */
export interface Window {
  kH: number;
  kW: number;
  sH: number;
  sW: number;
  dH: number;
  dW: number;
  pT: number;
  pL: number;
  oH: number;
  oW: number;
}

export function windowOf(n: OnnxNode, H: number, W: number, kernel: number[]): Window {
  if (kernel.length !== 2) unsupported(n, `only 2-D windows are supported (kernel rank ${kernel.length})`);
  if (intAttr(n, "ceil_mode", 0) !== 0)
    unsupported(n, "ceil_mode=1 is not supported; export with ceil_mode=0");
  const [kH, kW] = kernel as [number, number];
  const [sH, sW] = intsAttr(n, "strides", [1, 1]) as [number, number];
  const [dH, dW] = intsAttr(n, "dilations", [1, 1]) as [number, number];
  let pads = intsAttr(n, "pads", [0, 0, 0, 0]);
  const autoPad = (n.attrs.auto_pad as string | undefined) ?? "NOTSET";
  if (autoPad === "SAME_UPPER" || autoPad === "SAME_LOWER") {
    const tot = (inp: number, k: number, s: number, d: number) =>
      Math.max(0, (Math.ceil(inp / s) - 1) * s + (k - 1) * d + 1 - inp);
    const th = tot(H, kH, sH, dH);
    const tw = tot(W, kW, sW, dW);
    const lo = (t: number) => (autoPad === "SAME_UPPER" ? Math.floor(t / 2) : Math.ceil(t / 2));
    pads = [lo(th), lo(tw), th - lo(th), tw - lo(tw)];
  } else if (autoPad === "VALID") pads = [0, 0, 0, 0];
  const [pT, pL, pB, pR] = pads as [number, number, number, number];
  const oH = Math.floor((H + pT + pB - dH * (kH - 1) - 1) / sH) + 1;
  const oW = Math.floor((W + pL + pR - dW * (kW - 1) - 1) / sW) + 1;
  if (oH <= 0 || oW <= 0) unsupported(n, `the window does not fit the ${H}x${W} input`);
  return { kH, kW, sH, sW, dH, dW, pT, pL, oH, oW };
}

/**
 * Every window of a 2-D pooling over an NCHW map, in output order: the flat input indexes each
 * output reads (padding positions excluded), and the window's full size (padding included).
 */
export function* windowTaps(N: number, C: number, H: number, W: number, win: Window): Generator<number[]> {
  for (let bc = 0; bc < N * C; bc++)
    for (let oy = 0; oy < win.oH; oy++)
      for (let ox = 0; ox < win.oW; ox++) {
        const taps: number[] = [];
        for (let ky = 0; ky < win.kH; ky++)
          for (let kx = 0; kx < win.kW; kx++) {
            const iy = oy * win.sH - win.pT + ky * win.dH;
            const ix = ox * win.sW - win.pL + kx * win.dW;
            if (iy >= 0 && iy < H && ix >= 0 && ix < W) taps.push((bc * H + iy) * W + ix);
          }
        yield taps;
      }
}
