// Runs once when the server process starts (Next.js instrumentation hook): validate the configuration so a
// misconfigured deployment refuses to start with a readable list of problems, instead of failing on the
// first sign-in. NEXT_RUNTIME/NEXT_PHASE are Next's own switches, not configuration.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { getConfig, ConfigError } = await import("./lib/config");
  try {
    getConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`\n${e.message}\n\nSee README.md, "Configuration", and .env.example.\n`);
      process.exit(1);
    }
    throw e;
  }
}
