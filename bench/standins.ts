// The bench's stand-ins process: both stand-ins on free ports and a fresh data folder, in a process of their
// own (never on the load generator's event loop). Driven by bench/run.ts over the IPC channel:
//   → {type:"ready", authleteUrl, cognitoUrl}           once listening
//   ← {type:"calls"}  → {type:"calls", calls}           upstream calls counted from the stand-ins' log lines
//                                                       since the previous "calls" (and the counters reset)
//   ← {type:"memory"} → {type:"memory", rss, heapUsed}
//   ← {type:"stop"}                                     close both, remove the data folder, exit
//   node --import tsx bench/standins.ts --issuer URL [--latency-ms N]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFlags } from "../local/args";
import { startAuthleteStandIn } from "../local/authlete/server";
import { startCognitoStandIn } from "../local/cognito/server";

export interface UpstreamCall {
  calls: number;
  /** Time the stand-in spent on them, as it logs it. */
  ms: number;
}
/** "authlete POST /auth/token" or "cognito AdminInitiateAuth" → calls. */
export type CallCounts = Record<string, UpstreamCall>;

export type StandInsMessage =
  | { type: "ready"; authleteUrl: string; cognitoUrl: string }
  | { type: "calls"; calls: CallCounts }
  | { type: "memory"; rss: number; heapUsed: number };

const { flags } = parseFlags(process.argv.slice(2), { issuer: "string", "latency-ms": "port" });
let calls: CallCounts = {};

function count(key: string, ms: number): void {
  const c = (calls[key] ??= { calls: 0, ms: 0 });
  c.calls++;
  c.ms += ms;
}

// `[authlete] POST /api/1000/auth/token -> 200 OK A050001 0.4ms` (V3 path) or `/api/auth/token` (V2).
const AUTHLETE_LINE = /^\[authlete\] (\w+) \/api(?:\/\d+)?(\/\S*) -> .* ([\d.]+)ms$/;
// `POST AdminInitiateAuth <sub> OK 12ms`
const COGNITO_LINE = /^(\w+) (\S+) .*?(\d+)ms$/;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-standins-"));
  const authlete = await startAuthleteStandIn({
    port: 0,
    dataDir: join(dir, "authlete"),
    issuer: flags.issuer,
    latencyMs: flags["latency-ms"] ?? 0,
    log: (line) => {
      const m = AUTHLETE_LINE.exec(line);
      if (m) count(`authlete ${m[1]} ${m[2]}`, Number(m[3]));
    },
  });
  const cognito = await startCognitoStandIn({
    port: 0,
    dataDir: join(dir, "cognito"),
    log: (line) => {
      const m = COGNITO_LINE.exec(line);
      if (m) count(`cognito ${m[2]}`, Number(m[3]));
    },
  });
  const stop = async () => {
    await Promise.allSettled([authlete.close(), cognito.close()]);
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on("message", (m: { type: string }) => {
    if (m.type === "calls") {
      process.send?.({ type: "calls", calls } satisfies StandInsMessage);
      calls = {};
    } else if (m.type === "memory") {
      const mem = process.memoryUsage();
      process.send?.({ type: "memory", rss: mem.rss, heapUsed: mem.heapUsed } satisfies StandInsMessage);
    } else if (m.type === "stop") {
      void stop();
    }
  });
  // The bench died without saying goodbye: don't outlive it.
  process.on("disconnect", () => void stop());
  process.send?.({ type: "ready", authleteUrl: authlete.url, cognitoUrl: cognito.url } satisfies StandInsMessage);
}

main().catch((e: unknown) => {
  console.error(`bench stand-ins: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
