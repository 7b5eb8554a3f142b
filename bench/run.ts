// `npm run bench` (needs a prior `npm run build`): what the app adds in front of Authlete, measured honestly.
//
//   npm run bench                      the table below, cached endpoints, the browser flow, the page weight
//   npm run bench -- --latency-ms 50   the Authlete stand-in waits 50 ms per call (imitates a remote Authlete)
//   npm run bench -- --store           store mode: the stand-in's direct throughput per band of 10k tokens, 0–100k
//   npm run bench -- --profile DIR     CPU-profile `next start` under token load; prints the top frames
//   npm run bench -- --compare DIR     also measure the app built in DIR (another checkout, after `npm run build`
//                                      there), in the same alternating rounds: before/after ratios for a change
//   npm run bench -- --quick           only the token table (iterating on a change)
//   npm run bench -- --instructions    instructions per token request under valgrind's callgrind (app, bare
//                                      pass-through, and the --compare app): counts, not time, so a busy
//                                      machine does not move them (needs valgrind; takes a few minutes);
//                                      --variants DIR,DIR counts more builds, --ab only the app and those
//   options: --seconds 2 (per round, target and connection count) --rounds 3 --flows 20 --tokens 100000
//
// Every server runs in its own process: the stand-ins (bench/standins.ts), `next start`, and the bare
// node:http pass-through (bench/bare.ts) that makes the same Authlete call as the app with nothing around it,
// the Node floor. This process only generates load (bench/load.ts). Targets are measured in alternating
// rounds (the order rotates every round) so that a neighbour's burst of work on this shared 2-core machine
// or the growth of the stand-in's state cannot favour one of them; compare the ratios, which come from one run.
import { execFileSync, fork, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { parseFlags, UsageError } from "../local/args";
import { loadOrCreateKeys } from "../local/authlete/keys";
import { buildService, DEMO_AUTHLETE } from "../local/authlete/seed";
import { basicAuth, CLIENT } from "../e2e/fixtures";
import { freePort, localAppEnv, nextStartArgs, SERVER_NODE_ARGS, startNext, waitUntilUp } from "../local/env";
import { browserFlow, exchange, FLOW_STEPS, pageWeight, type PageWeight } from "./flow";
import { percentile, runLoad, type LoadResult, type LoadTarget } from "./load";
import { summariseProfile } from "./profile";
import type { CallCounts, StandInsMessage } from "./standins";

function options() {
  try {
    const { flags, positional } = parseFlags(process.argv.slice(2), {
      seconds: "string",
      rounds: "port",
      "latency-ms": "port",
      flows: "port",
      store: "boolean",
      tokens: "string",
      profile: "string",
      compare: "string",
      quick: "boolean",
      instructions: "boolean",
      variants: "string",
      ab: "boolean",
    });
    if (positional.length) throw new UsageError(`unexpected argument ${JSON.stringify(positional[0])}`);
    const o = {
      seconds: Number(flags.seconds ?? 2),
      rounds: flags.rounds ?? 3,
      latencyMs: flags["latency-ms"] ?? 0,
      flows: flags.flows ?? 20,
      store: flags.store ?? false,
      tokens: Number(flags.tokens ?? 100_000),
      profile: flags.profile,
      compare: flags.compare === undefined ? undefined : resolve(flags.compare),
      /** Instructions mode: more builds to count, comma-separated (variants of a change). */
      variants: (flags.variants ?? "").split(",").filter(Boolean).map((d) => resolve(d)),
      ab: flags.ab ?? false,
      quick: flags.quick ?? false,
      instructions: flags.instructions ?? false,
    };
    if (!(o.seconds > 0) || o.rounds < 1 || !(o.tokens >= 10_000) || o.flows < 1) {
      throw new UsageError("--seconds must be > 0, --rounds and --flows ≥ 1, --tokens ≥ 10000");
    }
    return o;
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`bench: ${e.message}`);
    process.exit(2);
  }
}
const { seconds, rounds, latencyMs, flows, tokens: storeTokens, ...mode } = options();

