/** Types of check-bundle.mjs (a plain script, also imported by the bundle test). */
export declare function nodeOnlyInputs(metafile: {
  inputs: Record<string, { imports?: Array<{ path: string }> }>;
  outputs: Record<string, { imports?: Array<{ path: string }> }>;
}): string[];
