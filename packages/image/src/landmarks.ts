import { ArgumentError } from "@zkpop/errors";
/** The five alignment points, derived from the 68-point (iBUG / dlib) landmark layout. */

export interface Point {
  x: number;
  y: number;
}

/** Order used everywhere: left eye, right eye, nose tip, left mouth corner, right mouth corner (image left/right). */
export type FivePoints = [Point, Point, Point, Point, Point];

function mean(pts: readonly Point[], from: number, to: number): Point {
  let x = 0;
  let y = 0;
  for (let i = from; i <= to; i++) {
    x += pts[i]!.x;
    y += pts[i]!.y;
  }
  const n = to - from + 1;
  return { x: x / n, y: y / n };
}

/** Eye centres are the mean of the six eye-contour points (36..41, 42..47); nose tip 30; mouth corners 48, 54. */
export function fivePointsFrom68(pts: readonly Point[]): FivePoints {
  if (pts.length !== 68) throw new ArgumentError(`expected 68 landmarks, got ${pts.length}`);
  const p = (i: number): Point => ({ x: pts[i]!.x, y: pts[i]!.y });
  return [mean(pts, 36, 41), mean(pts, 42, 47), p(30), p(48), p(54)];
}
