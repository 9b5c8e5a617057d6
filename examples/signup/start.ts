/**
 * The signup example on embedded defaults, one command (from the repo root):
 *   npm run example:signup            (or: npx tsx examples/signup/start.ts [--port 3000])
 * Starts a zkpop registry on SQLite (a kiosk key it trusts, one relying service) and the relying
 * service's web app, then prints what to open and how the kiosk signs a capture.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { createSignupApp } from "./app.js";
import { startEmbeddedRegistry, ZKPOP_CLI } from "./registry.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "3000" },
    data: { type: "string", default: ".zkpop-signup" },
    "rp-id": { type: "string", default: "signup.example" },
    help: { type: "boolean", short: "h" },
  },
});
if (values.help) {
  console.log(`usage: npx tsx examples/signup/start.ts [--port 3000] [--data .zkpop-signup] [--rp-id signup.example]
  Starts a zkpop registry (SQLite, fresh each start; kiosk key kept in --data) and the signup web app.
  Artifacts come from $ZKPOP_HOME (default ./.zkpop): built on first use, which takes minutes.`);
  process.exit(0);
}

const rpId = values["rp-id"]!;
const dataDir = path.resolve(values.data!);
console.log("starting the registry (loads or builds the circuits: minutes on a first run) ...");
const registry = await startEmbeddedRegistry({ dataDir, rpId });
const app = createSignupApp({
  registryUrl: registry.server.url,
  apiKey: registry.apiKey,
  rpId,
});
const http = app.listen(Number(values.port), "127.0.0.1", () => {
  const cli = path.relative(process.cwd(), ZKPOP_CLI);
  console.log(`registry:  ${registry.server.url}  (SQLite in ${dataDir})
signup app: http://127.0.0.1:${values.port}/   (relying service "${rpId}")

The kiosk signs a face capture for the identity commitment the page shows:
  node ${cli} attester sign --key ${path.relative(process.cwd(), registry.kioskKeyFile)} \\
    --image test/fixtures/orl/s1_1.pgm --identity <commitment> --out capture.json
Ctrl-C stops both.`);
});

const stop = async () => {
  http.close();
  await registry.server.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
