export {
  MIN_CIRCUIT_COSINE,
  type ModelFigures,
  PERFORMANCE_CARD_FORMAT,
  type PerformanceCard,
  type PerformanceCardOptions,
  performanceCard,
} from "./card.js";
export {
  type CvCard,
  type CvOptions,
  crossValidatedCard,
  type Face,
  type FoldResult,
  foldsOf,
  GALLERIES,
  MAX_FALSE_REFUSAL,
  type ModelFold,
  prepareFaces,
} from "./cv.js";
export { chosenMarkdown, committedCvCard, cvMarkdown, schemeTable, writeCvCard } from "./cv-markdown.js";
export {
  bestSetting,
  bitAgreement,
  chooseAcrossFolds,
  compareSchemes,
  evaluateSetting,
  evaluateWithHeldOut,
  exactTagCost,
  type FixedSetting,
  type HeldOutCheck,
  heldOutCheck,
  leaveOneOutMargin,
  MARGIN_GALLERIES,
  type PairAgreement,
  PREVIOUS_LSH,
  pairAgreement,
  poseidonTagCost,
  probeGadgetCost,
  SAFETY_FACTORS,
  SCHEME_BITS,
  SCHEME_TABLES,
  type SchemeSetting,
  type SchemeSpec,
  TAG_BUDGET,
  tagSchemes,
  V3_CIRCUIT_LSH,
} from "./dedup-model.js";
export {
  chooseDefaults,
  DEFAULT_RULE,
  type DefaultsChoice,
  type DefaultsRule,
  falseRefusalAt,
} from "./defaults.js";
export { type DetCurve, type DetPlotOptions, detPng, type Rgb, thinDetPoints } from "./det-plot.js";
export { DEFAULT_EVAL_SUBJECTS, type EvalInputs, evalInputs } from "./inputs.js";
export {
  DEFAULT_ITQ,
  fitItq,
  type ItqOptions,
  type LearnedBits,
  type LearnedScheme,
  learnedAgreement,
  learnedBitSchemes,
  learnedBitsOf,
  subsetRule,
} from "./learned-bits.js";
export {
  binomialTail,
  DEFAULT_LSH_GRID,
  galleryRate,
  type LshGrid,
  type LshGridOptions,
  type LshGridRow,
  type LshRate,
  lshGrid,
  POSEIDON3_CONSTRAINTS,
} from "./lsh-grid.js";
export { cardMarkdown, formatRate } from "./markdown.js";
export { probit } from "./normal.js";
export { normalCdf, probeRule, probeTableRate } from "./probe-model.js";
export { type CardFiles, cardJson, writeCard } from "./write.js";
