import { Router } from "express";
import { openApiDocument } from "../openapi.js";

export function openApiRoutes(): Router {
  const r = Router();
  const doc = openApiDocument(); // built once: it only depends on the code
  r.get("/v1/openapi.json", (_req, res) => {
    res.json(doc);
  });
  return r;
}
