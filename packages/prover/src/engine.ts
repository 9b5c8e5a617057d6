import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { ZkpopError } from "./errors.js";
import type { NativeAddon } from "./native-types.js";

/** Which Groth16 engine proves: the C++ addon or snarkjs. */
export type EngineName = "native" | "snarkjs";

export interface EngineInfo {
  engine: EngineName;
  /** Why snarkjs is used, when it is. */
  reason?: string;
  /** Threads the native engine uses. */
  threads?: number;
}

const addonFile = fileURLToPath(new URL("../native/build/Release/zkpop_native.node", import.meta.url));
const reasonFile = fileURLToPath(new URL("../native/build/skip-reason.txt", import.meta.url));

let loaded: { addon?: NativeAddon; reason?: string } | undefined;
let announced = false;

/** The native addon if it was built and loads, whatever ZKPOP_ENGINE says; else undefined. */
export function nativeAddon(): NativeAddon | undefined {
  if (!loaded) loaded = loadAddon();
  return loaded.addon;
}

function loadAddon(): { addon?: NativeAddon; reason?: string } {
  if (!existsSync(addonFile)) {
    const why = existsSync(reasonFile) ? readFileSync(reasonFile, "utf8").trim() : "no build output";
    return { reason: why };
  }
  try {
    return { addon: createRequire(import.meta.url)(addonFile) as NativeAddon };
  } catch (e) {
    return { reason: `failed to load: ${(e as Error).message.split("\n")[0]}` };
  }
}

/**
 * The engine in use: ZKPOP_ENGINE=snarkjs|native forces one (native fails loudly when the
 * addon is missing); otherwise native when the addon loads, snarkjs when it does not.
 */
export function engineInfo(): EngineInfo {
  const forced = process.env.ZKPOP_ENGINE;
  if (forced && forced !== "native" && forced !== "snarkjs") {
    throw new ZkpopError("ENGINE_UNKNOWN", `ZKPOP_ENGINE must be "native" or "snarkjs", not "${forced}"`);
  }
  if (forced === "snarkjs") return { engine: "snarkjs", reason: "ZKPOP_ENGINE=snarkjs" };
  const addon = nativeAddon();
  if (addon) return { engine: "native", threads: addon.buildInfo.threads };
  const reason = `native addon not built: ${loaded?.reason}`;
  if (forced === "native") {
    throw new ZkpopError("ENGINE_UNAVAILABLE", `ZKPOP_ENGINE=native but the ${reason}`);
  }
  return { engine: "snarkjs", reason };
}

/** One line naming the engine, e.g. `engine: native (2 threads)`. */
export function describeEngine(info: EngineInfo = engineInfo()): string {
  return info.engine === "native"
    ? `engine: native (${info.threads} threads)`
    : `engine: snarkjs (${info.reason})`;
}

/** Prints the fallback to snarkjs once per process (not when snarkjs was asked for). */
export function announceFallback(info: EngineInfo): void {
  if (announced || info.engine === "native" || process.env.ZKPOP_ENGINE === "snarkjs") return;
  announced = true;
  console.warn(describeEngine(info));
}
