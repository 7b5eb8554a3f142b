// Benchmark: what the app adds in front of Authlete on the hottest machine endpoint. It starts both stand-ins
// and `next start` (needs a prior `npm run build`), then runs the same client_credentials token request
// against the app's /api/token and directly against the Authlete stand-in's /auth/token, with a fixed
// concurrency, in one process and one run, and prints requests/s, latency percentiles and the ratio.
//   npm run bench -- [--seconds 5] [--concurrency 8] [--latency-ms 0] [--all]
// --latency-ms makes the Authlete stand-in wait that long per call, to imitate a remote service; --all also
// measures cached discovery and the JWK Set. Machines here are noisy: compare the ratio, not absolute numbers.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFlags } from "../local/args";
import { startAuthleteStandIn } from "../local/authlete/server";
import { startCognitoStandIn } from "../local/cognito/server";
import { freePort, localAppEnv } from "../local/env";

const { flags } = parseFlags(process.argv.slice(2), { seconds: "port", concurrency: "port", "latency-ms": "port", all: "boolean" });
const seconds = flags.seconds ?? 5;
const concurrency = flags.concurrency ?? 8;
const latencyMs = flags["latency-ms"] ?? 0;

async function load(name: string, send: () => Promise<Response>) {
  const latencies: number[] = [];
  let errors = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < until) {
        const t = performance.now();
        const res = await send();
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => (latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0).toFixed(2);
  const rps = latencies.length / seconds;
  console.log(`${name.padEnd(28)} ${rps.toFixed(0).padStart(7)} req/s   p50 ${pct(50)} ms   p99 ${pct(99)} ms   errors ${errors}`);
  return rps;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "bench-"));
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const authlete = await startAuthleteStandIn({ port: 0, dataDir: join(dir, "authlete"), issuer, latencyMs, log: () => {} });
  const cognito = await startCognitoStandIn({ port: 0, dataDir: join(dir, "cognito"), log: () => {} });
  const env = localAppEnv({ issuer, authleteUrl: authlete.url, cognitoUrl: cognito.url }, "bench-session-secret-0123456789abcdefghij");
  const app = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    env: { ...process.env, ...env, NODE_ENV: "production" },
    stdio: "ignore",
  });
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${issuer}/api/jwks`)).ok) break;
      } catch {
        // starting
      }
      if (i > 150) throw new Error("next start did not come up (run `npm run build` first)");
      await new Promise((r) => setTimeout(r, 200));
    }
    const basic = `Basic ${Buffer.from("demo-client:demo-client-secret").toString("base64")}`;
    const form = "grant_type=client_credentials";
    const viaApp = () =>
      fetch(`${issuer}/api/token`, { method: "POST", headers: { Authorization: basic, "Content-Type": "application/x-www-form-urlencoded" }, body: form });
    const direct = () =>
      fetch(`${authlete.url}/api/1000/auth/token`, {
        method: "POST",
        headers: { Authorization: "Bearer local-service-access-token", "Content-Type": "application/json" },
        body: JSON.stringify({ parameters: form, clientId: "demo-client", clientSecret: "demo-client-secret" }),
      });
    console.log(`client_credentials token requests, ${seconds} s each, concurrency ${concurrency}, Authlete latency ${latencyMs} ms`);
    await load("warm-up (app)", viaApp);
    const d = await load("Authlete stand-in directly", direct);
    const a = await load("app /api/token", viaApp);
    if (flags.all) {
      await load("app discovery (cached)", () => fetch(`${issuer}/.well-known/openid-configuration`));
      await load("app /api/jwks", () => fetch(`${issuer}/api/jwks`));
    }
    console.log(`app / direct throughput ratio: ${(a / d).toFixed(2)}`);
  } finally {
    app.kill("SIGTERM");
    await Promise.allSettled([authlete.close(), cognito.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
