/**
 * The student recipe (issue 4's filter bank + ridge, issue 12's WCCN), one function for the
 * committed fit (scripts/fit-student.ts) and for every cross-validation fold (eval/cv.ts), so
 * the card measures exactly the recipe that made the committed model.
 */
import {
  type FilterBankSpec,
  filterBankEmbed,
  filterBankFeatures,
  type LinearHead,
  learnPatchFilters,
  mirrorCrop,
} from "./filter-bank.js";
import { fitProjection, projectTarget } from "./pca.js";
import { fitRidge } from "./ridge.js";
import { fitWccn, foldWhitening } from "./whiten.js";

/** The student recipe, fixed before any fold is seen (values of the committed student, issue 4). */
export interface StudentRecipe {
  lambda: number;
  /** WCCN shrinkage; 0 = no whitening (the committed recipe of issue 4). */
  whitenShrink: number;
  mirror: boolean;
  lfw: boolean;
}
export const RECIPE_V2: StudentRecipe = { lambda: 2, whitenShrink: 0, mirror: true, lfw: true };
export const RECIPE_V3: StudentRecipe = { lambda: 2, whitenShrink: 0.2, mirror: true, lfw: true };

export interface FittedStudent {
  filters: Float64Array[];
  head: LinearHead;
}

/** The student of issue 4 (PCA filters + ridge onto the teacher's PCA-64), then optional WCCN. */
export function fitStudent(
  train: readonly { label: string; pixels: Uint8Array; teacher150: Float32Array }[],
  unlabelled: readonly { pixels: Uint8Array; teacher150: Float32Array }[],
  recipe: StudentRecipe,
  spec: FilterBankSpec,
): FittedStudent {
  const all = [...train, ...(recipe.lfw ? unlabelled : [])];
  const proj = fitProjection(
    all.map((x) => x.teacher150),
    spec.outDim,
  );
  const filters = learnPatchFilters(
    all.map((x) => x.pixels),
    spec,
  );
  const rows = all.flatMap((x) =>
    recipe.mirror ? [x.pixels, mirrorCrop(x.pixels, spec.input)] : [x.pixels],
  );
  const targets = all.flatMap((x) => {
    const t = projectTarget(proj, x.teacher150);
    return recipe.mirror ? [t, t] : [t];
  });
  const features = rows.map((c) => filterBankFeatures(c, filters, spec));
  let head = fitRidge(features, targets, [recipe.lambda])[0]!.head;
  if (recipe.whitenShrink > 0) {
    // Identity labels of the training people only; each mirror image counts as that person.
    const labelled = train.flatMap((x) =>
      recipe.mirror
        ? [
            { label: x.label, c: x.pixels },
            { label: x.label, c: mirrorCrop(x.pixels, spec.input) },
          ]
        : [{ label: x.label, c: x.pixels }],
    );
    const emb = labelled.map((x) => filterBankEmbed(x.c, filters, head, spec));
    const w = fitWccn(
      emb,
      labelled.map((x) => x.label),
      recipe.whitenShrink,
    );
    head = foldWhitening(w, head);
  }
  return { filters, head };
}
