import { Router } from "express";

export function openApiRoutes(doc: object): Router {
  const r = Router();
  r.get("/v1/openapi.json", (_req, res) => {
    res.json(doc);
  });
  return r;
}
