// Checks on a request body's bytes before JSON.parse sees them (body-parser's `verify` hook):
// UTF-8 that decodes without replacement characters, and no object with the same key twice
// (JSON.parse keeps the last one silently, so two readers of one body could disagree).
// Hand-written: no maintained library reports duplicate keys without a full second parser,
// and on text JSON.parse has already accepted, a string-aware scan is all that is needed.

/** Thrown from the verify hook; body-parser keeps `type`, the error handler maps it. */
export class BodyCheckError extends Error {
  constructor(
    readonly type: "body.utf8.invalid" | "body.key.duplicate",
    message: string,
  ) {
    super(message);
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function checkJsonBody(bytes: Uint8Array): void {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new BodyCheckError("body.utf8.invalid", "the body is not valid UTF-8");
  }
  try {
    JSON.parse(text);
  } catch {
    return; // the parser reports invalid JSON itself
  }
  const dup = duplicateKey(text);
  if (dup !== undefined)
    throw new BodyCheckError(
      "body.key.duplicate",
      `the key ${JSON.stringify(dup)} appears twice in one object`,
    );
}

/** First key that repeats within one object of valid JSON text, compared after unescaping. */
export function duplicateKey(text: string): string | undefined {
  // One frame per open container: the keys seen so far (objects) or null (arrays).
  const stack: Array<Set<string> | null> = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{") {
      stack.push(new Set());
      expectKey = true;
    } else if (c === "[") {
      stack.push(null);
      expectKey = false;
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else if (c === ",") {
      expectKey = stack[stack.length - 1] instanceof Set;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      if (expectKey) {
        const keys = stack[stack.length - 1] as Set<string>;
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    }
  }
  return undefined;
}
