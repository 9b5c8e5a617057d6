/**
 * Options are validated once: each bound lives in one schema beside its default, and the
 * libraries, the CLI's arguments and the server's configuration all parse with it, so a bad
 * value is a typed ZkpopError with the same bounds wherever it comes from. The canonical
 * field check exists once too (the prover's isCanonicalField).
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildMembershipArtifacts, checkDepth, DEFAULT_DEPTH, DEPTH_BOUNDS } from "@zkpop/core";
import {
  buildEnrollCircuit,
  DEFAULT_DEDUP_THRESHOLD,
  DEFAULT_LSH,
  lshHyperplanes,
  studentOnnxPath,
} from "@zkpop/enroll-circuit";
import { ZkpopError } from "@zkpop/errors";
import { loadConfig } from "@zkpop/server";
import { QUANT_DEFAULTS, resolveQuantOptions } from "@zkpop/zkml";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./fixtures.js";

const caught = async (f: () => unknown): Promise<ZkpopError> => {
  try {
    await f();
  } catch (e) {
    if (e instanceof ZkpopError) return e;
    throw e;
  }
  throw new Error("expected a ZkpopError");
};

const DEPTH_RULE = `must be an integer in [${DEPTH_BOUNDS.min}, ${DEPTH_BOUNDS.max}]`;
const PEPPER = "p".repeat(40);
const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(repoRoot, "packages/cli/dist/main.js"), ...args], {
    encoding: "utf8",
    env: { ...process.env, ZKPOP_HOME: path.join(repoRoot, "no-such-home") },
  });

describe("membership depth: one schema for the library, the CLI and the server", () => {
  it("the library refuses a bad depth with BAD_ARGUMENT before any work", async () => {
    expect(checkDepth(DEFAULT_DEPTH)).toBe(20);
    for (const bad of [0, 33, 2.5, Number.NaN, "20"]) {
      const e = await caught(() => checkDepth(bad));
      expect(e.code, String(bad)).toBe("BAD_ARGUMENT");
      expect(e.message).toContain(DEPTH_RULE);
    }
    const e = await caught(() => buildMembershipArtifacts({ depth: 33, home: "/nonexistent" }));
    expect(e).toMatchObject({ code: "BAD_ARGUMENT" });
  });

  it("the server's configuration refuses it with BAD_CONFIG, naming the variable", async () => {
    expect(loadConfig({ env: { ZKPOP_PEPPER: PEPPER } }).membershipDepth).toBe(DEFAULT_DEPTH);
    expect(loadConfig({ env: { ZKPOP_PEPPER: PEPPER, ZKPOP_MEMBERSHIP_DEPTH: "16" } }).membershipDepth).toBe(
      16,
    );
    for (const bad of ["33", "0", "1.5", "deep"]) {
      const e = await caught(() =>
        loadConfig({ env: { ZKPOP_PEPPER: PEPPER, ZKPOP_MEMBERSHIP_DEPTH: bad } }),
      );
      expect(e.code, bad).toBe("BAD_CONFIG");
      expect(e.message).toContain(`membershipDepth: ${DEPTH_RULE} (ZKPOP_MEMBERSHIP_DEPTH)`);
    }
  });

  it("the CLI refuses it with BAD_ARGUMENT and exit code 1, before building anything", () => {
    for (const bad of ["33", "0", "0x10", "1e1", ""]) {
      const r = cli("setup", "--depth", bad);
      expect(r.status, bad).toBe(1);
      expect(r.stderr).toContain(`error BAD_ARGUMENT: --depth ${DEPTH_RULE}`);
    }
  });
});

describe("dedup threshold m: the enrollment circuit's default, the server's setting", () => {
  it("defaults to DEFAULT_DEDUP_THRESHOLD and refuses values out of bounds", async () => {
    expect(loadConfig({ env: { ZKPOP_PEPPER: PEPPER } }).dedupThreshold).toBe(DEFAULT_DEDUP_THRESHOLD);
    const e = await caught(() => loadConfig({ env: { ZKPOP_PEPPER: PEPPER, ZKPOP_DEDUP_THRESHOLD: "0" } }));
    expect(e).toMatchObject({ code: "BAD_CONFIG" });
    expect(e.message).toContain("dedupThreshold: must be an integer in [1, 1024] (ZKPOP_DEDUP_THRESHOLD)");
  });
});

describe("quantisation options (zkml) and LSH parameters (enroll-circuit)", () => {
  it("fills zkml's defaults and refuses bad values with ZKML_OPTION", async () => {
    expect(resolveQuantOptions({ activationBits: 11 })).toEqual({ ...QUANT_DEFAULTS, activationBits: 11 });
    const cases: [object, string][] = [
      [{ activationBits: 1 }, "activationBits must be an integer in [2, 32]"],
      [{ weightBits: 8.5 }, "weightBits must be an integer in [2, 32]"],
      [{ headroom: 0.5 }, "headroom must be a number in [1, 16]"],
      [{ weights: "secret" }, "weights must be constant | hashed"],
      [{ input: "open" }, "input must be private | public | hashed"],
    ];
    for (const [opts, message] of cases) {
      const e = await caught(() => resolveQuantOptions(opts));
      expect(e.code, message).toBe("ZKML_OPTION");
      expect(e.message).toContain(message);
    }
  });

  it("refuses LSH parameters out of bounds with LSH_PARAMS_INVALID", async () => {
    expect(lshHyperplanes(DEFAULT_LSH)).toHaveLength(DEFAULT_LSH.tables * DEFAULT_LSH.bits);
    for (const [p, message] of [
      [{ ...DEFAULT_LSH, bits: 31 }, "lsh.bits must be an integer in [1, 30]"],
      [{ ...DEFAULT_LSH, tables: 0 }, "lsh.tables must be an integer in [1, 1024]"],
      [{ ...DEFAULT_LSH, dim: -1 }, "lsh.dim must be an integer in [1, 4096]"],
    ] as const) {
      const e = await caught(() => lshHyperplanes(p));
      expect(e.code).toBe("LSH_PARAMS_INVALID");
      expect(e.message).toContain(message);
    }
  });

  it("buildEnrollCircuit checks every option before any work, each with its own code", async () => {
    const base = { model: studentOnnxPath(), calibration: [Array(1024).fill(0)], lsh: DEFAULT_LSH };
    const code = async (opts: object) =>
      (
        await caught(() =>
          buildEnrollCircuit({ ...base, ...opts } as Parameters<typeof buildEnrollCircuit>[0]),
        )
      ).code;
    expect(await code({ lsh: { ...DEFAULT_LSH, bits: 0 } })).toBe("LSH_PARAMS_INVALID");
    expect(await code({ quant: { activationBits: 99 } })).toBe("ZKML_OPTION");
    expect(await code({ calibration: [] })).toBe("BAD_ARGUMENT");
    expect(await code({ model: 42 })).toBe("BAD_ARGUMENT");
  });
});

/** Every .ts file under packages/<name>/src. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
  });
}

describe("one definition of each check", () => {
  const files = readdirSync(path.join(repoRoot, "packages")).flatMap((pkg) => {
    try {
      return sources(path.join(repoRoot, "packages", pkg, "src"));
    } catch {
      return [];
    }
  });
  const where = (re: RegExp) =>
    files.filter((f) => re.test(readFileSync(f, "utf8"))).map((f) => path.relative(repoRoot, f));

  it("the BN254 scalar order and the canonical-decimal rule are written only in the prover's field.ts", () => {
    expect(files.length).toBeGreaterThan(100);
    const field = ["packages/prover/src/field.ts"];
    expect(where(/21888242871839275222246405745257275088548364400416034343698204186575808495617/)).toEqual(
      field,
    );
    expect(where(/\[1-9\]\[0-9\]\{0,7\d\}/)).toEqual(field);
  });

  it("the depth bounds and default are written only beside the depth schema", () => {
    expect(where(/DEFAULT_DEPTH = |min: 1, max: 32/)).toEqual(["packages/core/src/membership-depth.ts"]);
    expect(where(/DEFAULT_DEDUP_THRESHOLD = /)).toEqual(["packages/enroll-circuit/src/defaults.ts"]);
  });
});
