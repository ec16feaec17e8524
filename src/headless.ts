/**
 * Entry of the headless build (dist/app/headless-<hash>.cjs, scripts/build-bundle.mjs): the CLI
 * without the dashboard and the demo, as CommonJS, so that bin/oncall.js can load it with a V8 code
 * cache (Node 20 has none for ES modules). main.js runs the command line when it loads.
 */
import './cli/main.js';
