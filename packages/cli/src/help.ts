/**
 * Usage of every command and subcommand, in one place: `zkpop CMD [SUB] --help` (or `-h`, or
 * `zkpop help CMD [SUB]`) prints it and exits 0, before any option is parsed or anything runs.
 */
export const COMMAND_HELP: Record<string, string> = {
  setup: `zkpop setup [--depth N] [--home DIR]

Builds the membership (Semaphore, depth N, default 20) and enrollment circuits and their
development keys. Idempotent: cached artifacts are reused. --home (or ZKPOP_HOME) sets the
artifact folder (default ./.zkpop).
`,
  demo: `zkpop demo [--people N] [--home DIR]

The whole story over HTTP on embedded SQLite: N people (2-8, default 3) enroll, a sybil is
refused, a member signs up anonymously, a second signup is refused.
`,
  serve: `zkpop serve [--config FILE]

The registry + verifier over HTTP. Configuration from FILE or ZKPOP_* environment variables.
`,
  eval: `zkpop eval --data DIR [--out DIR] [--subjects 21-30]

The performance card: teacher/student verification EER on held-out people, circuit-vs-float
cosine, the LSH dedup grid and the defaults chosen from it. Writes performance-card.md, .json
and det.png into --out (default ./performance-card).
`,
  attester: `zkpop attester keygen --out KEY
zkpop attester sign --key KEY --image IMG --identity C --out FILE [--captured-at S]
zkpop attester verify --capture FILE

A capture station's signing key (file mode 600), a signed face crop for an identity, and the
check of a signed capture (pixels, hash, signature).
`,
  model: `zkpop model inspect MODEL.onnx [--calibration DIR] [visibility options]
zkpop model compile MODEL.onnx --calibration DIR [--out DIR] [visibility options] [--setup]
zkpop model setup MODEL_DIR
zkpop model prove MODEL_DIR --input X.json [--out PROOF.json] [--opening FILE]
zkpop model verify PROOF.json (--model MODEL_DIR | --vkey FILE)
zkpop model export-verifier MODEL_DIR --solidity OUT.sol [--contract NAME]
zkpop model calldata PROOF.json [--out FILE]

Proof of inference for a small ONNX model: compile it to a circuit, prove a run on an input,
verify the proof (in Node or on chain). \`zkpop model SUBCOMMAND --help\` for each.

Visibility options (chosen at compile time, recorded in the manifest):
  --input-visibility private|public|hashed   (default private)
  --output-visibility public|hashed          (default public)
  --weights constant|hashed                  (default constant)
`,
  "model inspect": `zkpop model inspect MODEL.onnx [--calibration DIR] [--weights constant|hashed]
                    [--input-visibility private|public|hashed] [--output-visibility public|hashed]

Per layer: op, output shape, MACs, activations, constraints (exact for the emitted circuit), and
the predicted proof time. Without --calibration, synthetic samples stand in (costs barely depend
on them). Calibration: a folder of .json arrays or raw float32 .f32 files.
`,
  "model compile": `zkpop model compile MODEL.onnx --calibration DIR [--out DIR] [--setup]
                    [--weights constant|hashed] [--input-visibility private|public|hashed]
                    [--output-visibility public|hashed]

Writes model.circom, program.json (the bit-exact executor) and manifest.json into --out (default
MODEL-circuit next to the model) and compiles the circuit (cached by content). --setup also runs
a development Groth16 setup and copies the keys into OUT/keys (single party: not for production).
`,
  "model setup": `zkpop model setup MODEL_DIR

Development Groth16 setup of a compiled model folder; the keys go to MODEL_DIR/keys.
`,
  "model prove": `zkpop model prove MODEL_DIR --input X.json [--out PROOF.json] [--opening FILE]

Runs the model on X.json (an array of numbers, or { "input": [...] }) and proves it. Writes one
self-describing bundle (format, model id and hashes, visibility, public values as integers and
real numbers, the Groth16 proof) to --out (default proof.json). With a hashed input or output,
the salts and hidden outputs go to --opening (default PROOF.opening.json, mode 600): keep it.
`,
  "model verify": `zkpop model verify PROOF.json (--model MODEL_DIR | --vkey FILE)

Checks a proof bundle against a model folder (same model, same key, its published weight
commitment) or a verification key alone. Prints ok and the public outputs, or fails with a typed
error that says what failed (ZKML_MODEL_MISMATCH, ZKML_BUNDLE_TAMPERED, PROOF_INVALID, ...).
`,
  "model export-verifier": `zkpop model export-verifier MODEL_DIR --solidity OUT.sol [--contract NAME]

A Solidity Groth16 verifier for the model's key (snarkjs' template):
verifyProof(uint[2] a, uint[2][2] b, uint[2] c, uint[n] publicSignals) returns (bool).
`,
  "model calldata": `zkpop model calldata PROOF.json [--out FILE]

The arguments of verifyProof for a proof bundle, as JSON and as ABI-encoded transaction data.
`,
};

/** Help for `zkpop CMD [SUB]`: the subcommand's if it has one, else the command's, else undefined. */
export function helpFor(command: string | undefined, sub: string | undefined): string | undefined {
  if (!command) return undefined;
  return COMMAND_HELP[`${command} ${sub}`] ?? COMMAND_HELP[command];
}

export const isHelpFlag = (a: string): boolean => a === "--help" || a === "-h";
