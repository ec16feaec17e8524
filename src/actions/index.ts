/** Every write a user can make, written once; the dashboard's effects and the CLI commands call these. */
export { AuditLog, type AuditEntry } from './audit.js';
export { interruptWrites } from './inflight.js';
export { ackAlertGroup, type AckDone, type AckTarget } from './ackGroup.js';
export { addIncidentNote, type NoteAdded } from './incidentNote.js';
export { setIncidentStatus, type IncidentsChanged, type IncidentVerb } from './incidentStatus.js';
export type { ActionDeps, IncidentClient, SilenceClient } from './ports.js';
export { createSilence, type SilenceCreated } from './silenceCreate.js';
export { expireSilence, type SilenceExpired } from './silenceExpire.js';
export { extendSilence, type SilenceExtended } from './silenceExtend.js';
export { answerMayBeLost, isOutcomeUnknown, OutcomeUnknown } from './write.js';
export { escalateIncident, type Changed } from './incidentEscalate.js';
export { reassignIncident } from './incidentReassign.js';
export { snoozeIncident, snoozeSeconds, MAX_SNOOZE_MS } from './incidentSnooze.js';
export { setIncidentPriority } from './incidentPriority.js';
export { mergeIncidents, type Merged } from './incidentMerge.js';
export { actingUser, pagerChoices, takePager, type PagerChoice, type PagerTaken } from './takePager.js';
export type { IncidentFlowClient, ScheduleClient } from './ports.js';
