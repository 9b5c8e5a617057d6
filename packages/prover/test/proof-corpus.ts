/**
 * Valid and invalid Groth16 statements for differential verifier tests, made with mcl-wasm
 * (independent of the native engine under test):
 * - a "trapdoor" verification key whose secrets the test knows, so valid proofs for any public
 *   signals are three scalar multiplications (the simulator of Groth16's zero-knowledge proof);
 * - re-randomised copies of real proofs ((tA, B/t, C) verifies whenever (A, B, C) does);
 * - every kind of bad input a verifier must refuse.
 * Call `initCorpus` (which initialises mcl exactly as @zkpop/prover does) before the rest.
 */
import {
  BASE_FIELD,
  type G1Json,
  type G2Json,
  type Groth16Proof,
  Groth16Verifier,
  type ProofItem,
  SNARK_FIELD,
  type VerificationKey,
} from "@zkpop/prover";
import mcl from "mcl-wasm";

const G1_GEN = "1 1 2";
const G2_GEN =
  "1 10857046999023057135944570762232829481370756359578518086990519993285655852781 11559732032986387107991004021392285783925812861821192530917403151452391805634 8495653923123431417604973247489272438418190587263600148770280649306958101930 4082367875863433681332203403145435568316851327593401208105741076214120093531";

let g1gen: mcl.G1;
let g2gen: mcl.G2;

/** Initialises mcl on BN_SNARK1 (through an mcl-backed verifier, as the package configures it). */
export async function initCorpus(anyKey: VerificationKey): Promise<void> {
  await Groth16Verifier.create(anyKey, { engine: "mcl" });
  g1gen = new mcl.G1();
  g1gen.setStr(G1_GEN, 10);
  g2gen = new mcl.G2();
  g2gen.setStr(G2_GEN, 10);
}

const fr = (v: bigint) => {
  const f = new mcl.Fr();
  f.setStr((((v % SNARK_FIELD) + SNARK_FIELD) % SNARK_FIELD).toString(), 10);
  return f;
};
const randomFr = () => {
  const f = new mcl.Fr();
  f.setByCSPRNG();
  return f;
};

export function g1Json(p: mcl.G1): G1Json {
  const [, x, y] = mcl.normalize(p).getStr(10).split(" ");
  return [x!, y!, "1"];
}
export function g2Json(p: mcl.G2): G2Json {
  const [, x0, x1, y0, y1] = mcl.normalize(p).getStr(10).split(" ");
  return [
    [x0!, x1!],
    [y0!, y1!],
    ["1", "0"],
  ];
}
function g1From(j: G1Json): mcl.G1 {
  const p = new mcl.G1();
  p.setStr(`1 ${j[0]} ${j[1]}`, 10);
  return p;
}
function g2From(j: G2Json): mcl.G2 {
  const p = new mcl.G2();
  p.setStr(`1 ${j[0][0]} ${j[0][1]} ${j[1][0]} ${j[1][1]}`, 10);
  return p;
}

export interface TrapdoorKey {
  vkey: VerificationKey;
  /** A valid proof of any public signals (the secrets make forging easy: that is the point). */
  prove(signals: bigint[]): ProofItem;
}

export function trapdoorKey(nPublic: number): TrapdoorKey {
  const [alpha, beta, gamma, delta] = [randomFr(), randomFr(), randomFr(), randomFr()];
  const u = Array.from({ length: nPublic + 1 }, randomFr);
  const vkey: VerificationKey = {
    protocol: "groth16",
    curve: "bn128",
    nPublic,
    vk_alpha_1: g1Json(mcl.mul(g1gen, alpha)),
    vk_beta_2: g2Json(mcl.mul(g2gen, beta)),
    vk_gamma_2: g2Json(mcl.mul(g2gen, gamma)),
    vk_delta_2: g2Json(mcl.mul(g2gen, delta)),
    IC: u.map((x) => g1Json(mcl.mul(g1gen, x))),
  };
  const prove = (signals: bigint[]): ProofItem => {
    const [a, b] = [randomFr(), randomFr()];
    let l = u[0]!;
    signals.forEach((s, j) => {
      l = mcl.add(l, mcl.mul(fr(s), u[j + 1]!));
    });
    // e(A,B) = e(alpha,beta) e(L,gamma) e(C,delta)  <=>  ab = alpha beta + gamma l + delta c
    const c = mcl.div(mcl.sub(mcl.sub(mcl.mul(a, b), mcl.mul(alpha, beta)), mcl.mul(gamma, l)), delta);
    const proof: Groth16Proof = {
      pi_a: g1Json(mcl.mul(g1gen, a)),
      pi_b: g2Json(mcl.mul(g2gen, b)),
      pi_c: g1Json(mcl.mul(g1gen, c)),
      protocol: "groth16",
      curve: "bn128",
    };
    return { proof, publicSignals: signals.map(String) };
  };
  return { vkey, prove };
}

