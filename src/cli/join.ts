import { correlate, type Correlation } from '../domain/correlation.js';
import { errorLine } from '../domain/errors.js';
import type { Alert, Incident } from '../domain/types.js';
import type { AlertmanagerApi } from '../sources/alertmanager/index.js';
import { routingTreeOf } from '../sources/alertmanager/routing.js';
import { OPEN_INCIDENTS, pagerdutyFor } from './clients.js';
import type { ResolvedContext } from './context.js';

/** The join, or why there is none: `failure` names what could not be read. */
export type JoinResult = { correlation: Correlation; failure?: undefined } | { correlation?: undefined; failure: string };


/**
 * Joins alerts with open incidents through Alertmanager's routing tree. Either side failing leaves
 * the join out and says why; the alerts or incidents themselves are still printed.
 */
export async function joinAlertsAndIncidents(
  am: AlertmanagerApi,
  ctx: ResolvedContext,
  known: { alerts?: Alert[]; incidents?: Incident[] },
): Promise<JoinResult> {
  try {
    const pd = known.incidents ? undefined : await pagerdutyFor(ctx);
    const [status, alerts, incidents] = await Promise.all([
      am.status(),
      known.alerts ?? am.alerts({ active: true, silenced: true, inhibited: true }),
      known.incidents ?? pd!.incidents(OPEN_INCIDENTS),
    ]);
    return { correlation: correlate(routingTreeOf(status), alerts, incidents) };
  } catch (err) {
    return { failure: errorLine(err) };
  }
}
