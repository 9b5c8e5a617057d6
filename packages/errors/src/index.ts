/** @zkpop/errors: the one error model of zkpop (codes, HTTP statuses, base class). */
export {
  ERROR_CODES,
  ERROR_TABLE,
  type ErrorCode,
  errorMeaning,
  errorTableMarkdown,
  httpStatus,
  isErrorCode,
} from "./codes.js";
export { ArgumentError, codeOf, isZkpopError, ZkpopError } from "./error.js";
export { intFromText, intIn, oneOf, parseOptions } from "./options.js";
