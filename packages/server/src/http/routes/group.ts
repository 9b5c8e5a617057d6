import { Router } from "express";
import type { AppContext } from "../context.js";
import { PageQuery, parse } from "../validate.js";

/**
 * The group's state: `treeDepth` is the depth of the tree as it is now (grows with the group);
 * `circuitDepth` the depth every proof must be made with (its merkleTreeDepth).
 */
export async function groupState(ctx: AppContext) {
  const { root, size, treeDepth } = await ctx.group.sync();
  return { root, size, treeDepth, circuitDepth: ctx.verifiers.membership.depth };
}

/** Group state and members, so holders build Merkle proofs locally without saying who they are. */
export function groupRoutes(ctx: AppContext): Router {
  const r = Router();
  r.get("/v1/group", async (_req, res) => {
    res.json(await groupState(ctx));
  });
  r.get("/v1/group/members", async (req, res) => {
    const { from, limit } = parse(PageQuery, req.query);
    const state = await ctx.group.sync();
    // Pages never run past the size we report, so members and root always agree.
    const end = Math.min(state.size, from + limit);
    const rows = end > from ? await ctx.storage.listMembers(from, end - from) : [];
    res.json({
      root: state.root,
      size: state.size,
      from,
      members: rows.map((m) => m.identityCommitment),
      next: end < state.size ? end : null,
    });
  });
  return r;
}
