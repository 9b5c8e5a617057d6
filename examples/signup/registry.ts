import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { AdminClient } from "@zkpop/client";
import { loadConfig, type RunningServer, serve } from "@zkpop/server";

export interface EmbeddedRegistry {
  server: RunningServer;
  /** The relying service's API key: only its backend holds it. */
  apiKey: string;
  /** The kiosk key `zkpop attester sign --key` uses (the registry trusts its public key). */
  kioskKeyFile: string;
}

/** The `zkpop` command (the CLI package's entry). */
export const ZKPOP_CLI = createRequire(import.meta.url).resolve("@zkpop/cli");

/** The kiosk's signing key, made once in `dataDir` by the kiosk's own tool, `zkpop attester keygen`. */
function kioskPublicKey(file: string): [string, string] {
  if (!existsSync(file)) execFileSync(process.execPath, [ZKPOP_CLI, "attester", "keygen", "--out", file]);
  const { publicKey } = JSON.parse(readFileSync(file, "utf8")) as { publicKey: { x: string; y: string } };
  return [publicKey.x, publicKey.y];
}

/**
 * A zkpop registry on an SQLite file in `dataDir`, with one trusted kiosk and one relying
 * service (`rpId`): what an operator would set up with `zkpop serve` and the admin API.
 */
export async function startEmbeddedRegistry(o: {
  dataDir: string;
  rpId: string;
  home?: string;
  port?: number;
}): Promise<EmbeddedRegistry> {
  await mkdir(o.dataDir, { recursive: true });
  const adminToken = randomBytes(24).toString("base64url");
  const config = loadConfig({
    env: {},
    overrides: {
      host: "127.0.0.1",
      port: o.port ?? 0,
      pepper: randomBytes(32).toString("base64"),
      adminToken,
      db: { kind: "sqlite", path: path.join(o.dataDir, `registry-${Date.now()}.sqlite`) },
      artifactsHome: o.home,
      logLevel: "warn",
    },
  });
  const server = await serve({ config });
  const admin = new AdminClient({ baseUrl: server.url, adminToken });
  const kioskKeyFile = path.join(o.dataDir, "kiosk-key.json");
  await admin.addAttester(kioskPublicKey(kioskKeyFile), "signup example kiosk");
  const { apiKey } = await admin.addService(o.rpId, "Signup example");
  return { server, apiKey, kioskKeyFile };
}
