import { ZkpopError } from "@zkpop/prover";

/** The model file is not valid ONNX, or is ONNX that zkml cannot read (external data, wrong types). */
export class ModelFormatError extends ZkpopError {
  constructor(message: string) {
    super("ZKML_MODEL_INVALID", message);
  }
}

/** An operator (or an operator configuration) zkml cannot put in a circuit. */
export class UnsupportedOpError extends ZkpopError {
  constructor(
    readonly op: string,
    readonly node: string,
    message: string,
  ) {
    super("ZKML_UNSUPPORTED_OP", message);
  }
}

/** A circuit has a fixed size: every tensor dimension must be known when the model is compiled. */
export class DynamicShapeError extends ZkpopError {
  constructor(message: string) {
    super("ZKML_DYNAMIC_SHAPE", message);
  }
}

/** Calibration data missing or not matching the model input. */
export class CalibrationError extends ZkpopError {
  constructor(message: string) {
    super("ZKML_CALIBRATION", message);
  }
}

/** A fixed-point value would not fit the field safely (or an input is outside its declared range). */
export class FixedPointRangeError extends ZkpopError {
  constructor(message: string) {
    super("ZKML_RANGE", message);
  }
}

/** A proving input whose shape differs from the model's input. */
export class InputShapeError extends ZkpopError {
  constructor(message: string) {
    super("ZKML_INPUT_SHAPE", message);
  }
}

/** A proof bundle that is not one (wrong format or version, missing or mistyped fields). */
export class BundleFormatError extends ZkpopError {
  constructor(message: string) {
    super("ZKML_BUNDLE_INVALID", message);
  }
}

/** A proof bundle made for another model (or another key) than the one it is checked against. */
export class ModelMismatchError extends ZkpopError {
  constructor(message: string) {
    super("ZKML_MODEL_MISMATCH", message);
  }
}

/** A bundle whose readable values (outputs, input, commitments) differ from what the proof is about. */
export class BundleTamperedError extends ZkpopError {
  constructor(message: string) {
    super("ZKML_BUNDLE_TAMPERED", message);
  }
}

/** A commitment (weights) that is not the one the model's manifest publishes. */
export class CommitmentMismatchError extends ZkpopError {
  constructor(message: string) {
    super("ZKML_COMMITMENT_MISMATCH", message);
  }
}

/** A model folder that was compiled but not set up (no proving key yet). */
export class ModelNotSetUpError extends ZkpopError {
  constructor(message: string) {
    super("ZKML_NOT_SET_UP", message);
  }
}
