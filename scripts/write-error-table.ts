/** Rewrites docs/errors.md from @zkpop/errors' table (run after changing a code): npx tsx scripts/write-error-table.ts */
import { writeFileSync } from "node:fs";
import { errorTableMarkdown } from "@zkpop/errors";

const doc = `# Error codes

Every error zkpop raises on purpose is a \`ZkpopError\` (from \`@zkpop/errors\`) with a stable
\`code\` from this table; programs branch on the code, never on the message. The server answers
each code with the HTTP status given here, in the body \`{ "error": { "code", "message" } }\`, and
\`@zkpop/client\` throws it back as a \`ZkpopApiError\` with the same code. The same outcome has the
same code everywhere: a membership proof and an enrollment proof with a point off the curve are
both \`INVALID_PROOF\`.

This table is generated from \`packages/errors/src/codes.ts\` by \`scripts/write-error-table.ts\`;
\`test/errors.test.ts\` fails when the two differ, or when any package throws a code that is not here.

${errorTableMarkdown()}
`;
writeFileSync(new URL("../docs/errors.md", import.meta.url), doc);
