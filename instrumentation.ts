// Next.js instrumentation hook: runs once when a server process starts. The Node.js-only start-up check lives in
// instrumentation-node.ts so the Edge bundle never sees process.exit. NEXT_RUNTIME/NEXT_PHASE are Next's own
// switches, not configuration.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs" && process.env.NEXT_PHASE !== "phase-production-build") {
    await import("./instrumentation-node");
  }
}
