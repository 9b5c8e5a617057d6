import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./fixtures.js";

const zkpop = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(repoRoot, "packages/cli/dist/main.js"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
  });

describe("zkpop CLI", () => {
  it("setup is idempotent and says where the artifacts are and that they are for development", () => {
    const r = zkpop("setup");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /membership circuit[\s\S]*already built[\s\S]*enrollment circuit [0-9a-f]{64}[\s\S]*already built/,
    );
    expect(r.stdout).toMatch(/setup kind: development/);
    expect(r.stdout).toMatch(/Not for production/);
  });

  it("demo tells the story over HTTP: enrollments, a sybil, a replayed capture refused, one signup per person", () => {
    const r = zkpop("demo", "--people", "2");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Registry listening at http:\/\/127\.0\.0\.1:\d+ \(SQLite/);
    expect(r.stdout.match(/enrolled as member #\d/g)).toHaveLength(2);
    expect(r.stdout).toMatch(
      /next photo[^\n]*\n\s+(accepted|refused: DUPLICATE_PERSON) \(\d+ of 512 tags equal/,
    );
    expect(r.stdout).toMatch(/cross-validated card: \d+\.\d % of re-enrollments/);
    expect(r.stdout).toMatch(/re-signed for another new identity:\n\s+refused: DUPLICATE_PERSON/);
    expect(r.stdout).toMatch(/5\. [^\n]*\n\s+accepted/);
    expect(r.stdout).toMatch(/refused: NULLIFIER_USED/);
    expect(r.stdout).toMatch(/tampered nullifier: refused: INVALID_PROOF/);
  }, 600_000);

  it("--version names the proving engine; ZKPOP_ENGINE forces one", () => {
    const r = zkpop("--version");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^zkpop \d+\.\d+\.\d+\nengine: (native \(\d+ threads\)|snarkjs \((native addon not built: .+|ZKPOP_ENGINE=snarkjs)\))\n$/,
    );
    const forced = spawnSync(process.execPath, [path.join(repoRoot, "packages/cli/dist/main.js"), "info"], {
      encoding: "utf8",
      env: { ...process.env, ZKPOP_ENGINE: "snarkjs" },
    });
    expect(forced.stdout).toMatch(/engine: snarkjs \(ZKPOP_ENGINE=snarkjs\)/);
  });

  it("bad arguments fail with a clear message and exit code 1", () => {
    const r = zkpop("demo", "--people", "zero");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/BAD_ARGUMENT: --people must be an integer/);
    expect(zkpop("frobnicate").stderr).toMatch(/unknown command "frobnicate"/);
  });
});

