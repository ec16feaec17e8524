import { Text } from 'ink';
import type { FleetContext, SourceHealth, SourceName } from '../../state/types.js';
import type { Theme } from '../theme.js';
import { healthText } from '../health.js';

const ORDER: readonly SourceName[] = ['alertmanager', 'pagerduty', 'prometheus'];
const SHORT: Record<SourceName, string> = { alertmanager: 'am', pagerduty: 'pd', prometheus: 'prom' };

/**
 * The header over several contexts, "prod-eu ●●●  prod-us(ro) ●●● am failing": a dot per source
 * (Alertmanager, PagerDuty, Prometheus) coloured by its health, a word only for what is not well, so
 * eight contexts still fit a line. A shared PagerDuty account shows the health of the context polling it.
 */
export function FleetHealth({ fleet, now, slowMs, theme }: { fleet: FleetContext[]; now: number; slowMs: number; theme: Theme }) {
  return (
    <>
      {fleet.map((c) => {
        const health = (n: SourceName) => (n === 'pagerduty' && c.pagerdutyVia ? fleet.find((f) => f.name === c.pagerdutyVia)?.sources.pagerduty : c.sources[n]);
        const shown = ORDER.map((n) => ({ n, h: health(n) })).filter((x): x is { n: SourceName; h: SourceHealth } => !!x.h && x.h.status !== 'off');
        const texts = shown.map(({ n, h }) => ({ n, ...healthText(h, now, slowMs) }));
        const bad = texts.filter((t) => t.color === 'critical' || t.color === 'warning').map((t) => `${SHORT[t.n]} ${t.word}`);
        return (
          <Text key={c.name}>
            {`  ${c.name}`}
            {c.readOnly ? <Text color={theme.c('warning')}>(ro)</Text> : null}{' '}
            {texts.map((t) => (
              <Text key={t.n} color={theme.c(t.color)}>
                {theme.glyph.dot}
              </Text>
            ))}
            {bad.length ? <Text color={theme.c('critical')}> {bad.join(' ')}</Text> : null}
          </Text>
        );
      })}
    </>
  );
}
