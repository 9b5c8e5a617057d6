/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
/**
 * Membership and enrollment proofs made in headless Chromium (@zkpop/web's Web Worker) beside
 * the same proofs in Node (@zkpop/prover: snarkjs, and the native engine when its addon is
 * built), in the same run: every prover proves once per round, in turn, so the shared machine's
 * load falls on all alike. Median of --proofs warm proofs (one warm-up round first), ratios to
 * each Node engine, every proof verified. Then the bundle sizes and what a first and a second
 * visit download, counted by the server. The load average is printed with the figures.
 * Run: npm run bench:browser [-- --proofs 3] [--json] [--only membership|enrollment]
 *      [--compare-threads]  (adds a second worker in the other mode: nested workers or one thread)
 * Needs Chromium (bash scripts/ensure-chromium.sh) and the built circuits (ZKPOP_HOME).
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { attestCapture, generateAttesterKey, signedCaptureToJson } from "@zkpop/attestation";
import { Enrollment, Membership } from "@zkpop/core";
import { orlCropsPath } from "@zkpop/enroll-circuit";
import { readCropCache } from "@zkpop/image";
import {
  type EngineName,
  Groth16Verifier,
  loadArtifacts,
  nativeAddon,
  Prover,
  releaseSnarkjsCurves,
} from "@zkpop/prover";
import type * as Web from "@zkpop/web";
import { enrollmentInput, Group, Identity, membershipInput, scopeOf } from "@zkpop/web";
import type { Page } from "playwright-core";
import { launchChromium } from "../test/chromium.js";
import { repoRoot } from "../test/fixtures.js";
import { startWebPageServer } from "../test/web-page-server.js";
import { fmt, median, printTable, wantsJson } from "./lib.js";

declare const window: { zkpop: typeof Web; provers: Record<string, Web.WebProver> };

const argValue = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const PROOFS = Number(argValue("proofs") ?? 3);
const only = argValue("only");
const KINDS = (["membership", "enrollment"] as const).filter((k) => !only || k === only);
type Kind = (typeof KINDS)[number];
const AIM_MS: Record<Kind, number> = { membership: 1_000, enrollment: 20_000 };
const log = (s: string) => !wantsJson && console.error(s);
const load = () => os.loadavg().map((x) => fmt(x, 2));
const loadAtStart = load();

// The statements every prover proves: a member of a 3-person group (depth-20 circuit), and a
// kiosk-signed ORL crop. The Node provers get exactly the inputs @zkpop/web computes in the page.
const SCOPE = scopeOf("bench.example", "signup");
const SECRETS = ["bench member 0", "bench member 1", "bench member 2"];
const ids = SECRETS.map((s) => new Identity(s));
const group = new Group(ids.map((i) => i.commitment));
const crops = readCropCache(orlCropsPath());
const kiosk = generateAttesterKey();
const capture = (i: number) => {
  const pixels = crops.crops[(i * 37) % crops.crops.length]!.data;
  const attestation = attestCapture(kiosk.privateKey, {
    pixels,
    identityCommitment: ids[0]!.commitment,
    capturedAt: 1_764_000_000 + i,
  });
  return signedCaptureToJson({ crop: { width: 32, height: 32, data: pixels }, attestation });
};
const nodeInput = (kind: Kind, i: number) =>
  kind === "membership"
    ? membershipInput(ids[i % 3]!, group, SCOPE, BigInt(i), 20).input
    : enrollmentInput(capture(i));

log("loading the circuits ...");
const membership = await Membership.load({ depth: 20 });
const enrollment = KINDS.includes("enrollment") ? await Enrollment.load() : undefined;
const circuitOf = (kind: Kind) => (kind === "membership" ? membership : enrollment!);

interface Timing {
  ms: number;
  witnessMs: number;
  proveMs: number;
}
interface Contender {
  label: string;
  side: "node" | "browser";
  prove(kind: Kind, i: number): Promise<Timing>;
  close(): Promise<void>;
}

/** A warm @zkpop/prover process per circuit; every proof checked with the circuit's verifying key. */
async function nodeContender(engine: EngineName): Promise<Contender> {
  const provers = new Map<Kind, { prover: Prover; verifier: Groth16Verifier }>();
  for (const kind of KINDS) {
    const art = await loadArtifacts(circuitOf(kind).artifacts.dir);
    const prover = new Prover(art, { engine });
    await prover.warm();
    provers.set(kind, { prover, verifier: await Groth16Verifier.create(art.vkey) });
  }
  return {
    label: `node ${engine}`,
    side: "node",
    async prove(kind, i) {
      const { prover, verifier } = provers.get(kind)!;
      const input = nodeInput(kind, i);
      const t0 = performance.now();
      const r = await prover.prove(input);
      const ms = performance.now() - t0;
      if (!verifier.verify(r)) throw new Error(`a node ${engine} ${kind} proof failed verification`);
      return { ms, witnessMs: r.witnessMs, proveMs: r.proveMs };
    },
    close: async () => {
      await Promise.all([...provers.values()].map((p) => p.prover.close()));
    },
  };
}

