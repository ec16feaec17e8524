import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src/domain/runbook/parse.js';
import { loadMarkdown } from '../../../src/domain/runbook/markdown.js';
import { fillRunbook, fillTemplate, stepCommand, templateValues } from '../../../src/domain/runbook/template.js';

await loadMarkdown();

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/runbooks/${name}`, import.meta.url), 'utf8');
const values = {
  labels: { alertname: 'HighErrorRate', instance: 'web-1:9090', service: 'checkout', namespace: 'shop' },
  annotations: { summary: 'errors at 7%' },
  value: '0.07',
  externalURL: 'http://prom.example:9090',
};

describe('fillTemplate', () => {
  it('fills Prometheus-style and Alertmanager-style placeholders', () => {
    const { value, missing } = fillTemplate(
      'ssh {{ $labels.instance }} / {{.Labels.service}} / {{ index $labels "namespace" }} / {{ $value }} / {{ $externalURL }} / {{ $annotations.summary }} / {{ .Labels.service | toUpper }}',
      values,
    );
    expect(value).toBe('ssh web-1:9090 / checkout / shop / 0.07 / http://prom.example:9090 / errors at 7% / CHECKOUT');
    expect(missing).toEqual([]);
  });

  it('leaves a placeholder without a value visible and marked, and lists it once', () => {
    const text = 'kubectl logs {{ $labels.pod }} -c {{ .Labels.pod }} {{ $value }}';
    const r = fillTemplate(text, { labels: {}, annotations: {} });
    expect(r.value).toBe('kubectl logs ⟨$labels.pod?⟩ -c ⟨$labels.pod?⟩ ⟨$value?⟩');
    expect(r.missing).toEqual(['$labels.pod', '$value']);
    expect(fillTemplate(text, { labels: {}, annotations: {} }, { ascii: true }).value).toBe('kubectl logs <$labels.pod?> -c <$labels.pod?> <$value?>');
  });

  it('marks template logic it does not run instead of dropping it', () => {
    const r = fillTemplate('{{ range .Alerts }}x{{ end }}', values);
    expect(r.value).toBe('⟨range .Alerts?⟩x⟨end?⟩');
  });
});

describe('fillRunbook', () => {
  it('fills steps, code and links of a fixture and reports what is missing', () => {
    const { value: rb, missing } = fillRunbook(parseRunbook(fixture('HighErrorRate.md')), values);
    const inv = rb.sections[1]!;
    expect(inv.steps[0]!.code[0]!.body).toBe('kubectl -n shop get pods -l app=checkout');
    expect(inv.steps[2]!.text).toContain('(http://prom.example:9090/graph?g0.expr=job%3Acheckout)');
    expect(inv.steps[1]!.code[0]!.body).toBe('kubectl logs ⟨$labels.pod?⟩ --since=15m | grep -i error | tail -50');
    expect(missing).toEqual(['$labels.pod']);
  });

  it('fills Alertmanager-style templates under nested lists', () => {
    const { value: rb, missing } = fillRunbook(parseRunbook(fixture('KubePodCrashLooping.md')), {
      labels: { pod: 'checkout-worker-7d9f', namespace: 'shop' },
      annotations: {},
    });
    expect(stepCommand(rb.sections[0]!.steps[0]!)).toBe("kubectl describe pod checkout-worker-7d9f -n shop | sed -n '/Events/,$p'");
    expect(rb.sections[1]!.steps[1]!.code[0]!.body).toContain('-n shop ');
    expect(missing).toEqual([]);
  });
});

describe('templateValues', () => {
  it('takes $externalURL from the generatorURL and $value from a value annotation', () => {
    const v = templateValues({
      labels: { a: 'b' },
      annotations: { value: '12.5' },
      generatorURL: 'https://prom.example.com/prometheus/graph?g0.expr=up&g0.tab=1',
    });
    expect(v).toEqual({ labels: { a: 'b' }, annotations: { value: '12.5' }, value: '12.5', externalURL: 'https://prom.example.com/prometheus' });
    expect(templateValues({ labels: {}, annotations: {}, generatorURL: 'not a url' }).externalURL).toBeUndefined();
  });
});

describe('stepCommand', () => {
  it('prefers fenced code, else an inline span that looks like a command', () => {
    const rb = parseRunbook(fixture('HighErrorRate.md'));
    expect(stepCommand(rb.sections[2]!.steps[1]!)).toBe('payments-cli route set --provider backup');
    expect(stepCommand(rb.sections[2]!.steps[2]!)).toBeUndefined();
  });
});
