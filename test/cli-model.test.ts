import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { compileSolidity } from "@zkpop/onchain";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./fixtures.js";

const zkpop = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(repoRoot, "packages/cli/dist/main.js"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
  });
const zoo = path.join(repoRoot, "packages/zkml/zoo");
const compileMlp = (out: string, ...extra: string[]) => [
  "model",
  "compile",
  path.join(zoo, "digits-mlp.onnx"),
  "--calibration",
  path.join(zoo, "calibration"),
  "--out",
  out,
  ...extra,
];
const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at /);

describe("zkpop --help", () => {
  const commands = [
    ["setup"],
    ["demo"],
    ["serve"],
    ["eval"],
    ["attester"],
    ["attester", "sign"],
    ["model"],
    ...["inspect", "compile", "setup", "prove", "verify", "export-verifier", "calldata"].map((s) => [
      "model",
      s,
    ]),
  ];
  it.each(commands.map((c) => [c.join(" "), c] as const))(
    "zkpop %s --help prints usage and exits 0",
    (_, cmd) => {
      const r = zkpop(...cmd, "--help");
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain(`zkpop ${cmd.join(" ")}`);
      noStack(r.stdout + r.stderr);
    },
  );

  it("-h and zkpop help CMD SUB say the same", () => {
    const r = zkpop("model", "prove", "--help").stdout;
    expect(zkpop("model", "prove", "-h").stdout).toBe(r);
    expect(zkpop("help", "model", "prove").stdout).toBe(r);
  });

  it("an unknown option is a BAD_ARGUMENT, not a stack trace", () => {
    for (const cmd of [
      ["eval", "--frob"],
      ["model", "prove", "x", "--frob"],
      ["setup", "--depth"],
    ]) {
      const r = zkpop(...cmd);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/error BAD_ARGUMENT/);
      noStack(r.stderr);
    }
  });
});

describe("zkpop model prove | verify | export-verifier | calldata (zoo digits-mlp)", () => {
  let dir: string;
  let model: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "zkpop-model-cli-"));
    model = path.join(dir, "mlp");
    const r = zkpop(...compileMlp(model, "--setup"));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/visibility: input private, output public, weights constant/);
  }, 900_000);

  it("proves a held-out digit, verifies it, exports a verifier solc compiles, and the calldata", async () => {
    const proof = path.join(dir, "proof.json");
    const p = zkpop(
      "model",
      "prove",
      model,
      "--input",
      path.join(zoo, "inputs/held-out-14-label-4.json"),
      "--out",
      proof,
    );
    expect(p.status, p.stderr).toBe(0);
    const out = /output \S+: \[([^\]]+)\]/.exec(p.stdout)![1]!.split(", ").map(Number);
    expect(out.indexOf(Math.max(...out))).toBe(4);
    const v = zkpop("model", "verify", proof, "--model", model);
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^ok: the proof verifies/);
    expect(
      zkpop("model", "verify", proof, "--vkey", path.join(model, "keys/verification_key.json")).status,
    ).toBe(0);

    const sol = path.join(dir, "V.sol");
    expect(
      zkpop("model", "export-verifier", model, "--solidity", sol, "--contract", "DigitsVerifier").status,
    ).toBe(0);
    expect(Object.keys(compileSolidity({ "V.sol": await readFile(sol, "utf8") }))).toContain(
      "DigitsVerifier",
    );
    const cd = JSON.parse(zkpop("model", "calldata", proof).stdout) as { data: string; function: string };
    expect(cd.function).toBe("verifyProof(uint256[2],uint256[2][2],uint256[2],uint256[10])");
    expect(cd.data).toMatch(/^0x[0-9a-f]{8}([0-9a-f]{64}){18}$/);

    const bundle = JSON.parse(await readFile(proof, "utf8"));
    bundle.outputs[0].values[4] = 99;
    await writeFile(path.join(dir, "t.json"), JSON.stringify(bundle));
    const t = zkpop("model", "verify", path.join(dir, "t.json"), "--model", model);
    expect(t.status).toBe(1);
    expect(t.stderr).toMatch(/error ZKML_BUNDLE_TAMPERED/);
    noStack(t.stderr);
  }, 300_000);

  it("bad input: a typed error naming the problem, no stack trace, nothing written", async () => {
    const out = path.join(dir, "never.json");
    const cases: Array<[string[], RegExp]> = [
      [["model", "prove", model, "--input", path.join(zoo, "split.json"), "--out", out], /ZKML_INPUT_SHAPE/],
      [
        ["model", "prove", model, "--input", path.join(dir, "missing.json"), "--out", out],
        /BAD_ARGUMENT: input .* not found/,
      ],
      [
        [
          "model",
          "prove",
          path.join(dir, "nomodel"),
          "--input",
          path.join(zoo, "inputs/held-out-1-label-1.json"),
          "--out",
          out,
        ],
        /ZKML_NOT_SET_UP/,
      ],
      [["model", "inspect", path.join(zoo, "train.py")], /ZKML_MODEL_INVALID/],
      [compileMlp(out, "--output-visibility", "secret"), /ZKML_OPTION/],
    ];
    await writeFile(path.join(dir, "big.json"), JSON.stringify(Array(64).fill(50)));
    cases.push([
      ["model", "prove", model, "--input", path.join(dir, "big.json"), "--out", out],
      /ZKML_INPUT_SHAPE: input value 0 = 50 is outside/,
    ]);
    for (const [args, msg] of cases) {
      const r = zkpop(...args);
      expect(r.status, args.join(" ")).toBe(1);
      expect(r.stderr).toMatch(msg);
      noStack(r.stderr);
      expect(existsSync(out)).toBe(false);
    }
  }, 300_000);
});
