// @zkpop/client: typed fetch client for holders, relying services and the registry admin.
export { AdminClient, type AdminClientOptions } from "./admin.js";
export {
  ERROR_CODES,
  type ErrorCode,
  httpStatus,
  isApiError,
  isErrorCode,
  ZkpopApiError,
  ZkpopTransportError,
} from "./errors.js";
export { HolderClient, type HolderClientOptions } from "./holder.js";
export { RelyingServiceClient, type RelyingServiceClientOptions } from "./relying-service.js";
export { Transport, type TransportOptions } from "./transport.js";
export type * from "./types.js";
