import { ZkpopError } from "@zkpop/errors";

/** The detector found no face in the capture. */
export class FaceNotFoundError extends ZkpopError<"FACE_NOT_FOUND"> {
  constructor(message = "no face was found in the capture") {
    super("FACE_NOT_FOUND", message);
  }
}
