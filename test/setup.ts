// CI runs the suite with CI=true; Ink then renders only the final frame, which no interactive
// dashboard test could watch. The CLI turns this off itself before it loads Ink (src/cli/dashboard.ts);
// tests that render the dashboard directly need the same, before Ink is imported.
process.env.CI = 'false';
process.env.CONTINUOUS_INTEGRATION = 'false';
