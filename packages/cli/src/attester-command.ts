import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import {
  attestCapture,
  attesterPublicKey,
  generateAttesterKey,
  parseSignedCapture,
  signedCaptureToJson,
} from "@zkpop/attestation";
import { prepareCapture } from "@zkpop/face";
import { isCanonicalField, ZkpopError } from "@zkpop/prover";

const KEY_FORMAT = "zkpop-attester-key/1";

function need(v: string | boolean | undefined, flag: string): string {
  if (typeof v !== "string" || !v) throw new ZkpopError("BAD_ARGUMENT", `--${flag} is required`);
  return v;
}

async function readKey(file: string): Promise<Uint8Array> {
  let json: { format?: string; privateKey?: string };
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new ZkpopError("BAD_ARGUMENT", `cannot read attester key ${file}: ${(e as Error).message}`);
  }
  if (json.format !== KEY_FORMAT || !/^[0-9a-f]{64}$/.test(json.privateKey ?? "")) {
    throw new ZkpopError("BAD_ARGUMENT", `${file} is not a zkpop attester key`);
  }
  return new Uint8Array(Buffer.from(json.privateKey!, "hex"));
}

/** `zkpop attester keygen|sign|verify`: the capture station's tooling. Never prints the private key. */
export async function attesterCommand(
  sub: string | undefined,
  v: Record<string, string | boolean | undefined>,
): Promise<void> {
  switch (sub) {
    case "keygen": {
      const out = need(v.out, "out");
      if (existsSync(out)) throw new ZkpopError("BAD_ARGUMENT", `${out} exists: refusing to overwrite a key`);
      const { privateKey, publicKey } = generateAttesterKey();
      const json = {
        format: KEY_FORMAT,
        privateKey: Buffer.from(privateKey).toString("hex"),
        publicKey: { x: publicKey.x.toString(), y: publicKey.y.toString() },
      };
      await writeFile(out, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o600, flag: "wx" });
      console.log(`attester key written to ${out} (mode 600). Register this public key with the registry:`);
      console.log(JSON.stringify(json.publicKey));
      return;
    }
    case "sign": {
      const key = await readKey(need(v.key, "key"));
      const image = await readFile(need(v.image, "image"));
      const identity = need(v.identity, "identity");
      if (!isCanonicalField(identity))
        throw new ZkpopError(
          "BAD_ARGUMENT",
          "--identity must be an identity commitment (a canonical decimal field element)",
        );
      const capturedAt =
        v["captured-at"] === undefined ? Math.floor(Date.now() / 1000) : Number(v["captured-at"]);
      const { crop } = await prepareCapture(new Uint8Array(image));
      const attestation = attestCapture(key, {
        pixels: crop.data,
        identityCommitment: BigInt(identity),
        capturedAt,
      });
      const out = need(v.out, "out");
      await writeFile(out, `${JSON.stringify(signedCaptureToJson({ crop, attestation }), null, 2)}\n`);
      console.log(
        `signed ${crop.width}×${crop.height} capture written to ${out}; attester ${JSON.stringify(attesterPublicKey(key), (_, x) => (typeof x === "bigint" ? x.toString() : x))}`,
      );
      return;
    }
    case "verify": {
      const file = need(v.capture, "capture");
      const s = parseSignedCapture(JSON.parse(await readFile(file, "utf8")));
      console.log(
        `valid: ${s.crop.width}×${s.crop.height} crop, captured at ${new Date(s.attestation.capturedAt * 1000).toISOString()}, identity ${s.attestation.identityCommitment}`,
      );
      return;
    }
    default:
      throw new ZkpopError(
        "BAD_ARGUMENT",
        "usage: zkpop attester keygen --out KEY | sign --key KEY --image IMG --identity C --out FILE [--captured-at S] | verify --capture FILE",
      );
  }
}
