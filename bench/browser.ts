/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
/**
 * Proof times in headless Chromium (@zkpop/web's Web Worker) beside the same proofs in Node
 * (@zkpop/core's warm prover process), measured in the same run, plus what a first and a second
 * visit download. Run: npm run bench:browser [-- --proofs 3] [--json] [--membership-only]
 * Needs Chromium (bash scripts/ensure-chromium.sh) and the built circuits (ZKPOP_HOME).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  attestCapture,
  generateAttesterKey,
  parseSignedCapture,
  signedCaptureToJson,
} from "@zkpop/attestation";
import { Enrollment, Group, Identity, Membership, scopeOf } from "@zkpop/core";
import { orlCropsPath } from "@zkpop/enroll-circuit";
import { readCropCache } from "@zkpop/image";
import { releaseSnarkjsCurves } from "@zkpop/prover";
import type * as Web from "@zkpop/web";
import { launchChromium } from "../test/chromium.js";
import { repoRoot } from "../test/fixtures.js";
import { startWebPageServer } from "../test/web-page-server.js";
import { fmt, median, printTable, wantsJson } from "./lib.js";

declare const window: { zkpop: typeof Web; prover: Web.WebProver };

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PROOFS = arg("proofs", 3);
const KINDS = process.argv.includes("--membership-only")
  ? (["membership"] as const)
  : (["membership", "enrollment"] as const);
const log = (s: string) => !wantsJson && console.error(s);
const SCOPE = scopeOf("bench.example", "signup");
const SECRETS = ["bench member 0", "bench member 1", "bench member 2"];

// Inputs both sides prove: a member of a 3-person group; a kiosk-signed ORL crop.
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

log("loading the circuits ...");
const membership = await Membership.load({ depth: 20 });
const enrollment = KINDS.length > 1 ? await Enrollment.load() : undefined;

// Node: warm provers (one warm-up proof each, then PROOFS timed ones).
const nodeTimes = { membership: [] as number[], enrollment: [] as number[] };
await membership.prove(ids[0]!, group, SCOPE, 0n);
for (let i = 0; i < PROOFS; i++) {
  const t0 = performance.now();
  await membership.prove(ids[i % 3]!, group, SCOPE, BigInt(i));
  nodeTimes.membership.push(performance.now() - t0);
}
log(`node membership: ${nodeTimes.membership.map((t) => fmt(t, 0)).join(", ")} ms`);
if (enrollment) {
  await enrollment.warm();
  for (let i = 0; i < PROOFS; i++) {
    const { crop, attestation } = parseSignedCapture(capture(i));
    const t0 = performance.now();
    await enrollment.enroll({ identity: ids[0]!, capture: crop, attestation });
    nodeTimes.enrollment.push(performance.now() - t0);
  }
  log(`node enrollment: ${nodeTimes.enrollment.map((t) => fmt(t, 0)).join(", ")} ms`);
  await enrollment.close();
}
await membership.close();

// Browser: the same proofs in @zkpop/web's worker, artifacts over loopback HTTP.
const server = await startWebPageServer();
const refs = async (a: Membership["artifacts"], name: string): Promise<Web.CircuitArtifacts> => ({
  name,
  wasm: await server.serve(path.join(a.dir, a.manifest.files.wasm)),
  zkey: await server.serve(path.join(a.dir, a.manifest.files.zkey)),
});
const circuits = [await refs(membership.artifacts, "membership")];
if (enrollment) circuits.push(await refs(enrollment.artifacts, "enrollment"));
const sizes = JSON.parse(
  readFileSync(path.join(repoRoot, "packages/web/dist/bundle/sizes.json"), "utf8"),
) as Array<{
  file: string;
  bytes: number;
  gzipBytes: number;
}>;

const visit = async (profileDir?: string) => {
  const profile = await launchChromium(profileDir);
  const page = await profile.context.newPage();
  await page.goto(server.url);
  await page.waitForFunction(() => "zkpop" in window);
  const t0 = performance.now();
  const reports = await page.evaluate(async (cs) => {
    window.prover = new window.zkpop.WebProver();
    const out = [];
    for (const c of cs) out.push(...(await window.prover.load(c)));
    return out;
  }, circuits);
  return { profile, page, loadMs: performance.now() - t0, reports };
};

log("first visit (empty browser cache) ...");
const first = await visit();
const downloaded = (r: Web.ArtifactReport[]) =>
  r.filter((x) => !x.fromCache).reduce((s, x) => s + x.bytes, 0);
const browserTimes = { membership: [] as number[], enrollment: [] as number[] };
type Timing = { witnessMs: number; proveMs: number };
const inPage = { membership: [] as Timing[], enrollment: [] as Timing[] };
const proveInPage = (kind: "membership" | "enrollment", i: number) =>
  first.page.evaluate(
    async ({ kind, secrets, scope, i, capture, circuitId, tables }) => {
      const z = window.zkpop;
      const t0 = performance.now();
      let timing: Timing;
      if (kind === "membership") {
        const ids = secrets.map((s) => new z.Identity(s));
        const group = new z.Group(ids.map((x) => x.commitment));
        const args = { identity: ids[i % 3]!, group, scope, message: BigInt(i), depth: 20 };
        timing = (await z.proveMembership(window.prover, args)).timing;
      } else {
        timing = (await z.proveEnrollment(window.prover, { capture, circuitId, tables })).timing;
      }
      return { ms: performance.now() - t0, ...timing };
    },
    {
      kind,
      secrets: SECRETS,
      scope: SCOPE,
      i,
      capture: capture(i) as unknown as Web.SignedCaptureJson,
      circuitId: enrollment?.id ?? "",
      tables: enrollment?.manifest.lsh.tables ?? 0,
    },
  );
for (const kind of KINDS) {
  await proveInPage(kind, 0); // warm-up, as on the Node side
  for (let i = 0; i < PROOFS; i++) {
    const r = await proveInPage(kind, i);
    browserTimes[kind].push(r.ms);
    inPage[kind].push({ witnessMs: r.witnessMs, proveMs: r.proveMs });
  }
  log(`browser ${kind}: ${browserTimes[kind].map((t) => fmt(t, 0)).join(", ")} ms`);
}
const profileDir = first.profile.dir;
await first.profile.close({ keep: true });

log("second visit (same browser profile) ...");
const before = server.artifactRequests;
const second = await visit(profileDir);
const secondRequests = server.artifactRequests - before;
await second.profile.close();
await server.close();

const summary = (kind: "membership" | "enrollment") => ({
  nodeMs: fmt(median(nodeTimes[kind]), 0),
  browserMs: fmt(median(browserTimes[kind]), 0),
  browserWitnessMs: fmt(median(inPage[kind].map((r) => r.witnessMs)), 0),
  browserProveMs: fmt(median(inPage[kind].map((r) => r.proveMs)), 0),
  ratio: fmt(median(browserTimes[kind]) / median(nodeTimes[kind]), 2),
});
const bundleBytes = sizes.reduce((s, x) => s + x.bytes, 0);
const result = {
  proofs: PROOFS,
  membership: summary("membership"),
  enrollment: enrollment ? summary("enrollment") : null,
  bundle: sizes,
  firstVisit: {
    artifactBytes: downloaded(first.reports),
    totalBytes: bundleBytes + downloaded(first.reports),
    loadMs: fmt(first.loadMs, 0),
  },
  secondVisit: {
    artifactBytes: downloaded(second.reports),
    artifactRequests: secondRequests,
    loadMs: fmt(second.loadMs, 0),
  },
};
if (wantsJson) console.log(JSON.stringify(result, null, 2));
const mb = (b: number) => fmt(b / 2 ** 20, 1);
printTable(`Proof times, median of ${PROOFS} warm proofs (ms): headless Chromium worker vs Node, same run`, [
  { proof: "membership (Semaphore depth 20)", ...result.membership },
  ...(result.enrollment ? [{ proof: "enrollment", ...result.enrollment }] : []),
]);
printTable("What a visit downloads", [
  ...sizes.map((s) => ({ what: `bundle ${s.file}`, MiB: mb(s.bytes), gzipMiB: mb(s.gzipBytes) })),
  { what: "first visit: artifacts", MiB: mb(result.firstVisit.artifactBytes), gzipMiB: "" },
  { what: "first visit: total (bundles + artifacts)", MiB: mb(result.firstVisit.totalBytes), gzipMiB: "" },
  {
    what: `second visit: artifacts (${secondRequests} requests)`,
    MiB: mb(result.secondVisit.artifactBytes),
    gzipMiB: "",
  },
]);
log(
  `artifact load: first visit ${result.firstVisit.loadMs} ms (download + SHA-256 + Cache Storage), second ${result.secondVisit.loadMs} ms`,
);
await releaseSnarkjsCurves();
