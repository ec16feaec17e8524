/**
 * One Mimir tenant's ruler down (or the rules API failing beside configured SLOs): the SLOs found in
 * those rules are missing, and the SLO pane's title says so beside the SLOs that are there.
 */
import { expect, it } from 'vitest';
import { slo } from '../state/fixtures.js';
import { mount } from './harness.js';
import { plain, waitForFrame } from './helpers.js';

it('the SLO pane says which rules could not be read while it shows the others', async () => {
  const h = mount({ slos: [slo('t1/checkout')], size: { columns: 200, rows: 50 } });
  const reason = 'the rules of tenant t2 could not be read (prometheus answered 500 to rules listing): its SLOs are missing';
  h.store.dispatch({ type: 'slosLoaded', slos: [slo('t1/checkout')], skipped: [{ rule: 'rules listing', reason, unread: true }] });
  const frame = plain(await waitForFrame(h.lastFrame, (f) => f.includes('SLOs MISSING')));
  expect(frame.split('\n').find((l) => l.includes('SLOs'))).toContain(`SLOs MISSING: ${reason.slice(0, 40)}`);
  // Skipped rules alone (a rule not understood) are no such news.
  h.store.dispatch({ type: 'slosLoaded', slos: [slo('t1/checkout')], skipped: [{ rule: 'sloth x', reason: 'no objective' }] });
  expect(plain(await waitForFrame(h.lastFrame, (f) => !f.includes('SLOs MISSING')))).toContain('t1/checkout');
});