const ROOT = resolve(import.meta.dirname, "..");
const children = new Set<ChildProcess>();
const CC_FORM = "grant_type=client_credentials";
/** The token request the bench measures: client_credentials as the demo client (HTTP Basic), to the app's path. */
const tokenLoad = (origin: string, path = "/api/token"): LoadTarget => ({
  origin,
  method: "POST",
  path,
  headers: { Authorization: basicAuth(CLIENT.id, CLIENT.secret), "Content-Type": "application/x-www-form-urlencoded" },
  body: CC_FORM,
});
/** The same grant straight to the Authlete stand-in's /auth/token, as the app calls it. */
const directTokenLoad = (authleteOrigin: string): LoadTarget => ({
  origin: authleteOrigin,
  method: "POST",
  path: `/api/${DEMO_AUTHLETE.serviceId}/auth/token`,
  headers: { Authorization: `Bearer ${DEMO_AUTHLETE.serviceAccessToken}`, "Content-Type": "application/json" },
  body: JSON.stringify({ parameters: CC_FORM, clientId: CLIENT.id, clientSecret: CLIENT.secret }),
});

function track<T extends ChildProcess>(child: T): T {
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}
function killAll(): void {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}
process.on("exit", killAll);
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(130));

// --- the processes --------------------------------------------------------------------------------------------

interface StandIns {
  pid?: number;
  authleteUrl: string;
  cognitoUrl: string;
  calls(): Promise<CallCounts>;
  memory(): Promise<{ rss: number; heapUsed: number }>;
  stop(): Promise<void>;
}