/** (tA, B/t, C) for a random t: another valid proof of the same statement. */
export function rerandomize(item: ProofItem): ProofItem {
  const t = randomFr();
  const proof: Groth16Proof = {
    ...structuredClone(item.proof),
    pi_a: g1Json(mcl.mul(g1From(item.proof.pi_a), t)),
    pi_b: g2Json(mcl.mul(g2From(item.proof.pi_b), mcl.inv(t))),
  };
  return { proof, publicSignals: [...item.publicSignals] };
}

/** A point on the twist y^2 = x^3 + 3/(9+u) outside G2's prime-order subgroup. */
export function twistPointOutsideSubgroup(seed = 1): G2Json {
  const b = mcl.div(
    (() => {
      const t = new mcl.Fp2();
      t.setInt(3, 0);
      return t;
    })(),
    (() => {
      const t = new mcl.Fp2();
      t.setInt(9, 1);
      return t;
    })(),
  );
  for (let k = seed; ; k++) {
    const x = new mcl.Fp2();
    x.setInt(k, 1);
    const [ok, y] = mcl.squareRoot(mcl.add(mcl.mul(mcl.mul(x, x), x), b));
    if (!ok) continue;
    const [xa, xb] = x.getStr(10).split(" ");
    const [ya, yb] = y.getStr(10).split(" ");
    mcl.verifyOrderG2(false);
    try {
      const p = new mcl.G2();
      p.setStr(`1 ${xa} ${xb} ${ya} ${yb}`, 10);
      if (p.isValid() && !p.isValidOrder())
        return [
          [xa!, xb!],
          [ya!, yb!],
          ["1", "0"],
        ];
    } finally {
      mcl.verifyOrderG2(true);
    }
  }
}

/** k * p by double-and-add (k may exceed r: for points outside the subgroup it matters). */
function mulBig(p: mcl.G2, k: bigint): mcl.G2 {
  let acc = new mcl.G2(); // zero
  for (let b = BigInt(k.toString(2).length - 1); b >= 0n; b--) {
    acc = mcl.dbl(acc);
    if ((k >> b) & 1n) acc = mcl.add(acc, p);
  }
  return acc;
}

/** #E'(Fq2) = r * h with h = 10069 * h'; [r h'] R has order 10069 (or is zero). */
const TWIST_COFACTOR = 2n * BASE_FIELD - SNARK_FIELD;
const SMALL_FACTOR = 10069n;

/**
 * A valid B plus a point of small order (10069), or of large order h' = h/10069: on the twist,
 * outside G2, and only an exact subgroup check notices (the pairing equation fails anyway).
 */
const torsion = new Map<boolean, mcl.G2>();
export function withTorsion(b: G2Json, smallOrder: boolean): G2Json {
  const o = twistPointOutsideSubgroup(5); // (it restores the order check when done)
  mcl.verifyOrderG2(false);
  try {
    let t = torsion.get(smallOrder);
    if (!t) {
      const r = new mcl.G2();
      r.setStr(`1 ${o[0][0]} ${o[0][1]} ${o[1][0]} ${o[1][1]}`, 10);
      const hPrime = TWIST_COFACTOR / SMALL_FACTOR;
      t = mulBig(r, smallOrder ? SNARK_FIELD * hPrime : SNARK_FIELD * SMALL_FACTOR);
      if (t.isZero()) throw new Error("torsion point is zero: pick another seed");
      torsion.set(smallOrder, t);
    }
    const q = new mcl.G2();
    q.setStr(`1 ${b[0][0]} ${b[0][1]} ${b[1][0]} ${b[1][1]}`, 10);
    return g2Json(mcl.add(q, t));
  } finally {
    mcl.verifyOrderG2(true);
  }
}

/** What every verifier must conclude. `snarkjs` differs only where snarkjs is known to be lax. */
export type Verdict = "valid" | "invalid" | "malformed" | "noncanonical";
export interface Case {
  kind: string;
  item: ProofItem;
  verdict: Verdict;
  /** snarkjs' groth16.verify result, when it differs from `verdict === "valid"`. */
  snarkjs?: boolean;
}

const randomBit = () => Math.floor(Math.random() * 254);
const flip = (v: string, bit: number) => (BigInt(v) ^ (1n << BigInt(bit))).toString();

