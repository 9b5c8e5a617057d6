/** Types of messages.js (the page loads it as plain JavaScript; the tests import it too). */
export declare const SENTENCES: Record<string, string>;
export declare function sentenceFor(err: unknown): string;
