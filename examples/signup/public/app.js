// The signup page: identity on this device, enrollment from a kiosk's signed capture, signup
// with an anonymous membership proof. Every proof is made in @zkpop/web's worker.

import { sentenceFor } from "/messages.js";
import { Identity, proveEnrollment, proveMembership, RegistryReader, WebProver } from "/zkpop/zkpop-web.js";

const $ = (id) => document.getElementById(id);
const IDENTITY_KEY = "zkpop-identity";

const config = await (await fetch("/api/config")).json();
const registry = new RegistryReader(config.registry);
const prover = new WebProver();
let identity = loadIdentity();
let busy = null; // the AbortController of the running proof

/** A refusal decided on this page, with a code `sentenceFor` knows. */
class PageError extends Error {
  constructor(code) {
    super(code);
    this.code = code;
  }
}

function loadIdentity() {
  const saved = localStorage.getItem(IDENTITY_KEY);
  const id = saved ? Identity.import(saved) : new Identity();
  if (!saved) localStorage.setItem(IDENTITY_KEY, id.export());
  $("commitment").textContent = id.commitment.toString();
  return id;
}

let verdicts = 0;
function status(kind, text) {
  $("status").dataset.kind = kind;
  $("status").textContent = text;
  // Counts verdicts, so a reader (or a test) can tell a new one from the previous one.
  if (kind === "ok" || kind === "error") $("status").dataset.verdicts = String(++verdicts);
}

function progress(p) {
  const bar = $("bar");
  bar.hidden = false;
  if (p.total) bar.value = p.done / p.total;
  else bar.removeAttribute("value");
  const what = {
    download: "Downloading the proving files",
    witness: "Preparing the proof",
    prove: "Proving",
  };
  $("stage").textContent = p.stage === "done" ? "" : `${what[p.stage]}…`;
}

/** Runs one proving task with the bar, the cancel button and a sentence for any failure. */
async function run(task) {
  if (busy) return;
  busy = new AbortController();
  $("cancel").hidden = false;
  status("busy", "Working…");
  try {
    await task({ onProgress: progress, signal: busy.signal });
  } catch (err) {
    status("error", sentenceFor(err));
  } finally {
    busy = null;
    $("cancel").hidden = true;
    $("bar").hidden = true;
    $("stage").textContent = "";
  }
}

/** The signup proof's message: binds it to the username (the backend computes the same). */
async function signupMessage(username) {
  const bytes = new TextEncoder().encode(`${config.rpId}/signup:${username}`);
  const hex = Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", bytes)), (b) =>
    b.toString(16).padStart(2, "0"),
  ).join("");
  return BigInt(`0x${hex}`) >> 8n;
}

async function readCapture() {
  const file = $("capture").files[0];
  let capture;
  try {
    capture = JSON.parse(await file.text());
  } catch {
    capture = null;
  }
  if (capture?.format !== "zkpop-signed-capture/1") throw new PageError("CAPTURE_UNREADABLE");
  if (capture.identityCommitment !== identity.commitment.toString())
    throw new PageError("CAPTURE_OTHER_IDENTITY");
  return capture;
}

$("enroll").onclick = () =>
  run(async (opts) => {
    if (!$("capture").files[0]) return status("error", "Please choose the capture file first.");
    const capture = await readCapture();
    const info = await registry.info();
    status("busy", "Proving your enrollment on this device (your face does not leave it)…");
    await prover.load(registry.circuitArtifacts(info, "enrollment"), opts);
    const { proof } = await proveEnrollment(
      prover,
      {
        capture,
        circuitId: info.circuits.enrollment.id,
        tables: info.circuits.enrollment.manifest.lsh.tables,
      },
      opts,
    );
    const r = await registry.enroll(proof);
    status("ok", `You are enrolled (member #${r.index}). You can create your account now.`);
  });

$("signup").onclick = () =>
  run(async (opts) => {
    const username = $("username").value.trim();
    if (!/^[a-z0-9_-]{1,32}$/.test(username)) throw new PageError("BAD_USERNAME");
    const info = await registry.info();
    status("busy", "Proving that you are an enrolled person, without saying which one…");
    await prover.load(registry.circuitArtifacts(info, "membership"), opts);
    const group = await registry.fetchGroup();
    const scope = `${config.rpId}:${config.action}`;
    const message = await signupMessage(username);
    const depth = info.circuits.membership.depth;
    const { proof } = await proveMembership(prover, { identity, group, scope, message, depth }, opts);
    const res = await fetch("/api/signup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, proof }),
    });
    const body = await res.json();
    if (!res.ok) throw new PageError(body.error?.code ?? "INTERNAL");
    status("ok", `Welcome, ${body.username}! Your account is ready.`);
  });

$("cancel").onclick = () => busy?.abort();

$("show-key").onclick = () => {
  $("identity-key").textContent = identity.export();
  $("identity-key").hidden = false;
};

$("import").onclick = () => {
  try {
    const id = Identity.import($("import-key").value.trim());
    localStorage.setItem(IDENTITY_KEY, id.export());
    identity = loadIdentity();
    status("ok", "This browser now uses that identity.");
  } catch {
    status("error", "That is not an identity key. Copy it again from the other browser.");
  }
};

status("ready", "Ready.");
