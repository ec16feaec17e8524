import { notFound, ok, type Reply } from './http.js';
import { findUser } from './state.js';
import type { FakeState } from './types.js';
import { reference } from './wire.js';

/** `GET /escalation_policies/{id}`: rules with their delays and targets, as PagerDuty answers it. */
export function getEscalationPolicy(state: FakeState, id: string): Reply {
  const policy = state.escalationPolicies.find((p) => p.id === id);
  if (!policy) return notFound();
  const target = (t: string) => {
    if (t.startsWith('schedule:')) {
      const sid = t.slice('schedule:'.length);
      const name = state.oncalls.find((o) => o.schedule?.id === sid)?.schedule?.name ?? sid;
      return reference('schedule', 'schedules', { id: sid, name });
    }
    const user = findUser(state, t);
    return reference('user', 'users', { id: user?.id ?? t, name: user?.name ?? t });
  };
  return ok({
    escalation_policy: {
      ...reference('escalation_policy', 'escalation_policies', { id: policy.id, name: policy.name }),
      type: 'escalation_policy',
      name: policy.name,
      num_loops: 0,
      on_call_handoff_notifications: 'if_has_services',
      escalation_rules: policy.rules.map((r, n) => ({ id: `${policy.id}R${n + 1}`, escalation_delay_in_minutes: r.delayMinutes, targets: r.targets.map(target) })),
      services: state.services.filter((s) => s.escalationPolicy.id === policy.id).map((s) => reference('service', 'services', { id: s.id, name: s.name })),
      teams: [],
      description: '',
    },
  });
}
