/** Runbooks, pure: parsing, templating, rendering, locating rules and terminal escapes. */
export * from './types.js';
export { loadMarkdown } from './markdown.js';
export { parseRunbook, looksLikeMarkdown, allSteps, cleanText, slugify } from './parse.js';
export { fillTemplate, fillRunbook, templateValues, stepCommand, type FillOptions, type Filled } from './template.js';
export { renderRunbookLines, renderRunbookText, type RenderOptions, type RenderedLine, type LineKind } from './render.js';
export { blobToRaw, runbookAnnotation, alertForIncident, localCandidates, isHttpUrl, RUNBOOK_ANNOTATIONS } from './locate.js';
export { osc52, osc8, decodeOsc52, insideTmux, type Osc52Options } from './terminal.js';
