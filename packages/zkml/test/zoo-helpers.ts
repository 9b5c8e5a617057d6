import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { loadDigits } from "../src/zoo.js";

export const digits = loadDigits();
/** 64 training images: the calibration set (held-out images are never used to choose scales). */
export const calibration = digits.train.slice(0, 64).map((i) => digits.images[i]!);
export const tmpModelDir = (name: string) => mkdtemp(path.join(os.tmpdir(), `zkml-${name}-`));

/** A deep copy to tamper with. */
export const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
