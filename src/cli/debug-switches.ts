import createDebug from 'debug';

/**
 * Debugging switches of our dependencies and of Node print request headers: API tokens, bearer
 * tokens and basic-auth passwords would reach stderr and the dashboard's screen.
 *
 * - DEBUG: read by the `debug` package behind follow-redirects (every request's options, headers
 *   and auth) and https-proxy-agent (the proxy URL with its password). The builds replace `debug`
 *   with a silent stand-in (scripts/build-bundle.mjs); for the module tree, silenceDebugLoggers.
 * - NODE_DEBUG (http, net, tls, ...): Node reads it as it starts, before any of our code runs, and
 *   nothing turns it off afterwards. So we refuse to start with it set (see nodeDebugRefusal).
 */

/**
 * Turns every `debug` logger off, those made already included (each checks the enabled namespaces
 * again when they change), and drops DEBUG from our environment, so commands we run do not inherit it.
 */
export function silenceDebugLoggers(): void {
  createDebug.disable();
  delete process.env.DEBUG;
}

/**
 * The one line to print, and not start, when NODE_DEBUG is set. Any value is refused: its sections
 * take wildcards (`*`, `ht*`) and change between Node versions, so none can be vouched for.
 */
export function nodeDebugRefusal(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.NODE_DEBUG?.trim();
  if (!value) return undefined;
  return `oncall: not starting with NODE_DEBUG set (${value}): Node would print request headers, API tokens and passwords included; unset it (ONCALL_DEBUG=1 shows oncall's own details)`;
}
