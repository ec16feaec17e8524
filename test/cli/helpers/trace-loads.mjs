// `node --import ./test/cli/helpers/trace-loads.mjs …` appends every module URL the program resolves to
// the file named by TRACE_LOADS_FILE, so a test can tell whether ink or react were loaded.
import { register } from 'node:module';

register('./trace-loads-hooks.mjs', import.meta.url);
