import { chunkSizes, FIRST_CHUNK, NEXT_CHUNK } from "./commit.js";

/**
 * circom for the commitments (commit.ts computes the same in JS): packing signed integers into
 * field elements (linear: free at --O2) and the chained Poseidon over a list of elements.
 */

/** `var name[...]`: element e = sum_k (src[e*per+k] + off) * 2^(k*bits). */
export function packLines(
  name: string,
  src: string,
  n: number,
  bits: number,
  per: number,
  off: bigint,
): string[] {
  const nEl = Math.ceil(n / per);
  return [
    `  var ${name}[${nEl}];`,
    `  for (var e = 0; e < ${nEl}; e++) {`,
    `    ${name}[e] = 0;`,
    "    var sh = 1;",
    `    for (var k = 0; k < ${per}; k++) {`,
    `      if (e * ${per} + k < ${n}) { ${name}[e] += (${src}[e * ${per} + k] + ${off}) * sh; }`,
    `      sh *= ${(1n << BigInt(bits)).toString()};`,
    "    }",
    "  }",
  ];
}

/** Poseidon(e[0..15]), then Poseidon(h, next 15), ...; `target <== last hash`. Components `${prefix}0..`. */
export function chainLines(prefix: string, elements: string[], target: string): string[] {
  const out: string[] = [];
  const sizes = chunkSizes(elements.length);
  let next = 0;
  sizes.forEach((size, c) => {
    out.push(`  component ${prefix}${c} = Poseidon(${size});`);
    let slot = 0;
    if (c > 0) out.push(`  ${prefix}${c}.inputs[${slot++}] <== ${prefix}${c - 1}.out;`);
    const take =
      c === 0 ? Math.min(elements.length, FIRST_CHUNK) : Math.min(NEXT_CHUNK, elements.length - next);
    for (let i = 0; i < take; i++) out.push(`  ${prefix}${c}.inputs[${slot++}] <== ${elements[next++]};`);
  });
  out.push(`  ${target} <== ${prefix}${sizes.length - 1}.out;`);
  return out;
}

/** `count` expressions `name[0]`, `name[1]`, ... */
export const indexed = (name: string, count: number): string[] =>
  Array.from({ length: count }, (_, i) => `${name}[${i}]`);
