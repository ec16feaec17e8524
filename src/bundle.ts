/**
 * Entry of the single-file build (dist/oncall.mjs, scripts/build-bundle.mjs): `scp` one file to a
 * bastion host and run it with `node` alone.
 *
 * dashboard.ts loads the UI through a variable specifier so a bundler leaves ink out of the headless
 * path; here the UI must be inside the one file, so register a static loader (esbuild turns it into a
 * lazy initialiser: ink, react and yoga are evaluated only when the dashboard opens).
 *
 * main.js is imported dynamically, after the loader is set: it runs the CLI from its own top level
 * (isEntryPoint() is true because the bundle is the program), and a static import would run the whole
 * command before this module's body.
 */
import { setUiLoader } from './cli/dashboard.js';

setUiLoader(() => import('./ui/run.js'));
await import('./cli/main.js');
