import { enrollmentProofSchema } from "@zkpop/core";
import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "../errors.js";
import {
  AddAttesterBody,
  AddKeyBody,
  AddMemberBody,
  AddServiceBody,
  ProofRequestBody,
  RetireKeyBody,
} from "./validate.js";

// The OpenAPI 3.1 document served at /v1/openapi.json. Request bodies are generated from the
// very zod schemas the routes validate with, and every operation lists the error codes it can
// answer (grouped by status), so clients generated from it know each one.

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ "application/json": { schema } });
const body = (name: string, required = true) => ({ required, content: json(ref(name)) });
const ok = (description: string, schema: Json = { type: "object" }) => ({
  description,
  content: json(schema),
});

/**
 * Codes any route may answer whatever its operation: a body that cannot be read (every
 * request's body is parsed before routing), our own fault.
 */
const ANY: ErrorCode[] = [
  "INVALID_JSON",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
  "HEADERS_TOO_LARGE",
  "INTERNAL",
];
/** Answered for a path the API does not have, or under a method it does not take. */
export const ROUTING_ERRORS: ErrorCode[] = ["NOT_FOUND", "METHOD_NOT_ALLOWED"];

/** Error responses for these codes, grouped by HTTP status. */
function errors(...codes: ErrorCode[]): Json {
  const all = [...new Set<ErrorCode>([...codes, ...ANY])];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of all) byStatus.set(ERROR_STATUS[c], [...(byStatus.get(ERROR_STATUS[c]) ?? []), c]);
  const out: Json = {};
  for (const [status, cs] of [...byStatus].sort(([a], [b]) => a - b)) {
    out[String(status)] = {
      description: cs.join(", "),
      content: json({
        allOf: [ref("Error")],
        properties: { error: { properties: { code: { enum: cs } } } },
      }),
    };
  }
  return out;
}

const INPUT: ErrorCode[] = ["INVALID_REQUEST", "RATE_LIMITED"];
const PROOF_ERRORS: ErrorCode[] = [
  ...INPUT,
  "NON_CANONICAL_FIELD",
  "UNAUTHORIZED",
  "DEPTH_MISMATCH",
  "SCOPE_MISMATCH",
  "MESSAGE_MISMATCH",
  "UNKNOWN_ROOT",
  "EXPIRED_ROOT",
  "INVALID_PROOF",
];
const ADMIN_ERRORS: ErrorCode[] = [...INPUT, "UNAUTHORIZED", "FORBIDDEN"];
const PUBLIC: Json[] = [];
const ADMIN = [{ adminToken: [] }];
const API_KEY = [{ apiKey: [] }];

const pathParam = (name: string, description: string, pattern?: string) => ({
  name,
  in: "path",
  required: true,
  description,
  schema: { type: "string", ...(pattern ? { pattern } : {}) },
});
const RP_ID = pathParam("rpId", "the relying service's rpId", "^[a-z0-9][a-z0-9.-]{0,62}$");

const op = (o: {
  id: string;
  tag: string;
  summary: string;
  security: Json[];
  responses: Json;
  requestBody?: Json;
  parameters?: Json[];
  description?: string;
}) => ({
  operationId: o.id,
  tags: [o.tag],
  summary: o.summary,
  ...(o.description ? { description: o.description } : {}),
  security: o.security,
  ...(o.parameters ? { parameters: o.parameters } : {}),
  ...(o.requestBody ? { requestBody: o.requestBody } : {}),
  responses: o.responses,
});

