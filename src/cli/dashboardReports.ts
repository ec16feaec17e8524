import { dirname } from 'node:path';
import type { ReportLoaders } from '../state/ports.js';
import { pagerdutyFor } from './clients.js';
import type { ResolvedContext } from './context.js';
import { gatherHandover } from './handover.js';
import { incidentReport } from './report.js';

/**
 * `:report` and `:handover`: the very reads of `oncall report` and `oncall handover`, so the dashboard
 * shows the same figures. They take the context as the commands do (429s waited out, not handed back
 * as the pollers' are): a view is read once when opened, not every few seconds.
 */
export function dashboardReports(ctx: ResolvedContext): ReportLoaders {
  return {
    ...(ctx.pagerduty
      ? { report: async (spanMs: number) => incidentReport(await pagerdutyFor(ctx), { spanMs, targets: ctx.responseTargets, cacheDir: dirname(ctx.configPath) }) }
      : {}),
    handover: (shiftMs) => gatherHandover(ctx, shiftMs),
  };
}
