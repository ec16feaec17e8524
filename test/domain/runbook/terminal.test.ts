import { describe, expect, it } from 'vitest';
import { decodeOsc52, osc52, osc8 } from '../../../src/domain/runbook/terminal.js';

describe('osc52', () => {
  it('carries the text base64-encoded, Unicode included', () => {
    const seq = osc52('kubectl get pods -n shop # ✓');
    expect(seq).toBe(`\u001b]52;c;${Buffer.from('kubectl get pods -n shop # ✓').toString('base64')}\u0007`);
    expect(decodeOsc52(seq)).toBe('kubectl get pods -n shop # ✓');
  });

  it('wraps in a tmux DCS passthrough with the inner ESC doubled', () => {
    const seq = osc52('ls', { tmux: true });
    expect(seq).toBe('\u001bPtmux;\u001b\u001b]52;c;bHM=\u0007\u001b\\');
    expect(decodeOsc52(seq)).toBe('ls');
  });
});

describe('osc8', () => {
  it('wraps a label in a hyperlink and strips control characters that would break out of it', () => {
    expect(osc8('https://x.example/a', 'runbook')).toBe('\u001b]8;;https://x.example/a\u001b\\runbook\u001b]8;;\u001b\\');
    expect(osc8('https://x.example/\u001b]52;c;eA==\u0007', 'l')).toBe('\u001b]8;;https://x.example/]52;c;eA==\u001b\\l\u001b]8;;\u001b\\');
  });
});
