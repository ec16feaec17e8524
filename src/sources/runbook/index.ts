export { fetchRunbook, RUNBOOK_TIMEOUT_MS, RUNBOOK_MAX_BYTES, type FetchOptions, type Fetched } from './fetch.js';
export { findLocalRunbook, type LocalFound } from './local.js';
export { findRunbook, findIncidentRunbook, type FindOptions } from './find.js';
