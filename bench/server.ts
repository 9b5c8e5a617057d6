/**
 * Registry throughput (issue 5): consumed membership proofs per second over HTTP on loopback,
 * with p50/p99 latency, one Groth16 pairing check per request vs micro-batched verification,
 * in the same run, printed as a ratio.
 * Run: npx tsx bench/server.ts [--seconds 8] [--connections 64] [--proofs 64] [--verifiers 1] [--json]
 *      [--engines]  (instead: the micro-batched mode before and after the native engine, i.e. the
 *                    verifier processes on mcl-wasm (ZKPOP_ENGINE=snarkjs) and on the native
 *                    addon, in the same run, and the ratio)
 *
 * Both modes run the same server build (packages/server main) with the same number of
 * verifier processes and a fresh SQLite file (WAL, synchronous=FULL); only the batching
 * differs: per-request = window 0 ms, batch size 1; batched = window 3 ms, batch up to 64.
 * Proofs: distinct identities, made before the load (cached in .zkpop/bench-proofs). The first
 * use of each is recorded (201); later sends of the same proof are idempotent retries (200)
 * that are verified in full all the same.
 *
 * Limits: the server runs with a deployment's defaults (rate limits not raised): the load is one
 * relying service's backend on one address, which is limited per service (60,000/min), not per
 * address (600/min). Any 429 shows in its own column.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Group, Identity, Membership, type MembershipProof, scopeOf } from "@zkpop/core";
import { artifactsHome, releaseSnarkjsCurves } from "@zkpop/prover";
import { fmt, printTable, wantsJson } from "./lib.js";

const require = createRequire(import.meta.url);
// autocannon ships no types; only run() and its result fields below are used.
const autocannon = require("autocannon") as (o: Record<string, unknown>) => Promise<CannonResult>;
interface CannonResult {
  requests: { total: number };
  latency: { p50: number; p99: number };
  duration: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg("seconds", 8);
const CONNECTIONS = arg("connections", 64);
const PROOFS = arg("proofs", 64);
const VERIFIERS = arg("verifiers", 1);
const ADMIN = `bench-admin-${createHash("sha256").update(String(Math.random())).digest("hex")}`;
const log = (s: string) => !wantsJson && console.error(s);

// --- proofs, before any load -------------------------------------------------------------
const ids = Array.from({ length: PROOFS }, (_, i) => new Identity(`bench server member ${i}`));
const group = new Group(ids.map((i) => i.commitment));

async function makeProofs(): Promise<MembershipProof[]> {
  const home = artifactsHome();
  const m = await Membership.load({ depth: 20, home });
  const file = path.join(
    home,
    "bench-proofs",
    `server-${createHash("sha256").update(`${m.artifacts.manifest.sha256.vkey}:${PROOFS}`).digest("hex").slice(0, 16)}.json`,
  );
  if (existsSync(file)) {
    await m.close();
    return JSON.parse(readFileSync(file, "utf8"));
  }
  // Two provers in parallel (each keeps its circuit warm in its own process).
  const m2 = await Membership.load({ depth: 20, home });
  const out: MembershipProof[] = new Array(PROOFS);
  const t0 = Date.now();
  await Promise.all(
    [m, m2].map(async (mm, w) => {
      for (let i = w; i < PROOFS; i += 2) {
        out[i] = await mm.prove(ids[i]!, group, scopeOf("bench", "consume"), 1n);
        log(`  proof ${i + 1}/${PROOFS} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
      }
    }),
  );
  await Promise.all([m.close(), m2.close()]);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out));
  return out;
}

// --- server process ----------------------------------------------------------------------
function serverCommand(): string[] {
  const dist = path.join(here, "../packages/server/dist/main.js");
  if (existsSync(dist)) return [dist];
  const tsx = pathToFileURL(require.resolve("tsx")).href;
  return ["--import", tsx, path.join(here, "../packages/server/src/main.ts")];
}

/** A free loopback port (the server is told to use it: its logs are quiet at warn). */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

interface Batching {
  engine?: "batch" | "snarkjs";
  windowMs: number;
  maxBatch: number;
  /** Verifier processes (0: on the server's main thread). */
  verifiers: number;
  /** ZKPOP_ENGINE for the server: "snarkjs" puts its verifiers on mcl-wasm. */
  zkpopEngine?: "snarkjs" | "native";
}

