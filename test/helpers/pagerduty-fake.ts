/** Tests use the same fake that powers `oncall demo`. */
export * from '../../src/demo/pagerduty/index.js';