const groupState = {
  type: "object",
  required: ["root", "size", "treeDepth", "circuitDepth"],
  properties: {
    root: { type: ["string", "null"], description: "current root; null while the group is empty" },
    size: { type: "integer", description: "members" },
    treeDepth: { type: "integer", description: "depth of the tree as it is now (grows with the group)" },
    circuitDepth: {
      type: "integer",
      description: "the depth every proof must be made with (merkleTreeDepth)",
    },
  },
};
const artifact = {
  type: "object",
  required: ["file", "sha256", "bytes", "url"],
  properties: {
    file: { type: "string" },
    sha256: { type: "string", pattern: "^[0-9a-f]{64}$" },
    bytes: { type: "integer" },
    url: { type: "string", description: "/v1/artifacts/{sha256}, relative to the registry" },
  },
};
const circuitFiles = {
  type: ["object", "null"],
  required: ["manifest", "wasm", "zkey", "vkey"],
  properties: Object.fromEntries(
    ["manifest", "wasm", "zkey", "vkey", "enrollment"].map((k) => [
      k,
      { $ref: "#/components/schemas/Artifact" },
    ]),
  ),
};
const info = {
  type: "object",
  required: ["version", "group", "groupParameters", "circuits", "artifacts", "attesters"],
  properties: {
    version: { type: "string" },
    group: { $ref: "#/components/schemas/GroupState" },
    groupParameters: { type: "object" },
    circuits: { type: "object" },
    artifacts: {
      type: "object",
      description: "files devices prove with, per circuit, served at their url",
      properties: { membership: circuitFiles, enrollment: circuitFiles },
    },
    dedupThreshold: { type: "integer" },
    captureFreshnessMs: { type: "integer" },
    attesters: { type: "array", items: { type: "object" } },
  },
};
const apiKey = {
  type: "object",
  required: ["id", "rpId", "createdAt", "expiresAt", "revokedAt"],
  properties: {
    id: { type: "string" },
    rpId: { type: "string" },
    createdAt: { type: "integer" },
    expiresAt: { type: ["integer", "null"], description: "end of a retired key's grace period" },
    revokedAt: { type: ["integer", "null"] },
  },
};