describe("zkpop attester", () => {
  it("keygen writes a private key file (mode 600) and never prints it; sign and verify a real face", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "zkpop-attester-"));
    try {
      const key = path.join(dir, "key.json");
      const gen = zkpop("attester", "keygen", "--out", key);
      expect(gen.status).toBe(0);
      expect((await stat(key)).mode & 0o777).toBe(0o600);
      const secret = JSON.parse(await readFile(key, "utf8")).privateKey as string;
      expect(gen.stdout + gen.stderr).not.toContain(secret);
      expect(zkpop("attester", "keygen", "--out", key).stderr).toMatch(/refusing to overwrite/);

      const out = path.join(dir, "capture.json");
      const image = path.join(repoRoot, "test/fixtures/orl/s1_1.pgm");
      const sign = zkpop(
        "attester",
        "sign",
        "--key",
        key,
        "--image",
        image,
        "--identity",
        "12345",
        "--out",
        out,
      );
      expect(sign.status).toBe(0);
      expect(sign.stdout + sign.stderr).not.toContain(secret);
      expect(zkpop("attester", "verify", "--capture", out).stdout).toMatch(/valid: 32×32 crop/);

      const tampered = JSON.parse(await readFile(out, "utf8"));
      tampered.identityCommitment = "12346";
      await writeFile(out, JSON.stringify(tampered));
      const bad = zkpop("attester", "verify", "--capture", out);
      expect(bad.status).toBe(1);
      expect(bad.stderr).toMatch(/ATTESTATION_INVALID/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("zkpop serve", () => {
  it("refuses to start without a pepper, naming the setting", () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, "packages/cli/dist/main.js"), "serve"], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/BAD_CONFIG: .*pepper.*ZKPOP_PEPPER/s);
  });

  it("serves health and readiness on SQLite, and shuts down on SIGTERM", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "zkpop-serve-"));
    const { spawn } = await import("node:child_process");
    const port = 20000 + Math.floor(Math.random() * 20000);
    const child = spawn(process.execPath, [path.join(repoRoot, "packages/cli/dist/main.js"), "serve"], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? "",
        ZKPOP_PORT: String(port),
        ZKPOP_DB_PATH: path.join(dir, "registry.sqlite"),
        ZKPOP_PEPPER: "a".repeat(43),
        ZKPOP_VERIFIER_PROCESSES: "1",
        ZKPOP_LOG_LEVEL: "warn",
        // The suite's artifact home and engine, so the server finds the keys the setup built.
        ...(process.env.ZKPOP_HOME ? { ZKPOP_HOME: process.env.ZKPOP_HOME } : {}),
        ...(process.env.ZKPOP_ENGINE ? { ZKPOP_ENGINE: process.env.ZKPOP_ENGINE } : {}),
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += String(d);
    });
    try {
      // Readiness waits for the verifier process to load its keys: seconds when idle, but a
      // minute or more on a loaded 2-core box with mcl-wasm (ZKPOP_ENGINE=snarkjs), so poll
      // against a deadline rather than a count of tries.
      const deadline = Date.now() + 180_000;
      let ready = false;
      while (!ready && child.exitCode === null && Date.now() < deadline) {
        ready = await fetch(`http://127.0.0.1:${port}/v1/ready`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((r) => setTimeout(r, 200));
      }
      expect(ready, `not ready (exit code ${child.exitCode}); stderr:\n${stderr}`).toBe(true);
      const info = (await (await fetch(`http://127.0.0.1:${port}/v1/info`)).json()) as {
        circuits: { membership: { setup: string } };
      };
      expect(info.circuits.membership.setup).toBe("development");
      const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe("zkpop model", () => {
  it("inspects and compiles an ONNX model with a calibration folder", async () => {
    const { ModelBuilder } = await import("@zkpop/zkml");
    const dir = await mkdtemp(path.join(tmpdir(), "zkpop-model-"));
    try {
      const b = new ModelBuilder("x", [1, 4]);
      const w = b.init({
        shape: [4, 3],
        data: [0.5, -1, 0.25, 1, 0.75, -0.5, -0.25, 0.5, 1, 0.1, 0.2, -0.3],
      });
      b.output(b.node("Relu", [b.node("Gemm", ["x", w])]));
      const model = path.join(dir, "tiny.onnx");
      await writeFile(model, b.bytes());
      const cal = path.join(dir, "cal");
      const { mkdir } = await import("node:fs/promises");
      await mkdir(cal);
      await writeFile(
        path.join(cal, "samples.json"),
        JSON.stringify([
          [0.1, 0.9, 0.4, 0.2],
          [0.8, 0.1, 0.5, 0.9],
        ]),
      );

      const inspect = zkpop("model", "inspect", model, "--calibration", cal);
      expect(inspect.status).toBe(0);
      expect(inspect.stdout).toMatch(/Gemm/);
      expect(inspect.stdout).toMatch(/total: 12 MACs, \d+ constraints, predicted Groth16 proof/);

      const out = path.join(dir, "circuit");
      const compile = zkpop("model", "compile", model, "--calibration", cal, "--out", out);
      expect(compile.status).toBe(0);
      expect(compile.stdout).toMatch(/compiled: \d+ constraints/);
      const manifest = JSON.parse(await readFile(path.join(out, "manifest.json"), "utf8"));
      expect(manifest.circuit.compiledConstraints).toBe(manifest.circuit.predictedConstraints);

      const hashed = zkpop("model", "inspect", model, "--calibration", cal, "--weights", "hashed");
      expect(hashed.status).toBe(0);
      const total = (out: string) => Number(/total: \d+ MACs, (\d+) constraints/.exec(out)![1]);
      expect(total(hashed.stdout)).toBeGreaterThan(total(inspect.stdout)); // private weights cost constraints
      expect(zkpop("model", "inspect", model, "--weights", "secret").stderr).toMatch(
        /ZKML_OPTION: weights must be/,
      );
      expect(zkpop("model", "compile", model).stderr).toMatch(/needs --calibration/);
      expect(zkpop("model", "inspect", path.join(dir, "missing.onnx")).status).toBe(1);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