async function startStandIns(issuer: string): Promise<StandIns> {
  const child = track(
    fork(join(ROOT, "bench", "standins.ts"), ["--issuer", issuer, "--latency-ms", String(latencyMs)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  const next = <T extends StandInsMessage["type"]>(type: T) =>
    new Promise<Extract<StandInsMessage, { type: T }>>((resolveMsg, reject) => {
      const onMessage = (m: StandInsMessage) => {
        if (m.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolveMsg(m as Extract<StandInsMessage, { type: T }>);
      };
      const onExit = () => reject(new Error("the stand-ins process exited"));
      child.on("message", onMessage);
      child.on("exit", onExit);
    });
  const ready = await next("ready");
  return {
    pid: child.pid,
    authleteUrl: ready.authleteUrl,
    cognitoUrl: ready.cognitoUrl,
    async calls() {
      child.send({ type: "calls" });
      return (await next("calls")).calls;
    },
    async memory() {
      child.send({ type: "memory" });
      return next("memory");
    },
    async stop() {
      const exited = new Promise((r) => child.once("exit", r));
      child.send({ type: "stop" });
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}

interface App {
  pid?: number;
  url: string;
  /** Lines the app wrote to stdout (its logs go through a pipe, as under a process manager). */
  logLines(): number;
  stop(): Promise<void>;
}

/** The app's environment for the bench's stand-ins, as the app at `url`. */
const appEnv = (url: string, standIns: StandIns) =>
  localAppEnv({ issuer: url, authleteUrl: standIns.authleteUrl, cognitoUrl: standIns.cognitoUrl }, "bench-session-secret-0123456789abcdefghij");

async function startApp(port: number, standIns: StandIns, nodeArgs: string[] = [], dir = ROOT): Promise<App> {
  const { url, child, ready } = startNext({
    port,
    dir,
    nodeArgs,
    env: appEnv(`http://127.0.0.1:${port}`, standIns),
    readyPath: "/api/jwks",
    what: `next start in ${dir} (did you run \`npm run build\`?)`,
    spawn: (args, options) => track(spawn(process.execPath, args, { ...options, stdio: ["ignore", "pipe", "pipe"] })),
  });
  let lines = 0;
  child.stdout.on("data", (d: Buffer) => {
    for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
  });
  await ready;
  return {
    pid: child.pid,
    url,
    logLines: () => lines,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM"); // Next exits cleanly on SIGTERM, which also writes a --cpu-prof profile
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    },
  };
}

async function startBare(port: number, authleteUrl: string): Promise<{ pid?: number; url: string; stop(): void }> {
  const child = track(
    spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench", "bare.ts"), "--port", String(port), "--authlete", authleteUrl], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
    }),
  );
  let err = "";
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(`${url}/`, child, { what: "the bare pass-through", output: () => err });
  return { pid: child.pid, url, stop: () => child.kill("SIGTERM") };
}

// --- measuring ------------------------------------------------------------------------------------------------

interface Target {
  name: string;
  load: LoadTarget;
  /** The process serving it (its CPU time per request is reported), and the stand-ins' process. */
  pid?: number;
}

/** CPU time (user + system) a process has used so far, in ms, from /proc (Linux); NaN elsewhere. */
function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime (fields 14 and 15 of proc(5)) in clock ticks, 100 per second on Linux.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

let standInsPid: number | undefined;

interface Cell {
  requests: number;
  errors: number;
  seconds: number;
  latencies: number[];
  unexpected: Record<string, number>;
  /** req/s of each round, to show how stable the ratio is. */
  perRound: number[];
  /** CPU ms the serving process and the stand-ins' process used during the measured runs. */
  serverCpu: number;
  standInCpu: number;
}

async function measure(t: Target, connections: number, cell: Cell): Promise<void> {
  const server0 = cpuMs(t.pid);
  const standIn0 = cpuMs(standInsPid);
  const r = await runLoad(t.load, connections, seconds);
  cell.serverCpu += cpuMs(t.pid) - server0;
  cell.standInCpu += cpuMs(standInsPid) - standIn0;
  addTo(cell, r);
}

function addTo(cell: Cell, r: LoadResult): void {
  cell.requests += r.requests;
  cell.errors += r.errors;
  cell.seconds += r.seconds;
  for (const l of r.latencies) cell.latencies.push(l);
  for (const [k, v] of Object.entries(r.unexpected)) cell.unexpected[k] = (cell.unexpected[k] ?? 0) + v;
  cell.perRound.push(r.requests / r.seconds);
}

const CONNECTIONS = [1, 8] as const;

/** Every target at 1 and 8 connections, `rounds` times, the order rotating each round. */
async function alternate(targets: Target[]): Promise<Map<string, Cell>> {
  const cells = new Map<string, Cell>();
  for (const t of targets) for (const c of CONNECTIONS) cells.set(`${t.name}@${c}`, { requests: 0, errors: 0, seconds: 0, latencies: [], unexpected: {}, perRound: [], serverCpu: 0, standInCpu: 0 });
  // Warm-up (JIT, connection pools, caches): discarded.
  for (const t of targets) await runLoad(t.load, 8, Math.min(1, seconds));
  for (let r = 0; r < rounds; r++) {
    const order = targets.map((_, i) => targets[(i + r) % targets.length] as Target);
    for (const t of order) {
      for (const c of r % 2 === 0 ? CONNECTIONS : [...CONNECTIONS].reverse()) await measure(t, c, cells.get(`${t.name}@${c}`) as Cell);
    }
    process.stderr.write(`  round ${r + 1}/${rounds} done\n`);
  }
  for (const cell of cells.values()) cell.latencies.sort((a, b) => a - b);
  return cells;
}

const rps = (c: Cell) => c.requests / c.seconds;
const p = (c: Cell, q: number) => percentile(c.latencies, q);
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "–");
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

function row(cols: (string | number)[], widths: number[]): string {
  return cols.map((c, i) => (i === 0 ? String(c).padEnd(widths[i] as number) : String(c).padStart(widths[i] as number))).join("  ");
}

/** µs of CPU per request: of the serving process, and of the Authlete stand-in behind it. */
const cpuPerRequest = (cell: Cell, which: "serverCpu" | "standInCpu") => (1000 * cell[which]) / cell.requests;

function printTable(targets: Target[], cells: Map<string, Cell>): void {
  const w = [44, 5, 8, 8, 8, 7, 12, 12];
  console.log(row(["target", "conns", "req/s", "p50 ms", "p99 ms", "errors", "CPU µs/req", "Authlete µs"], w));
  for (const t of targets) {
    for (const c of CONNECTIONS) {
      const cell = cells.get(`${t.name}@${c}`) as Cell;
      const odd = Object.keys(cell.unexpected).length ? `  (statuses ${JSON.stringify(cell.unexpected)})` : "";
      const own = cpuPerRequest(cell, "serverCpu");
      const authlete = cpuPerRequest(cell, "standInCpu");
      console.log(row([t.name, c, rps(cell).toFixed(0), f2(p(cell, 50)), f2(p(cell, 99)), cell.errors, Number.isFinite(own) ? own.toFixed(0) : "–", Number.isFinite(authlete) ? authlete.toFixed(0) : "–"], w) + odd);
    }
  }
}

function header(): void {
  const cpu = cpus();
  const next = (JSON.parse(readFileSync(join(ROOT, "node_modules", "next", "package.json"), "utf8")) as { version: string }).version;
  console.log(`nextjs-oauth-server bench, ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`);
  console.log(
    `machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; next ${next}; ` +
      `load average at start ${loadavg().map((l) => l.toFixed(2)).join(" ")}`,
  );
  console.log("(a shared or busy machine skews absolute numbers; the ratios come from alternating rounds of one run)\n");
}

// --- modes ------------------------------------------------------------------------------------------------------

async function tableMode(): Promise<void> {
  header();
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const standIns = await startStandIns(issuer);
  const app = await startApp(port, standIns);
  const bare = await startBare(await freePort(), standIns.authleteUrl);
  const baseline = mode.compare ? await startApp(await freePort(), standIns, [], mode.compare) : undefined;
  standInsPid = standIns.pid;
  try {
    const standIn: Target = { name: "Authlete stand-in /auth/token, direct", pid: standIns.pid, load: directTokenLoad(standIns.authleteUrl) };
    const bareT: Target = { name: "bare node:http pass-through /token", pid: bare.pid, load: tokenLoad(bare.url, "/token") };
    const appT: Target = { name: "app /api/token", pid: app.pid, load: tokenLoad(app.url) };

    // The cached endpoints: their validators, for the conditional requests.
    const disc = await exchange("GET", `${app.url}/.well-known/openid-configuration`);
    const jwks = await exchange("GET", `${app.url}/api/jwks`);
    const etag = (e: typeof disc) => (typeof e.headers.etag === "string" ? e.headers.etag : '"none"');
    const cached: Target[] = [
      { name: "app discovery, 200", pid: app.pid, load: { origin: app.url, method: "GET", path: "/.well-known/openid-configuration" } },
      { name: "app discovery, If-None-Match → 304", pid: app.pid, load: { origin: app.url, method: "GET", path: "/.well-known/openid-configuration", headers: { "If-None-Match": etag(disc) }, expectStatus: 304 } },
      { name: "app /api/jwks, 200", pid: app.pid, load: { origin: app.url, method: "GET", path: "/api/jwks" } },
      { name: "app /api/jwks, If-None-Match → 304", pid: app.pid, load: { origin: app.url, method: "GET", path: "/api/jwks", headers: { "If-None-Match": etag(jwks) }, expectStatus: 304 } },
    ];
    const baselineT: Target | undefined = baseline && { name: "baseline app /api/token (--compare)", pid: baseline.pid, load: tokenLoad(baseline.url) };
    const tokenTargets = baselineT ? [standIn, bareT, appT, baselineT] : [standIn, bareT, appT];
    console.log(
      `client_credentials token requests: ${rounds} alternating rounds × ${seconds} s per target and connection count; ` +
        `Authlete stand-in latency ${latencyMs} ms; keep-alive connections, one request in flight each`,
    );
    const logsBefore = app.logLines();
    const cells = await alternate(mode.quick ? tokenTargets : [...tokenTargets, ...cached]);
    printTable(tokenTargets, cells);
    const appLogLines = app.logLines() - logsBefore;

    const at = (t: Target, c: number) => cells.get(`${t.name}@${c}`) as Cell;
    console.log("");
    const w = [44, 14, 14, 14];
    console.log(row(["ratio (same run)", "req/s @8", "req/s @1", "added p50 @1"], w));
    const pairs: [string, Target, Target][] = [
      ["app ÷ Authlete stand-in direct", appT, standIn],
      ["app ÷ bare pass-through", appT, bareT],
      ["bare pass-through ÷ Authlete stand-in", bareT, standIn],
    ];
    if (baselineT) pairs.push(["app ÷ baseline app (--compare)", appT, baselineT]);
    for (const [label, a, b] of pairs) {
      const added = p(at(a, 1), 50) - p(at(b, 1), 50);
      console.log(row([label, `${f2(rps(at(a, 8)) / rps(at(b, 8)))}×`, `${f2(rps(at(a, 1)) / rps(at(b, 1)))}×`, `${added >= 0 ? "+" : ""}${f2(added)} ms`], w));
    }
    if (baselineT) {
      const c = (t: Target) => cpuPerRequest(at(t, 8), "serverCpu");
      console.log(`CPU per request @8, app ÷ baseline app: ${f2(c(appT) / c(baselineT))}× (${c(appT).toFixed(0)} µs vs ${c(baselineT).toFixed(0)} µs)`);
    }
    const cpu = (t: Target, c: number) => cpuPerRequest(at(t, c), "serverCpu");
    const floor = cached.find((t) => t.name.startsWith("app discovery, If-None-Match")) as Target;
    if (Number.isFinite(cpu(appT, 8)) && !mode.quick) {
      console.log(
        `CPU per request @8 (from /proc; little affected by other load): app ${cpu(appT, 8).toFixed(0)} µs, ` +
          `bare pass-through ${cpu(bareT, 8).toFixed(0)} µs (app ÷ bare ${f2(cpu(appT, 8) / cpu(bareT, 8))}×), ` +
          `Authlete stand-in ${cpu(standIn, 8).toFixed(0)} µs; Next's floor (a route handler answering 304 from memory) ${cpu(floor, 8).toFixed(0)} µs`,
      );
      console.log(
        `  if each were bound by its own CPU: app ÷ stand-in ≤ ${f2(cpu(standIn, 8) / cpu(appT, 8))}×, ` +
          `and with nothing but Next's floor ≤ ${f2(cpu(standIn, 8) / cpu(floor, 8))}×`,
      );
    }
    const perRound = at(appT, 8).perRound.map((v, i) => f2(v / (at(standIn, 8).perRound[i] as number)));
    console.log(`app ÷ stand-in @8 per round: ${perRound.join(" ")}`);
    const ratio8 = rps(at(appT, 8)) / rps(at(standIn, 8));
    const added = p(at(appT, 1), 50) - p(at(standIn, 1), 50);
    console.log(
      `issue 10 targets: app ÷ stand-in @8 ≥ 0.35× → ${ratio8 >= 0.35 ? "met" : "NOT met"} (${f2(ratio8)}×); ` +
        `added median latency @1 ≤ 1.0 ms → ${added <= 1 ? "met" : "NOT met"} (+${f2(added)} ms)`,
    );
    console.log(`app log lines during the table: ${appLogLines} (stdout is a pipe, as under a process manager)\n`);
    if (mode.quick) return;

    console.log("cached endpoints (served from the app's memory, no Authlete call)");
    printTable(cached, cells);
    console.log(`  ETag discovery ${etag(disc)}, Cache-Control ${String(disc.headers["cache-control"])}; JWK Set ${etag(jwks)}, ${String(jwks.headers["cache-control"])}\n`);

    await flowSection(app.url, standIns);
  } finally {
    bare.stop();
    await baseline?.stop();
    await app.stop();
    await standIns.stop();
  }
}

async function flowSection(origin: string, standIns: StandIns): Promise<void> {
  for (let i = 0; i < 3; i++) await browserFlow(origin); // warm-up
  await standIns.calls(); // reset the counters
  const steps: number[][] = FLOW_STEPS.map(() => []);
  const totals: number[] = [];
  let page = "";
  for (let i = 0; i < flows; i++) {
    const r = await browserFlow(origin);
    r.ms.forEach((ms, s) => steps[s]?.push(ms));
    totals.push(r.ms.reduce((a, b) => a + b, 0));
    page = r.pageHtml;
  }
  const calls = await standIns.calls();
  const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
  console.log(`browser flow, driven over HTTP as a browser without JavaScript (${flows} flows, one at a time, medians)`);
  FLOW_STEPS.forEach((s, i) => console.log(`  ${s.padEnd(40)} ${f2(med(steps[i] as number[])).padStart(8)} ms`));
  const upstreamMs = Object.values(calls).reduce((n, c) => n + c.ms, 0) / flows;
  const total = med(totals);
  console.log(`  ${"whole flow".padEnd(40)} ${f2(total).padStart(8)} ms   of which upstream ≈ ${f2(upstreamMs)} ms (stand-ins' own timings), app ≈ ${f2(total - upstreamMs)} ms`);
  const per = (svc: string) => {
    const entries = Object.entries(calls).filter(([k]) => k.startsWith(`${svc} `));
    const n = entries.reduce((s, [, c]) => s + c.calls, 0) / flows;
    return `${svc === "authlete" ? "Authlete" : "Cognito"} ${f2(n).replace(/\.00$/, "")} (${entries.map(([k, c]) => `${k.slice(svc.length + 1)} ${f2(c.calls / flows).replace(/\.00$/, "")}`).join(", ")})`;
  };
  console.log(`  upstream calls per flow: ${per("authlete")}; ${per("cognito")}\n`);

  const weight = await pageWeight(origin, page);
  printWeight(weight);
  // The landing page has no client component of ours: what it loads is the App Router's own runtime.
  const landing = await pageWeight(origin, (await exchange("GET", `${origin}/`)).body.toString("utf8"));
  console.log(
    `  for comparison, / (server components only, plus the root error boundaries every page carries) loads JS ${landing.js.files} files, ${kb(landing.js.raw)} raw, ${kb(landing.js.gzip)} gzip: ` +
      `the sign-in page's own share is ${kb(weight.js.gzip - landing.js.gzip)} gzip\n`,
  );
}

function printWeight(w: PageWeight): void {
  console.log("sign-in page weight (the HTML of /authorize/{id} and what it loads; gzip at the default level)");
  const line = (label: string, x: { files: number; raw: number; gzip: number }) =>
    console.log(`  ${label.padEnd(26)} ${String(x.files).padStart(2)} file${x.files === 1 ? " " : "s"}  ${kb(x.raw).padStart(10)} raw  ${kb(x.gzip).padStart(9)} gzip`);
  line("HTML", w.html);
  console.log(`  ${"  of which inline RSC data".padEnd(26)}          ${kb(w.inlineRscBytes).padStart(10)} raw`);
  line("CSS", w.css);
  line("JS (loaded)", w.js);
  line("JS (noModule, skipped)", w.noModuleJs);
  const total = { files: w.html.files + w.css.files + w.js.files, raw: w.html.raw + w.css.raw + w.js.raw, gzip: w.html.gzip + w.css.gzip + w.js.gzip };
  line("total loaded", total);
  console.log(`  next start sends scripts with content-encoding: ${w.servedEncoding}`);
}

/** Store mode: the stand-in's direct throughput in bands of 10k issued tokens, from an empty store. */
async function storeMode(): Promise<void> {
  header();
  const standIns = await startStandIns("http://127.0.0.1:3000");
  try {
    const target = directTokenLoad(standIns.authleteUrl);
    const band = 10_000;
    const warm = 5_000;
    console.log(
      `store mode: client_credentials straight to the Authlete stand-in (own process, empty store), 8 connections, ` +
        `${storeTokens} tokens after ${warm} for warm-up (JIT), in bands of ${band}`,
    );
    await runLoad(target, 8, 3600, warm);
    const w = [18, 8, 8, 8, 7, 12, 10];
    console.log(row(["tokens in store", "req/s", "p50 ms", "p99 ms", "errors", "CPU µs/req", "RSS"], w));
    const rates: number[] = [];
    const cpus: number[] = [];
    for (let issued = warm; issued < storeTokens + warm; issued += band) {
      const cpu0 = cpuMs(standIns.pid);
      const r = await runLoad(target, 8, 3600, band);
      const cpu = (1000 * (cpuMs(standIns.pid) - cpu0)) / r.requests;
      r.latencies.sort((a, b) => a - b);
      const mem = await standIns.memory();
      rates.push(r.requests / r.seconds);
      cpus.push(cpu);
      console.log(
        row(
          [
            `${issued / 1000}k–${(issued + band) / 1000}k`,
            (r.requests / r.seconds).toFixed(0),
            f2(percentile(r.latencies, 50)),
            f2(percentile(r.latencies, 99)),
            r.errors,
            Number.isFinite(cpu) ? cpu.toFixed(0) : "–",
            `${(mem.rss / 2 ** 20).toFixed(0)} MB`,
          ],
          w,
        ),
      );
    }
    const ratio = (xs: number[]) => `last ÷ first ${f2((xs[xs.length - 1] as number) / (xs[0] as number))}×, lowest ÷ highest ${f2(Math.min(...xs) / Math.max(...xs))}×`;
    console.log(`throughput: ${ratio(rates)}; CPU per request: ${ratio(cpus)} (the CPU figure is the one other load on the machine barely moves)`);
  } finally {
    await standIns.stop();
  }
}

/** Profile mode: `next start --cpu-prof` under token load at 8 connections; summarises the profile. */
async function profileMode(dir: string): Promise<void> {
  header();
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const port = await freePort();
  const standIns = await startStandIns(`http://127.0.0.1:${port}`);
  const app = await startApp(port, standIns, ["--cpu-prof", "--cpu-prof-dir", out]);
  try {
    const load = tokenLoad(app.url);
    await runLoad(load, 8, 2); // warm-up, in the profile too but small against the run
    const r = await runLoad(load, 8, seconds * rounds * 3);
    console.log(`profiled ${r.requests} token requests through the app (${(r.requests / r.seconds).toFixed(0)} req/s under the profiler, ${r.errors} errors)`);
  } finally {
    await app.stop();
    await standIns.stop();
  }
  summariseProfile(out);
}

/**
 * Instructions mode: each server runs under `valgrind --tool=callgrind`; after a warm-up (so V8 has
 * optimised the hot path), the counters are zeroed, a fixed number of token requests is sent one at a time,
 * and the instructions executed by the whole process (all threads) are read from the dump.
 */
async function instructionsMode(): Promise<void> {
  header();
  const WARM = 2000;
  const N = 600;
  /** Windows per target: GC lands in some windows and not others, so the median of three is reported. */
  const WINDOWS = 3;
  const dir = mkdtempSync(join(tmpdir(), "bench-callgrind-"));
  const port = await freePort();
  const standIns = await startStandIns(`http://127.0.0.1:${port}`);
  const nextIn = (dir: string) => (p: number) => [...SERVER_NODE_ARGS, ...nextStartArgs(p, dir)];
  const servers: { name: string; args: (port: number) => string[]; cwd: string; load: (origin: string) => LoadTarget; floor?: boolean; direct?: boolean }[] = [
    { name: "app /api/token", cwd: ROOT, load: tokenLoad, floor: true, args: nextIn(ROOT) },
    {
      name: "bare node:http pass-through",
      cwd: ROOT,
      load: (origin) => tokenLoad(origin, "/token"),
      args: (p) => ["--import", "tsx", join(ROOT, "bench", "bare.ts"), "--port", String(p), "--authlete", standIns.authleteUrl],
    },
    {
      name: "Authlete stand-in /auth/token, direct",
      cwd: ROOT,
      load: directTokenLoad,
      direct: true,
      args: (p) => ["--import", "tsx", join(ROOT, "local", "authlete", "main.ts"), "--port", String(p), "--data-dir", join(dir, `authlete-${p}`)],
    },
  ];
  if (mode.ab) {
    // Only the app against the other builds: no floor, no bare pass-through, no stand-in.
    servers.splice(1, 2);
    delete servers[0]?.floor;
  }
  if (mode.compare) servers.push({ name: "baseline app /api/token (--compare)", cwd: mode.compare, load: tokenLoad, args: nextIn(mode.compare) });
  for (const v of mode.variants) servers.push({ name: `variant ${v}`, cwd: v, load: tokenLoad, args: nextIn(v) });
  // The stand-in's signing keys, made here: generating RSA keys under valgrind would take minutes.
  const keysFor = async (p: number) => {
    mkdirSync(join(dir, `authlete-${p}`), { recursive: true });
    await loadOrCreateKeys(join(dir, `authlete-${p}`, "keys.json"), buildService("http://127.0.0.1:3000").supportedIdTokenSignAlgs);
  };
  console.log(
    `instructions per client_credentials token request under callgrind (whole process, all threads): after ${WARM} requests ` +
      `for warm-up, the median of ${WINDOWS} windows of ${N} requests sent one at a time`,
  );
  const results: Record<string, number> = {};
  try {
    for (const s of servers) {
      const p = await freePort();
      const url = `http://127.0.0.1:${p}`;
      const env = appEnv(url, standIns);
      const out = join(dir, `cg.${p}.out`);
      if (s.direct) await keysFor(p);
      const child = track(
        spawn("valgrind", ["--tool=callgrind", `--callgrind-out-file=${out}`, process.execPath, ...s.args(p)], {
          cwd: s.cwd,
          env: { ...process.env, ...env, NODE_ENV: "production" },
          stdio: ["ignore", "ignore", "pipe"],
        }),
      );
      let err = "";
      child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
      const load = s.load(url);
      for (let i = 0; ; i++) {
        if (child.exitCode !== null) throw new Error(`${s.name} under valgrind exited: ${err}`);
        const r = await runLoad(load, 1, 5, 1).catch(() => undefined);
        if (r && r.requests === 1 && r.errors === 0) break;
        if (i > 120) throw new Error(`${s.name} did not come up under valgrind: ${err}`);
        await new Promise((res) => setTimeout(res, 1000));
      }
      await runLoad(load, 4, 3600, WARM);
      /** Instructions per request of `target` (one at a time): the median of WINDOWS windows of `n`. */
      const count = async (target: LoadTarget, n: number): Promise<{ perRequest: number; spread: string; errors: number }> => {
        const windows: number[] = [];
        let errors = 0;
        for (let w = 0; w < WINDOWS; w++) {
          for (const f of readdirSync(dir)) if (f.startsWith(`cg.${p}.out`)) rmSync(join(dir, f));
          execFileSync("callgrind_control", ["-z", String(child.pid)], { stdio: "ignore" });
          const r = await runLoad(target, 1, 3600, n);
          execFileSync("callgrind_control", ["-d", String(child.pid)], { stdio: "ignore" });
          let ir = 0;
          for (const f of readdirSync(dir).filter((f) => f.startsWith(`cg.${p}.out`))) {
            const m = /^(?:summary|totals):\s*(\d+)/m.exec(readFileSync(join(dir, f), "utf8"));
            ir = Math.max(ir, Number(m?.[1] ?? 0));
          }
          windows.push(ir / r.requests);
          errors += r.errors;
        }
        windows.sort((a, b) => a - b);
        const m = (x: number) => (x / 1e6).toFixed(2);
        return { perRequest: windows[Math.floor(windows.length / 2)] as number, spread: `windows ${windows.map(m).join(", ")}`, errors };
      };
      const tok = await count(load, N);
      results[s.name] = tok.perRequest;
      console.log(`  ${s.name.padEnd(44)} ${(tok.perRequest / 1e6).toFixed(2).padStart(8)} M instructions/request  (${tok.spread}; ${tok.errors} errors)`);
      if (s.floor) {
        // Next's floor: the cheapest route handler there is, a 304 from memory (no Authlete call, no body).
        const first = await exchange("GET", `${url}/.well-known/openid-configuration`);
        const floor: LoadTarget = { origin: url, method: "GET", path: "/.well-known/openid-configuration", headers: { "If-None-Match": String(first.headers.etag) }, expectStatus: 304 };
        await runLoad(floor, 4, 3600, WARM);
        const f = await count(floor, N);
        results.floor = f.perRequest;
        console.log(`  ${"app discovery 304 (Next's floor)".padEnd(44)} ${(f.perRequest / 1e6).toFixed(2).padStart(8)} M instructions/request  (${f.spread}; ${f.errors} errors)`);
      }
      child.kill("SIGKILL");
    }
    const app = results["app /api/token"] as number;
    const bare = results["bare node:http pass-through"];
    const standIn = results["Authlete stand-in /auth/token, direct"];
    if (bare !== undefined && results.floor !== undefined && standIn !== undefined) {
      console.log(`  app ÷ bare pass-through: ${f2(app / bare)}×; Next's floor alone ÷ bare: ${f2(results.floor / bare)}×`);
      console.log(
        `  if each were bound by its own CPU: app ÷ stand-in ≤ ${f2(standIn / app)}×, bare ÷ stand-in ≤ ${f2(standIn / bare)}×, ` +
          `Next's floor ÷ stand-in ≤ ${f2(standIn / results.floor)}×`,
      );
      console.log(`  of the app's instructions per token request, Next's floor is ${((100 * results.floor) / app).toFixed(0)} %`);
    }
    for (const v of mode.variants) console.log(`  variant ${v} ÷ app: ${f2((results[`variant ${v}`] as number) / app)}×`);
    const base = results["baseline app /api/token (--compare)"];
    if (base) console.log(`  app ÷ baseline app: ${f2(app / base)}×`);
  } finally {
    await standIns.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (mode.instructions) await instructionsMode();
  else if (mode.store) await storeMode();
  else if (mode.profile) await profileMode(mode.profile);
  else await tableMode();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