/** The OpenAPI 3.1 description of the /v1 API (served at GET /v1/openapi.json). */
export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: {
      title: "zkpop registry",
      version: "1.0.0",
      license: { name: "MIT", identifier: "MIT" },
      description:
        "Proof-of-personhood registry: group of enrolled people, anonymous Semaphore membership proofs " +
        "checked for relying services (scope rpId:action, rpId bound to the API key), and the files " +
        'devices prove with, by SHA-256. Errors are { "error": { "code", "message" } }; each operation ' +
        `lists the codes it can answer, and any path answers ${ROUTING_ERRORS.join(" and ")} for a route or ` +
        "method it does not have. x-error-status maps every code to its HTTP status.",
      "x-error-status": ERROR_STATUS,
    },
    servers: [{ url: "/", description: "the registry itself (relative URLs)" }],
    tags: [
      { name: "operations", description: "liveness, readiness, metrics, this document" },
      { name: "public", description: "what devices read: parameters, artifacts, the group" },
      { name: "holders", description: "enrollment" },
      { name: "relying services", description: "verify and consume membership proofs (API key)" },
      { name: "admin", description: "attesters, relying services and their keys, members (admin token)" },
    ],
    components: {
      securitySchemes: {
        adminToken: { type: "http", scheme: "bearer", description: "Admin token (config adminToken)" },
        apiKey: { type: "http", scheme: "bearer", description: "Relying-service API key (zkpop_...)" },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["code", "message"],
              properties: {
                code: { type: "string", enum: Object.keys(ERROR_STATUS) },
                message: { type: "string", description: "for people: what went wrong and what to do next" },
              },
            },
          },
        },
        ProofRequest: schemaOf(ProofRequestBody),
        EnrollmentProof: schemaOf(enrollmentProofSchema),
        AddAttester: schemaOf(AddAttesterBody),
        AddService: schemaOf(AddServiceBody),
        AddKey: schemaOf(AddKeyBody),
        RetireKey: schemaOf(RetireKeyBody),
        AddMember: schemaOf(AddMemberBody),
        GroupState: groupState,
        Artifact: artifact,
        ApiKey: apiKey,
      },
    },
    paths: {
      "/v1/health": {
        get: op({
          id: "health",
          tag: "operations",
          summary: "Liveness",
          security: PUBLIC,
          responses: { 200: ok("alive"), ...errors() },
        }),
      },
      "/v1/ready": {
        get: op({
          id: "ready",
          tag: "operations",
          summary: "Readiness (database reachable, not shutting down)",
          security: PUBLIC,
          responses: { 200: ok("ready"), ...errors("NOT_READY") },
        }),
      },
      "/metrics": {
        get: op({
          id: "metrics",
          tag: "operations",
          summary: "Prometheus metrics",
          security: PUBLIC,
          responses: {
            200: {
              description: "text exposition",
              content: { "text/plain": { schema: { type: "string" } } },
            },
            ...errors(),
          },
        }),
      },
      "/v1/openapi.json": {
        get: op({
          id: "openApi",
          tag: "operations",
          summary: "This document",
          security: PUBLIC,
          responses: { 200: ok("OpenAPI 3.1"), ...errors("RATE_LIMITED") },
        }),
      },
      "/v1/info": {
        get: op({
          id: "info",
          tag: "public",
          summary: "Circuits, their artifacts (by SHA-256), group parameters, trusted attesters",
          security: PUBLIC,
          responses: { 200: ok("public parameters", info), ...errors("RATE_LIMITED") },
        }),
      },
      "/v1/artifacts/{sha256}": {
        get: op({
          id: "getArtifact",
          tag: "public",
          summary: "A file devices prove with, by its SHA-256 (immutable: cache it for good)",
          security: PUBLIC,
          parameters: [
            pathParam("sha256", "SHA-256 of the file (as listed in /v1/info artifacts)", "^[0-9a-f]{64}$"),
          ],
          responses: {
            200: {
              description: "the bytes; ETag is the quoted SHA-256",
              content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
            },
            206: {
              description: "the requested byte range",
              content: { "application/octet-stream": { schema: { type: "string", format: "binary" } } },
            },
            304: { description: "If-None-Match named this ETag: the cached copy is current" },
            ...errors(...INPUT, "NOT_FOUND"),
          },
        }),
      },
      "/v1/group": {
        get: op({
          id: "getGroup",
          tag: "public",
          summary: "Group state",
          security: PUBLIC,
          responses: { 200: ok("state", ref("GroupState")), ...errors("RATE_LIMITED") },
        }),
      },
      "/v1/group/members": {
        get: op({
          id: "listMembers",
          tag: "public",
          summary: "Members in index order, in pages (holders rebuild the tree locally)",
          security: PUBLIC,
          parameters: [
            { name: "from", in: "query", schema: { type: "integer", minimum: 0, default: 0 } },
            {
              name: "limit",
              in: "query",
              schema: { type: "integer", minimum: 1, maximum: 10000, default: 1000 },
            },
          ],
          responses: {
            200: ok("a page; `next` is null on the last one", {
              type: "object",
              properties: {
                root: { type: ["string", "null"] },
                size: { type: "integer" },
                from: { type: "integer" },
                members: { type: "array", items: { type: "string" } },
                next: { type: ["integer", "null"] },
              },
            }),
            ...errors(...INPUT),
          },
        }),
      },
      "/v1/verify": {
        post: op({
          id: "verifyProof",
          tag: "relying services",
          summary: "Stateless check of a membership proof for scope <rpId of the API key>:<action>",
          security: API_KEY,
          requestBody: body("ProofRequest"),
          responses: {
            200: ok("valid; nullifierUsed says whether it was consumed already"),
            ...errors(...PROOF_ERRORS),
          },
        }),
      },
      "/v1/consume": {
        post: op({
          id: "consumeProof",
          tag: "relying services",
          summary: "Check the proof and record its nullifier (201 first use, 200 retry of the same proof)",
          security: API_KEY,
          requestBody: body("ProofRequest"),
          responses: {
            200: ok("the very same proof again: idempotent"),
            201: ok("nullifier recorded"),
            ...errors(...PROOF_ERRORS, "NULLIFIER_USED"),
          },
        }),
      },
      "/v1/enroll": {
        post: op({
          id: "enroll",
          tag: "holders",
          summary: "Enroll with an enrollment proof",
          description:
            "Verified, attester trusted and capture fresh, then refused as DUPLICATE_PERSON when m of " +
            "its L tags are already stored; member and tags inserted together.",
          security: PUBLIC,
          requestBody: body("EnrollmentProof"),
          responses: {
            201: ok("enrolled: { index, root }"),
            ...errors(
              ...INPUT,
              "NON_CANONICAL_FIELD",
              "CIRCUIT_MISMATCH",
              "INVALID_PROOF",
              "UNKNOWN_ATTESTER",
              "ATTESTER_REVOKED",
              "STALE_CAPTURE",
              "DUPLICATE_PERSON",
              "ALREADY_MEMBER",
            ),
          },
        }),
      },
      "/v1/admin/attesters": {
        get: op({
          id: "listAttesters",
          tag: "admin",
          summary: "List attesters",
          security: ADMIN,
          responses: { 200: ok("attesters"), ...errors(...ADMIN_ERRORS) },
        }),
        post: op({
          id: "addAttester",
          tag: "admin",
          summary: "Trust an attester key",
          security: ADMIN,
          requestBody: body("AddAttester"),
          responses: {
            201: ok("added"),
            ...errors(...ADMIN_ERRORS, "NON_CANONICAL_FIELD", "ALREADY_EXISTS"),
          },
        }),
      },
      "/v1/admin/attesters/{id}/revoke": {
        post: op({
          id: "revokeAttester",
          tag: "admin",
          summary: "Revoke an attester (idempotent)",
          security: ADMIN,
          parameters: [pathParam("id", "the attester's id")],
          responses: { 200: ok("revoked"), ...errors(...ADMIN_ERRORS, "NOT_FOUND") },
        }),
      },
      "/v1/admin/services": {
        get: op({
          id: "listServices",
          tag: "admin",
          summary: "List relying services",
          security: ADMIN,
          responses: { 200: ok("services"), ...errors(...ADMIN_ERRORS) },
        }),
        post: op({
          id: "addService",
          tag: "admin",
          summary: "Register a relying service; its first API key is returned once",
          security: ADMIN,
          requestBody: body("AddService"),
          responses: { 201: ok("{ service, apiKey }"), ...errors(...ADMIN_ERRORS, "ALREADY_EXISTS") },
        }),
      },
      "/v1/admin/services/{rpId}/revoke": {
        post: op({
          id: "revokeService",
          tag: "admin",
          summary: "Revoke a relying service and all its keys, at once (idempotent)",
          security: ADMIN,
          parameters: [RP_ID],
          responses: { 200: ok("revoked"), ...errors(...ADMIN_ERRORS, "NOT_FOUND") },
        }),
      },
      "/v1/admin/services/{rpId}/keys": {
        get: op({
          id: "listServiceKeys",
          tag: "admin",
          summary: "A relying service's API keys (ids and dates, never the keys)",
          security: ADMIN,
          parameters: [RP_ID],
          responses: {
            200: ok("{ keys }", {
              type: "object",
              properties: { keys: { type: "array", items: ref("ApiKey") } },
            }),
            ...errors(...ADMIN_ERRORS, "NOT_FOUND"),
          },
        }),
        post: op({
          id: "addServiceKey",
          tag: "admin",
          summary:
            "Rotate: a new API key for the same rpId (returned once); optionally retire the others later",
          description:
            "The rpId, its scopes and its nullifiers are unchanged. At most two keys are active at once; " +
            "retireOthersAfterMs gives the other keys a grace period (0: they stop at once).",
          security: ADMIN,
          parameters: [RP_ID],
          requestBody: body("AddKey", false),
          responses: {
            201: ok("{ key, apiKey, keys }"),
            ...errors(...ADMIN_ERRORS, "NOT_FOUND", "TOO_MANY_KEYS"),
          },
        }),
      },
      "/v1/admin/services/{rpId}/keys/{keyId}/retire": {
        post: op({
          id: "retireServiceKey",
          tag: "admin",
          summary: "Retire one API key, at once or after afterMs",
          security: ADMIN,
          parameters: [RP_ID, pathParam("keyId", "the key's id", "^[0-9a-f]{16}$")],
          requestBody: body("RetireKey", false),
          responses: {
            200: ok("{ key }", { type: "object", properties: { key: ref("ApiKey") } }),
            ...errors(...ADMIN_ERRORS, "NOT_FOUND"),
          },
        }),
      },
      "/v1/admin/members": {
        post: op({
          id: "addMember",
          tag: "admin",
          summary: "Add a member directly, without face dedup (only when adminMembers is enabled)",
          security: ADMIN,
          requestBody: body("AddMember"),
          responses: {
            201: ok("{ index, root }"),
            ...errors(...ADMIN_ERRORS, "NON_CANONICAL_FIELD", "ALREADY_MEMBER"),
          },
        }),
      },
    },
  };
}
