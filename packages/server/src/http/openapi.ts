import { enrollmentProofSchema } from "@zkpop/core";
import { z } from "zod";
import { ERROR_STATUS, type ErrorCode } from "../errors.js";
import { AddAttesterBody, AddMemberBody, AddServiceBody, ProofRequestBody } from "./validate.js";

// The OpenAPI 3.1 document served at /v1/openapi.json. Request bodies are generated from the
// very zod schemas the routes validate with, so the document cannot drift from the code.

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType): Json {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Json;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ "application/json": { schema } });
const body = (name: string) => ({ required: true, content: json(ref(name)) });
const ok = (description: string, schema: Json = { type: "object" }) => ({
  description,
  content: json(schema),
});

/** Error responses for these codes, grouped by HTTP status. */
function errors(...codes: ErrorCode[]): Json {
  const all: ErrorCode[] = [...codes, "RATE_LIMITED", "INTERNAL"];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of all) byStatus.set(ERROR_STATUS[c], [...(byStatus.get(ERROR_STATUS[c]) ?? []), c]);
  const out: Json = {};
  for (const [status, cs] of byStatus) {
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

const BODY_ERRORS: ErrorCode[] = [
  "INVALID_JSON",
  "INVALID_REQUEST",
  "PAYLOAD_TOO_LARGE",
  "UNSUPPORTED_MEDIA_TYPE",
];
const PROOF_ERRORS: ErrorCode[] = [
  ...BODY_ERRORS,
  "NON_CANONICAL_FIELD",
  "UNAUTHORIZED",
  "DEPTH_MISMATCH",
  "SCOPE_MISMATCH",
  "MESSAGE_MISMATCH",
  "UNKNOWN_ROOT",
  "EXPIRED_ROOT",
  "INVALID_PROOF",
];
const ADMIN = [{ adminToken: [] }];
const API_KEY = [{ apiKey: [] }];

const groupState = {
  type: "object",
  required: ["root", "size", "depth"],
  properties: { root: { type: ["string", "null"] }, size: { type: "integer" }, depth: { type: "integer" } },
};

export function openApiDocument(): Json {
  return {
    openapi: "3.1.0",
    info: {
      title: "zkpop registry",
      version: "1.0.0",
      description:
        "Proof-of-personhood registry: group of enrolled people, anonymous Semaphore membership proofs " +
        "checked for relying services (scope rpId:action, rpId bound to the API key). Errors are " +
        '{ "error": { "code", "message" } } with the codes listed per response.',
      "x-error-status": ERROR_STATUS,
    },
    servers: [{ url: "/" }],
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
                message: { type: "string" },
              },
            },
          },
        },
        ProofRequest: schemaOf(ProofRequestBody),
        EnrollmentProof: schemaOf(enrollmentProofSchema),
        AddAttester: schemaOf(AddAttesterBody),
        AddService: schemaOf(AddServiceBody),
        AddMember: schemaOf(AddMemberBody),
        GroupState: groupState,
      },
    },
    paths: {
      "/v1/health": { get: { summary: "Liveness", responses: { 200: ok("alive") } } },
      "/v1/ready": {
        get: {
          summary: "Readiness (database reachable, not shutting down)",
          responses: { 200: ok("ready"), ...errors("NOT_READY") },
        },
      },
      "/metrics": {
        get: { summary: "Prometheus metrics", responses: { 200: { description: "text exposition" } } },
      },
      "/v1/openapi.json": { get: { summary: "This document", responses: { 200: ok("OpenAPI 3.1") } } },
      "/v1/info": {
        get: {
          summary: "Circuits, verification-key hashes, group parameters, trusted attesters",
          responses: { 200: ok("public parameters") },
        },
      },
      "/v1/group": { get: { summary: "Group state", responses: { 200: ok("state", ref("GroupState")) } } },
      "/v1/group/members": {
        get: {
          summary: "Members in index order, in pages (holders rebuild the tree locally)",
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
            ...errors("INVALID_REQUEST"),
          },
        },
      },
      "/v1/verify": {
        post: {
          summary: "Stateless check of a membership proof for scope <rpId of the API key>:<action>",
          security: API_KEY,
          requestBody: body("ProofRequest"),
          responses: {
            200: ok("valid; nullifierUsed says whether it was consumed already"),
            ...errors(...PROOF_ERRORS),
          },
        },
      },
      "/v1/consume": {
        post: {
          summary: "Check the proof and record its nullifier (201 first use, 200 retry of the same proof)",
          security: API_KEY,
          requestBody: body("ProofRequest"),
          responses: {
            200: ok("the very same proof again: idempotent"),
            201: ok("nullifier recorded"),
            ...errors(...PROOF_ERRORS, "NULLIFIER_USED"),
          },
        },
      },
      "/v1/enroll": {
        post: {
          summary:
            "Enroll with an enrollment proof: verified, attester trusted and capture fresh, then refused " +
            "as DUPLICATE_PERSON when m of its L tags are already stored; member and tags inserted together",
          requestBody: body("EnrollmentProof"),
          responses: {
            201: ok("enrolled: { index, root }"),
            ...errors(
              ...BODY_ERRORS,
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
        },
      },
      "/v1/admin/attesters": {
        get: {
          summary: "List attesters",
          security: ADMIN,
          responses: { 200: ok("attesters"), ...errors("UNAUTHORIZED", "FORBIDDEN") },
        },
        post: {
          summary: "Trust an attester key",
          security: ADMIN,
          requestBody: body("AddAttester"),
          responses: {
            201: ok("added"),
            ...errors(...BODY_ERRORS, "NON_CANONICAL_FIELD", "UNAUTHORIZED", "FORBIDDEN", "ALREADY_EXISTS"),
          },
        },
      },
      "/v1/admin/attesters/{id}/revoke": {
        post: {
          summary: "Revoke an attester (idempotent)",
          security: ADMIN,
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: { 200: ok("revoked"), ...errors("UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND") },
        },
      },
      "/v1/admin/services": {
        get: {
          summary: "List relying services",
          security: ADMIN,
          responses: { 200: ok("services"), ...errors("UNAUTHORIZED", "FORBIDDEN") },
        },
        post: {
          summary: "Register a relying service; its API key is returned once",
          security: ADMIN,
          requestBody: body("AddService"),
          responses: {
            201: ok("{ service, apiKey }"),
            ...errors(...BODY_ERRORS, "UNAUTHORIZED", "FORBIDDEN", "ALREADY_EXISTS"),
          },
        },
      },
      "/v1/admin/services/{rpId}/revoke": {
        post: {
          summary: "Revoke a relying service's API key (idempotent)",
          security: ADMIN,
          parameters: [{ name: "rpId", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            200: ok("revoked"),
            ...errors("INVALID_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"),
          },
        },
      },
      "/v1/admin/members": {
        post: {
          summary: "Add a member directly, without face dedup (only when adminMembers is enabled)",
          security: ADMIN,
          requestBody: body("AddMember"),
          responses: {
            201: ok("{ index, root }"),
            ...errors(...BODY_ERRORS, "NON_CANONICAL_FIELD", "UNAUTHORIZED", "FORBIDDEN", "ALREADY_MEMBER"),
          },
        },
      },
    },
  };
}
