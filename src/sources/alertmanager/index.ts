export type { AlertFilter, AlertmanagerApi, AmStatus, ExtendResult, PeerHealth } from './api.js';
export { AlertmanagerClient } from './client.js';
export { AlertmanagerCluster } from './cluster.js';
export { validateSilenceDraft } from '../../domain/silenceDraft.js';
