// Holder, relying service and admin over HTTP against a local registry.
// Run from the repo root after `npm run build`: npx tsx packages/client/examples/quickstart.ts
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { AdminClient, HolderClient, isApiError, RelyingServiceClient } from "@zkpop/client";
import { Identity } from "@zkpop/core";
import { loadConfig, serve } from "@zkpop/server";

// A registry on 127.0.0.1 with an embedded SQLite file (in production: `zkpop serve`).
const dir = mkdtempSync(path.join(tmpdir(), "zkpop-quickstart-"));
const adminToken = randomBytes(32).toString("base64url");
const server = await serve({
  config: loadConfig({
    overrides: {
      port: 0,
      pepper: randomBytes(32).toString("base64url"),
      adminToken,
      adminMembers: true, // closed group: the admin adds members (no enrollment proof yet)
      db: { kind: "sqlite", path: path.join(dir, "registry.sqlite") },
      logLevel: "warn",
    },
  }),
});

try {
  // The operator: three members and one relying service.
  const admin = new AdminClient({ baseUrl: server.url, adminToken });
  const people = [new Identity(), new Identity(), new Identity()];
  for (const p of people) await admin.addMember(p.commitment);
  const { apiKey } = await admin.addService("forum.example", "Example forum");

  // A holder proves on their device: the server only ever sees the group pages.
  const holder = new HolderClient({ baseUrl: server.url });
  const alice = people[1]!;
  const proof = await holder.prove(alice, { rpId: "forum.example", action: "signup" });

  // The forum's backend consumes it: one signup per person.
  const forum = new RelyingServiceClient({ baseUrl: server.url, apiKey });
  const first = await forum.consume("signup", proof);
  console.log("signup accepted, nullifier", `${first.nullifier.slice(0, 12)}…`, "firstUse:", first.firstUse);

  const second = await holder.prove(alice, { rpId: "forum.example", action: "signup", message: 2 });
  try {
    await forum.consume("signup", second);
  } catch (e) {
    if (!isApiError(e, "NULLIFIER_USED")) throw e;
    console.log("second signup by the same person refused:", e.code);
  }
} finally {
  await server.close();
  const { defaultMembership } = await import("@zkpop/core");
  await (await defaultMembership()).close();
  rmSync(dir, { recursive: true, force: true });
}
