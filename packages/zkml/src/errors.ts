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
