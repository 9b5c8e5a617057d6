import { AdminClient } from "@zkpop/client";
import { ZkpopError } from "@zkpop/prover";

export const SERVICE_HELP = `zkpop service: relying services and their API keys, through a running registry's admin API

Usage:
  zkpop service list
  zkpop service add RPID --name NAME             register a relying service (its API key is printed once)
  zkpop service revoke RPID                      stop the service and all its keys, at once and for good
  zkpop service key list RPID                    its keys: id, created, expires, revoked
  zkpop service key add RPID [--retire-others-after SECONDS]
                                                 rotate: a second key (printed once); the others stop
                                                 SECONDS from now (0: at once). Scopes and nullifiers stay.
  zkpop service key retire RPID KEYID [--after SECONDS]
                                                 the key stops SECONDS from now (default: at once)

Options:
  --url URL   the registry (default $ZKPOP_URL or http://127.0.0.1:8080)
The admin token is read from $ZKPOP_ADMIN_TOKEN (never from the command line: shells keep history).
`;

function seconds(v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 90 * 86_400)
    throw new ZkpopError("BAD_ARGUMENT", `--${name} must be a whole number of seconds in [0, 7776000]`);
  return n * 1000;
}

const when = (ms: number | null) => (ms === null ? "-" : new Date(ms).toISOString());

export async function serviceCommand(
  args: readonly string[],
  values: { url?: string; name?: string; after?: string; "retire-others-after"?: string },
): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "help") {
    process.stdout.write(SERVICE_HELP);
    return;
  }
  const adminToken = process.env.ZKPOP_ADMIN_TOKEN;
  if (!adminToken)
    throw new ZkpopError("BAD_ARGUMENT", "set ZKPOP_ADMIN_TOKEN to the registry's admin token");
  const admin = new AdminClient({
    baseUrl: values.url ?? process.env.ZKPOP_URL ?? "http://127.0.0.1:8080",
    adminToken,
  });
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const need = (v: string | undefined, what: string): string => {
    if (!v) throw new ZkpopError("BAD_ARGUMENT", `missing ${what}\n\n${SERVICE_HELP}`);
    return v;
  };
  const key = sub === "key" ? rest[0] : undefined;
  const [rpId, keyId] = sub === "key" ? rest.slice(1) : rest;
  if (sub === "list") {
    for (const s of await admin.listServices())
      out(`${s.rpId}\t${s.name}\tcreated ${when(s.createdAt)}\trevoked ${when(s.revokedAt)}`);
  } else if (sub === "add") {
    const r = await admin.addService(need(rpId, "RPID"), need(values.name, "--name"));
    out(`relying service ${r.service.rpId} registered; its API key (shown once, store it now):\n${r.apiKey}`);
  } else if (sub === "revoke") {
    const s = await admin.revokeService(need(rpId, "RPID"));
    out(`${s.rpId} revoked at ${when(s.revokedAt)}: every key stopped`);
  } else if (sub === "key" && key === "list") {
    for (const k of await admin.listServiceKeys(need(rpId, "RPID")))
      out(
        `${k.id}\tcreated ${when(k.createdAt)}\texpires ${when(k.expiresAt)}\trevoked ${when(k.revokedAt)}`,
      );
  } else if (sub === "key" && key === "add") {
    const r = await admin.addServiceKey(need(rpId, "RPID"), {
      retireOthersAfterMs: seconds(values["retire-others-after"], "retire-others-after"),
    });
    out(`new key ${r.key.id} for ${r.key.rpId} (shown once, store it now):\n${r.apiKey}`);
    for (const k of r.keys) if (k.id !== r.key.id) out(`key ${k.id} expires ${when(k.expiresAt)}`);
  } else if (sub === "key" && key === "retire") {
    const k = await admin.retireServiceKey(need(rpId, "RPID"), need(keyId, "KEYID"), {
      afterMs: seconds(values.after, "after"),
    });
    out(`key ${k.id} of ${k.rpId} stops at ${when(k.expiresAt)}`);
  } else
    throw new ZkpopError("BAD_ARGUMENT", `unknown service command "${args.join(" ")}"\n\n${SERVICE_HELP}`);
}
