import { readFileSync, writeFileSync } from "node:fs";
import { cvMarkdown } from "./cv-markdown.js";
writeFileSync("lab12/data/cv.md", cvMarkdown(JSON.parse(readFileSync(process.argv[2]!, "utf8"))));
