import { run } from '../../src/cli/main.js';
import { captureIo } from '../cli/helpers/io.js';
import { DEMO_FROM, DEMO_TOKEN } from './pagerduty-fake.js';

/**
 * Runs the CLI in-process against a test's own servers, as a user in `dir` would (no terminal). The
 * sources are named by URL; PagerDuty uses the fake's demo token and From email.
 */
export async function oncallAgainst(
  dir: string,
  urls: { prometheus?: string; alertmanager?: string; pagerduty?: string },
  args: string[],
  user = 'tester',
): Promise<{ code: number; out: string; err: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, USER: user, ONCALL_CONFIG_DIR: dir };
  if (urls.prometheus) env.PROMETHEUS_URL = urls.prometheus;
  if (urls.alertmanager) env.ALERTMANAGER_URL = urls.alertmanager;
  if (urls.pagerduty) Object.assign(env, { PAGERDUTY_URL: urls.pagerduty, PAGERDUTY_API_TOKEN: DEMO_TOKEN, PAGERDUTY_FROM: DEMO_FROM });
  const io = captureIo(env, { tty: false, columns: 200 });
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}