async function startServer(db: string, batching: Batching) {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, serverCommand(), {
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      PATH: process.env.PATH ?? "",
      ZKPOP_HOST: "127.0.0.1",
      ZKPOP_PORT: String(port),
      ZKPOP_DB_PATH: db,
      ZKPOP_PEPPER: createHash("sha256").update(ADMIN).digest("hex"),
      ZKPOP_ADMIN_TOKEN: ADMIN,
      ZKPOP_ADMIN_MEMBERS: "true",
      ZKPOP_HOME: artifactsHome(),
      ZKPOP_VERIFIER_PROCESSES: String(batching.verifiers),
      ZKPOP_VERIFIER_ENGINE: batching.engine ?? "batch",
      ZKPOP_MICRO_BATCH_WINDOW_MS: String(batching.windowMs),
      ZKPOP_MICRO_BATCH_MAX_SIZE: String(batching.maxBatch),
      ZKPOP_LOG_LEVEL: "warn", // request logs off: we measure verification, not log I/O
      // ZKPOP_ENGINE=snarkjs: the verifier processes use mcl-wasm (before/after the native engine).
      ...(batching.zkpopEngine
        ? { ZKPOP_ENGINE: batching.zkpopEngine }
        : process.env.ZKPOP_ENGINE
          ? { ZKPOP_ENGINE: process.env.ZKPOP_ENGINE }
          : {}),
    },
  });
  child.stdout!.resume();
  const url = `http://127.0.0.1:${port}`;
  // Logs are at warn (no per-request lines), so wait for readiness by polling.
  for (let t = 0; ; t++) {
    if (child.exitCode !== null) throw new Error(`server exited ${child.exitCode}`);
    const ok = await fetch(`${url}/v1/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (t > 1800) throw new Error("server did not become ready in 180 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  const call = async (p: string, body: unknown, token: string) => {
    const r = await fetch(url + p, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json()) as Record<string, unknown> };
  };
  return { child, url, call };
}

async function runMode(name: string, proofs: MembershipProof[], batching: Batching) {
  const dir = mkdtempSync(path.join(tmpdir(), "zkpop-bench-"));
  const s = await startServer(path.join(dir, "db.sqlite"), batching);
  try {
    for (const id of ids)
      await s.call("/v1/admin/members", { identityCommitment: id.commitment.toString() }, ADMIN);
    const key = String(
      (await s.call("/v1/admin/services", { rpId: "bench", name: "Bench" }, ADMIN)).body.apiKey,
    );
    // Warm-up: every verifier process has run once.
    for (const p of proofs.slice(0, 4)) await s.call("/v1/verify", { action: "consume", proof: p }, key);
    let i = 0;
    const bodies = proofs.map((proof) => JSON.stringify({ action: "consume", proof }));
    const r = await autocannon({
      url: `${s.url}/v1/consume`,
      method: "POST",
      connections: CONNECTIONS,
      duration: SECONDS,
      headers: { "content-type": "application/json", authorization: `Bearer ${key}` },
      requests: [
        { setupRequest: (req: Record<string, unknown>) => ({ ...req, body: bodies[i++ % bodies.length] }) },
      ],
    });
    const count = (code: string) => r.statusCodeStats[code]?.count ?? 0;
    const ok = count("200") + count("201");
    const other = r.requests.total - ok;
    return {
      mode: name,
      "consumed/s": fmt(ok / r.duration, 1),
      "p50 ms": r.latency.p50,
      "p99 ms": r.latency.p99,
      "first uses (201)": count("201"),
      "retries (200)": count("200"),
      "429": count("429"),
      "other non-2xx": other - count("429") + r.errors + r.timeouts,
    };
  } finally {
    s.child.kill("SIGTERM");
    await new Promise((res) => s.child.once("exit", res));
    rmSync(dir, { recursive: true, force: true });
  }
}

log(`making ${PROOFS} membership proofs (distinct identities; cached after the first run)...`);
const proofs = await makeProofs();
await releaseSnarkjsCurves();
log(
  `load: ${SECONDS} s per mode, ${CONNECTIONS} connections, ${VERIFIERS} verifier process(es), loopback, ` +
    "default rate limits (per service 60,000/min, per address 600/min)",
);
if (process.argv.includes("--engines")) {
  // Before/after the native engine: the same micro-batched server, verifiers on mcl vs native.
  const batching = { windowMs: 3, maxBatch: 64, verifiers: VERIFIERS };
  const mcl = await runMode(`micro-batched, ${VERIFIERS} verifier proc, mcl-wasm`, proofs, {
    ...batching,
    zkpopEngine: "snarkjs",
  });
  const native = await runMode(`micro-batched, ${VERIFIERS} verifier proc, native`, proofs, {
    ...batching,
    zkpopEngine: "native",
  });
  const ratioNative = native["consumed/s"] / mcl["consumed/s"];
  if (wantsJson) console.log(JSON.stringify({ mcl, native, ratioNative, SECONDS, CONNECTIONS, VERIFIERS }));
  else {
    printTable("POST /v1/consume, real membership proofs: verifier engine before/after", [mcl, native]);
    console.log(`\nnative / mcl-wasm consumed per second: ${ratioNative.toFixed(2)}x`);
  }
  process.exit(0);
}
// The issue's baseline: one snarkjs groth16.verify per request, in the request handler.
const reference = await runMode("one snarkjs groth16.verify per request", proofs, {
  engine: "snarkjs",
  windowMs: 0,
  maxBatch: 1,
  verifiers: 0,
});
// Context row: zkpop's faster verifier, still one proof at a time, main thread.
const inline = await runMode("one verify per request, main thread", proofs, {
  windowMs: 0,
  maxBatch: 1,
  verifiers: 0,
});
const single = await runMode(`one verify per request, ${VERIFIERS} verifier proc`, proofs, {
  windowMs: 0,
  maxBatch: 1,
  verifiers: VERIFIERS,
});
const batched = await runMode(`micro-batched 3 ms <=64, ${VERIFIERS} verifier proc`, proofs, {
  windowMs: 3,
  maxBatch: 64,
  verifiers: VERIFIERS,
});
const ratio = batched["consumed/s"] / single["consumed/s"];
const ratioInline = batched["consumed/s"] / inline["consumed/s"];
const ratioReference = batched["consumed/s"] / reference["consumed/s"];
if (wantsJson)
  console.log(
    JSON.stringify({
      reference,
      inline,
      single,
      batched,
      ratioReference,
      ratio,
      ratioInline,
      SECONDS,
      CONNECTIONS,
      VERIFIERS,
    }),
  );
else {
  printTable("POST /v1/consume, real membership proofs", [reference, inline, single, batched]);
  console.log(
    `\nmicro-batched / one snarkjs groth16.verify per request:          ${ratioReference.toFixed(2)}x (issue target >= 3x)` +
      `\nmicro-batched / one-verify-per-request (same verifier processes): ${ratio.toFixed(2)}x` +
      `\nmicro-batched / one-verify-per-request on the main thread:       ${ratioInline.toFixed(2)}x`,
  );
}
process.exit(0);