// Browser: one page; each browser contender is its own WebProver (its own worker) in it.
const server = await startWebPageServer();
const refs = async (kind: Kind): Promise<Web.CircuitArtifacts> => {
  const a = circuitOf(kind).artifacts;
  return {
    name: kind,
    wasm: await server.serve(path.join(a.dir, a.manifest.files.wasm)),
    zkey: await server.serve(path.join(a.dir, a.manifest.files.zkey)),
  };
};
const circuits = await Promise.all(KINDS.map(refs));

/**
 * Opens the page and loads every circuit into the default WebProver ("default") and, when
 * `compare`, into one in the other threading mode ("other"); times the loading.
 */
async function visit(compare: boolean, profileDir?: string) {
  const bytesBefore = server.bytesSent;
  const requestsBefore = server.artifactRequests;
  const profile = await launchChromium(profileDir);
  const page = await profile.context.newPage();
  await page.addInitScript("window.__name = (f) => f"); // tsx names the callbacks' functions
  await page.goto(server.url);
  await page.waitForFunction(() => "zkpop" in window);
  const t0 = performance.now();
  const { reports, singleThread } = await page.evaluate(
    async ({ circuits, compare }) => {
      const z = window.zkpop;
      const byDefault = new z.WebProver();
      window.provers = { default: byDefault };
      if (compare) window.provers.other = new z.WebProver({ singleThread: !byDefault.singleThread });
      const out: Web.ArtifactReport[] = [];
      const singleThread: Record<string, boolean> = {};
      for (const [name, prover] of Object.entries(window.provers)) {
        singleThread[name] = prover.singleThread;
        for (const c of circuits) out.push(...(await prover.load(c)));
      }
      return { reports: out, singleThread };
    },
    { circuits, compare },
  );
  return {
    profile,
    page,
    singleThread,
    loadMs: performance.now() - t0,
    downloadedArtifactBytes: reports.filter((r) => !r.fromCache).reduce((s, r) => s + r.bytes, 0),
    bytes: () => server.bytesSent - bytesBefore,
    artifactRequests: () => server.artifactRequests - requestsBefore,
  };
}

function browserContender(page: Page, name: string, label: string): Contender {
  return {
    label,
    side: "browser",
    async prove(kind, i) {
      const r = await page.evaluate(
        async ({ name, kind, secrets, scope, i, capture, circuitId, tables }) => {
          const z = window.zkpop;
          const prover = window.provers[name]!;
          const t0 = performance.now();
          if (kind === "membership") {
            const ids = secrets.map((s) => new z.Identity(s));
            const group = new z.Group(ids.map((x) => x.commitment));
            const args = { identity: ids[i % 3]!, group, scope, message: BigInt(i), depth: 20 };
            const { proof, timing } = await z.proveMembership(prover, args);
            return { proof, ms: performance.now() - t0, ...timing };
          }
          const { proof, timing } = await z.proveEnrollment(prover, { capture, circuitId, tables });
          return { proof, ms: performance.now() - t0, ...timing };
        },
        {
          name,
          kind,
          secrets: SECRETS,
          scope: SCOPE,
          i,
          capture: capture(i) as Web.SignedCaptureJson,
          circuitId: enrollment?.id ?? "",
          tables: enrollment?.manifest.lsh.tables ?? 0,
        },
      );
      if (kind === "membership") await membership.verify(r.proof, { expectedScope: SCOPE });
      else await enrollment!.verify(r.proof, { trustedAttesters: [kiosk.publicKey] });
      return { ms: r.ms, witnessMs: r.witnessMs, proveMs: r.proveMs };
    },
    close: async () => {},
  };
}

// The default WebProver, and with --compare-threads a second one in the other threading mode.
const compareThreads = process.argv.includes("--compare-threads");
log("first visit (empty browser cache): loading the circuits into the page's worker(s) ...");
const first = await visit(compareThreads);
const firstVisit = {
  bytes: first.bytes(),
  artifactBytes: first.downloadedArtifactBytes,
  loadMs: fmt(first.loadMs, 0),
};
const threads = await first.page.evaluate(() => navigator.hardwareConcurrency);
const mode = (single: boolean) => (single ? "snarkjs, single thread" : `snarkjs, ${threads} nested workers`);
const engines: EngineName[] = nativeAddon() ? ["native", "snarkjs"] : ["snarkjs"];
const contenders: Contender[] = [
  ...(await Promise.all(engines.map(nodeContender))),
  ...Object.entries(first.singleThread).map(([name, single]) =>
    browserContender(
      first.page,
      name,
      `browser worker (${mode(single)}${name === "default" ? ", default" : ""})`,
    ),
  ),
];

