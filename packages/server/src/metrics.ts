import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** One registry per app instance, so several apps in one process (tests) never clash. */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "zkpop_" });
  return {
    registry,
    httpRequests: new Counter({
      name: "zkpop_http_requests_total",
      help: "HTTP requests by route, method and status",
      labelNames: ["route", "method", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "zkpop_http_request_duration_seconds",
      help: "HTTP request latency by route",
      labelNames: ["route", "method"] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    enrollments: new Counter({
      name: "zkpop_enrollments_total",
      help: "Enrollment outcomes",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    nullifiers: new Counter({
      name: "zkpop_nullifier_consumes_total",
      help: "Nullifier consume outcomes",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    verifyBatchSize: new Histogram({
      name: "zkpop_membership_verify_batch_size",
      help: "Membership proofs verified together in one batch",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
  };
}

/** The Prometheus metrics of a server (see createMetrics). */
export type Metrics = ReturnType<typeof createMetrics>;
