/**
 * Entry of both builds (scripts/build-bundle.mjs): the single file dist/oncall.mjs (`scp` it to a
 * bastion host and run it with `node` alone) and the split build dist/app/ that bin/oncall.js loads.
 *
 * dashboard.ts loads the UI through a variable specifier so a bundler leaves ink out of the headless
 * path; here the UI must be inside the build, so register a static loader (esbuild turns it into a
 * lazy initialiser, or a chunk: ink, react and yoga are evaluated only when the dashboard opens).
 *
 * `oncall demo` runs its stack in a worker thread started from this same file: as that thread, this
 * entry runs the stack and nothing else.
 *
 * Everything is imported dynamically, after the loaders are set: main.js runs the CLI from its own
 * top level (isEntryPoint() is true because the bundle is the program), and a static import would run
 * the whole command before this module's body.
 */
const DEMO_THREAD_ARG: typeof import('./demo/thread.js').DEMO_THREAD_ARG = '--oncall-demo-stack-thread';

if (process.argv.includes(DEMO_THREAD_ARG)) {
  const { isMainThread } = await import('node:worker_threads');
  if (isMainThread) {
    process.stderr.write(`oncall: ${DEMO_THREAD_ARG} is for the demo's own thread; run \`oncall demo\`\n`);
    process.exitCode = 2;
  } else {
    await import('./demo/worker.js');
  }
} else {
  const [{ setUiLoader }, { setDemoThreadScript }] = await Promise.all([import('./cli/dashboard.js'), import('./cli/commands/demo.js')]);
  setUiLoader(() => import('./ui/mount.js'));
  setDemoThreadScript(new URL(import.meta.url));
  await import('./cli/main.js');
}