const times = new Map<string, Timing[]>();
const requestsBeforeProofs = server.artifactRequests;
for (const kind of KINDS) {
  for (let round = 0; round <= PROOFS; round++) {
    for (const c of contenders) {
      const t = await c.prove(kind, round);
      log(`  ${kind} ${c.label} ${round === 0 ? "warm-up" : `proof ${round}`}: ${fmt(t.ms, 0)} ms`);
      if (round > 0) times.set(`${kind}/${c.label}`, [...(times.get(`${kind}/${c.label}`) ?? []), t]);
    }
  }
}
const requestsDuringProofs = server.artifactRequests - requestsBeforeProofs;
await Promise.all(contenders.map((c) => c.close()));
const profileDir = first.profile.dir;
await first.profile.close({ keep: true });

log("second visit (same browser profile) ...");
const second = await visit(false, profileDir);
const secondVisit = {
  bytes: second.bytes(),
  artifactBytes: second.downloadedArtifactBytes,
  artifactRequests: second.artifactRequests(),
  loadMs: fmt(second.loadMs, 0),
};
await second.profile.close();
await server.close();
await membership.close();
await enrollment?.close();
await releaseSnarkjsCurves();

const med = (xs: Timing[], k: keyof Timing) => fmt(median(xs.map((x) => x[k])), 0);
const proofs = KINDS.flatMap((kind) => {
  const nodeMs = Object.fromEntries(
    contenders
      .filter((c) => c.side === "node")
      .map((c) => [c.label, median(times.get(`${kind}/${c.label}`)!.map((t) => t.ms))]),
  );
  return contenders.map((c) => {
    const t = times.get(`${kind}/${c.label}`)!;
    const ms = median(t.map((x) => x.ms));
    return {
      proof: kind,
      prover: c.label,
      ms: fmt(ms, 0),
      witnessMs: med(t, "witnessMs"),
      proveMs: med(t, "proveMs"),
      ...Object.fromEntries(Object.entries(nodeMs).map(([l, n]) => [`÷ ${l}`, fmt(ms / n, 2)])),
      ...(c.side === "browser" ? { aimMs: AIM_MS[kind], aimMet: ms <= AIM_MS[kind] } : {}),
    };
  });
});
const bundle = JSON.parse(
  readFileSync(path.join(repoRoot, "packages/web/dist/bundle/sizes.json"), "utf8"),
) as Array<{ file: string; bytes: number; gzipBytes: number }>;
const result = {
  proofsPerProver: PROOFS,
  chromiumHardwareConcurrency: threads,
  loadAverage: { atStart: loadAtStart, atEnd: load() },
  proofs,
  artifactRequestsDuringProofs: requestsDuringProofs,
  bundle,
  artifacts: circuits.map((c) => ({ circuit: c.name, wasmBytes: c.wasm.bytes, zkeyBytes: c.zkey.bytes })),
  firstVisit,
  secondVisit,
};

const kib = (b: number) => fmt(b / 1024, 1);
const mib = (b: number) => fmt(b / 2 ** 20, 2);
printTable(
  `Proof times, median of ${PROOFS} warm proofs each, taking turns in one run (ms; ÷ = ratio to that Node prover)`,
  proofs.map((p) => ({
    ...p,
    aimMet: p.aimMet === undefined ? "" : p.aimMet ? "yes" : "no",
    aimMs: p.aimMs ?? "",
  })),
);
printTable(
  "Bundles (esbuild, minified)",
  bundle.map((b) => ({ file: b.file, KiB: kib(b.bytes), gzipKiB: kib(b.gzipBytes) })),
);
printTable("What a visit downloads (body bytes the server sent: page, bundles, artifacts)", [
  {
    visit: "first",
    MiB: mib(firstVisit.bytes),
    artifactMiB: mib(firstVisit.artifactBytes),
    loadMs: firstVisit.loadMs,
  },
  {
    visit: `second (same profile; ${secondVisit.artifactRequests} artifact requests)`,
    MiB: mib(secondVisit.bytes),
    artifactMiB: mib(secondVisit.artifactBytes),
    loadMs: secondVisit.loadMs,
  },
]);
log(
  `artifact requests while proving: ${requestsDuringProofs}; load average at start ${loadAtStart.join(" ")}, at end ${result.loadAverage.atEnd.join(" ")} (${os.cpus().length} cores)`,
);
if (wantsJson) console.log(JSON.stringify(result, null, 2));