/** Every tampering of a valid item; `other` is a valid item of another statement (same key). */
export function tamperings(item: ProofItem, other: ProofItem, outside: G2Json): Case[] {
  const c = () => structuredClone(item);
  const out: Case[] = [];
  const add = (kind: string, verdict: Verdict, edit: (x: ProofItem) => void, snarkjs?: boolean) => {
    const x = c();
    edit(x);
    out.push({ kind, item: x, verdict, ...(snarkjs === undefined ? {} : { snarkjs }) });
  };
  // One flipped bit in each coordinate: off the curve, or >= q, or (rarely) another point.
  const coords: Array<[string, (p: Groth16Proof) => [string[], number]]> = [
    ["pi_a.x", (p) => [p.pi_a, 0]],
    ["pi_a.y", (p) => [p.pi_a, 1]],
    ["pi_b.x0", (p) => [p.pi_b[0], 0]],
    ["pi_b.x1", (p) => [p.pi_b[0], 1]],
    ["pi_b.y0", (p) => [p.pi_b[1], 0]],
    ["pi_b.y1", (p) => [p.pi_b[1], 1]],
    ["pi_c.x", (p) => [p.pi_c, 0]],
    ["pi_c.y", (p) => [p.pi_c, 1]],
  ];
  for (const [name, at] of coords) {
    const x = c();
    const [arr, i] = at(x.proof);
    arr[i] = flip(arr[i]!, randomBit());
    const v = BigInt(arr[i]!);
    out.push({ kind: `bit flip ${name}`, item: x, verdict: v >= BASE_FIELD ? "noncanonical" : "malformed" });
  }
  const s = item.publicSignals;
  if (s.length >= 2 && s[0] !== s[1])
    add("swapped public signals", "invalid", (x) => {
      x.publicSignals = [s[1]!, s[0]!, ...s.slice(2)];
    });
  add("public signal + 1", "invalid", (x) => {
    x.publicSignals = [(BigInt(s[0]!) + 1n).toString(), ...s.slice(1)];
  });
  add("public signal + r (aliases the signal)", "noncanonical", (x) => {
    x.publicSignals = [(BigInt(s[0]!) + SNARK_FIELD).toString(), ...s.slice(1)];
  });
  add("another statement's signals", "invalid", (x) => {
    x.publicSignals = [...other.publicSignals];
  });
  add("A off the curve", "malformed", (x) => {
    x.proof.pi_a[1] = ((BigInt(x.proof.pi_a[1]) + 1n) % BASE_FIELD).toString();
  });
  add("B off the twist", "malformed", (x) => {
    x.proof.pi_b[0][0] = ((BigInt(x.proof.pi_b[0][0]) + 1n) % BASE_FIELD).toString();
  });
  add("C off the curve", "malformed", (x) => {
    x.proof.pi_c[0] = ((BigInt(x.proof.pi_c[0]) + 1n) % BASE_FIELD).toString();
  });
  add("B on the twist, outside the subgroup", "malformed", (x) => {
    x.proof.pi_b = structuredClone(outside);
  });
  add("B plus a point of order 10069", "malformed", (x) => {
    x.proof.pi_b = withTorsion(x.proof.pi_b, true);
  });
  add("B plus a point of large order outside G2", "malformed", (x) => {
    x.proof.pi_b = withTorsion(x.proof.pi_b, false);
  });
  add("A at infinity (projective)", "malformed", (x) => {
    x.proof.pi_a = ["0", "1", "0"];
  });
  add("A as (0, 0)", "malformed", (x) => {
    x.proof.pi_a = ["0", "0", "1"];
  });
  add("B at infinity (projective)", "malformed", (x) => {
    x.proof.pi_b = [
      ["0", "0"],
      ["1", "0"],
      ["0", "0"],
    ];
  });
  add("C as (0, 0)", "malformed", (x) => {
    x.proof.pi_c = ["0", "0", "1"];
  });
  // snarkjs reduces coordinates mod q, so x + q is the same point to it: it accepts the alias.
  add(
    "A.x + q (aliases A)",
    "noncanonical",
    (x) => {
      x.proof.pi_a[0] = (BigInt(x.proof.pi_a[0]) + BASE_FIELD).toString();
    },
    true,
  );
  add(
    "B.y1 + q (aliases B)",
    "noncanonical",
    (x) => {
      x.proof.pi_b[1][1] = (BigInt(x.proof.pi_b[1][1]) + BASE_FIELD).toString();
    },
    true,
  );
  add("A negated", "invalid", (x) => {
    x.proof.pi_a[1] = (BASE_FIELD - BigInt(x.proof.pi_a[1])).toString();
  });
  add("A and C swapped", "invalid", (x) => {
    [x.proof.pi_a, x.proof.pi_c] = [x.proof.pi_c, x.proof.pi_a];
  });
  add("another proof's A", "invalid", (x) => {
    x.proof.pi_a = structuredClone(other.proof.pi_a);
  });
  add("another proof's B", "invalid", (x) => {
    x.proof.pi_b = structuredClone(other.proof.pi_b);
  });
  return out;
}

/** The verdict a verifier gives: its boolean, or the class of the typed error it throws. */
export function verdictOf(fn: () => boolean): Verdict | string {
  try {
    return fn() ? "valid" : "invalid";
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "MALFORMED_PROOF") return "malformed";
    if (code === "NON_CANONICAL_FIELD") return "noncanonical";
    return `threw ${(e as Error).message}`;
  }
}
