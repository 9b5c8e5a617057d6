/** @zkpop/lab (private): the teacher, student fitting, evaluation and the performance card (`zkpop eval`). */
export * from "./eval/index.js";
export {
  evaluateEmbeddings,
  type Metric,
  type PairScores,
  pairScores,
  type RateAtThreshold,
  rateCurve,
  similarity,
  type VerificationReport,
  verificationReport,
} from "./evaluate.js";
export { listOrlImages, ORL_CREDIT, type OrlImage, parseSubjects } from "./orl.js";
export * from "./student/index.js";
export { TEACHER_DIM, TEACHER_INPUT_SIZE, teacherChip, teacherDescriptor } from "./teacher.js";
