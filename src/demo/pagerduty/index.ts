/** A strict, stateful, in-process PagerDuty REST v2 fake: powers `oncall demo` and the tests. */
export { startFakePagerDuty, PD_ACCEPT, type FakePagerDuty } from './server.js';
export { demoSeed, DEMO_FROM, DEMO_TOKEN } from './seed.js';
export type { FakePdOptions, FakeState, IncidentSeed, OnCallSeed, RecordedRequest, ServiceSeed, UserSeed, FakeToken } from './types.js';
