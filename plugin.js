/**
 * The plugin's entry, package.json's `main`: the Node.js language host runs a plugin folder's main.
 * It is the build's bin/provider.js (provider.ts). A folder not built has none, and Node would fall
 * back to index.ts through the ts-node the host registers, type-checking the whole library and
 * analyzing its sources on every start; this says what to run instead. Plain JavaScript, as the
 * folder has nothing compiled yet when it runs.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const built = path.join(__dirname, "bin", "provider.js");
if (!fs.existsSync(built)) {
    throw new Error(`sagemaker-inference: ${built} is missing: the plugin runs the built package; ` +
        `run \`npm ci\` (or \`npm install\`, whose prepare builds) or \`npm run build\` in ${__dirname}`);
}
// The serving function only, not the library: run-plugin starts the SDK's own host, which analyzes
// the sources on every start, for a module that exports components. Libraries resolve through
// package.json's exports, which point at bin/index.js.
module.exports = require(built);
