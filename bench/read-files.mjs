/**
 * The floor of `npm run bench`: reads every file named in a JSON list (the
 * first argument), byte for byte, and prints their count and total size.
 */
import { readFileSync } from "node:fs";

const files = JSON.parse(readFileSync(process.argv[2], "utf8"));
let bytes = 0;
for (const file of files) bytes += readFileSync(file).length;
process.stdout.write(`${JSON.stringify({ files: files.length, bytes })}\n`);
