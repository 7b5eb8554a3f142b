// Harness of the security suite: the real app (`next start` on the production build) and both stand-ins, started
// through `local/stack.ts serve` on free ports exactly as playwright.config.ts does, spoken to over HTTP. Every
// process started here runs in its own process group (local/test-children.ts): the whole group is stopped in an
// `after` hook — which node:test runs whether the tests passed or not — and killed on exit as a last resort.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";
import { CLIENT, DEMO_USER, decodeHtml, hiddenFields, Jar, SPA, basicAuth as basic } from "../e2e/fixtures";
import { freePort, outputOf, startNext, waitUntilUp } from "../local/env";
import { spawnTracked, spawnTrackedNode, stopTracked } from "../local/test-children";

// --- processes ---------------------------------------------------------------------------------------------------

/**
 * Run at the end of the file's tests, passed or failed, last registered first. (Registered here, at the root: an
 * `after` registered inside a hook would belong to that hook and run as soon as it returned.) The processes
 * themselves are stopped by local/test-children.ts's own `after` hook, which runs before this one (it is registered
 * when that module loads, before this one's body runs); `stopTracked` below is then a no-op.
 */
const cleanups: (() => Promise<void> | void)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The PID of `next-server` under a launcher (for its RSS). */
/**
 * The next-server process below `root` (any depth): the one whose title Next sets to `next-server (vX)`. Not just
 * the launcher's first child, which may be tsx's esbuild service.
 */
function nextServerPid(root: number): number | undefined {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // gone
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parents.get(pid); p !== undefined && p > 1; p = parents.get(p)) if (p === root) return true;
    return false;
  };
  for (const pid of parents.keys()) {
    if (!below(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("next-server")) return pid;
    } catch {
      // gone
    }
  }
  return undefined;
}

/** Resident set size in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

export interface Stack {
  base: string;
  authleteUrl: string;
  cognitoUrl: string;
  dataDir: string;
  /** Everything the stack (stand-ins and next-server) printed so far. */
  output(): string;
  /** next-server's PID. */
  serverPid(): number;
}

let stack: Promise<Stack> | undefined;

/** The one stack of this test process (started on first use, stopped after the last test). */
export function useStack(): Promise<Stack> {
  stack ??= (async () => {
    const [port, authletePort, cognitoPort] = [await freePort(), await freePort(), await freePort()];
    const dataDir = mkdtempSync(join(tmpdir(), "oauth-security-"));
    const child = spawnTracked(
      "local/stack.ts",
      [
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
        "--authlete-port",
        String(authletePort),
        "--cognito-port",
        String(cognitoPort),
        "--data-dir",
        dataDir,
        "--reset",
      ],
      { env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, group: true },
    );
    const output = outputOf(child);
    cleanups.push(async () => {
      await stopTracked(child);
      rmSync(dataDir, { recursive: true, force: true });
    });
    const base = `http://127.0.0.1:${port}`;
    await waitUntilUp(`${base}/.well-known/openid-configuration`, child, { what: "local/stack.ts serve", output, timeoutMs: 90_000 });
    return {
      base,
      authleteUrl: `http://127.0.0.1:${authletePort}`,
      cognitoUrl: `http://127.0.0.1:${cognitoPort}`,
      dataDir,
      output,
      serverPid: () => {
        const pid = nextServerPid(child.pid as number);
        if (!pid) throw new Error("next-server not found");
        return pid;
      },
    };
  })();
  return stack;
}

export interface App {
  base: string;
  output(): string;
}

/** Another instance of the built app with its own environment (fault injection), stopped after the tests. */
export async function startApp(env: (issuer: string) => Record<string, string>): Promise<App> {
  const port = await freePort();
  const app = startNext({
    port,
    env: env(`http://127.0.0.1:${port}`),
    timeoutMs: 90_000,
    spawn: (args, options) => spawnTrackedNode(args, { ...options, group: true }),
  });
  const output = outputOf(app.child);
  cleanups.push(() => stopTracked(app.child));
  await app.ready;
  return { base: app.url, output };
}


// --- HTTP --------------------------------------------------------------------------------------------------------

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
  ms: number;
}

/** One request, redirects not followed, the body read whole; network failures are thrown. */
export async function http(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Answer> {
  const start = performance.now();
  const res = await fetch(url, { redirect: "manual", ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 30_000) });
  const body = await res.text();
  return { status: res.status, headers: res.headers, body, ms: performance.now() - start };
}

/** A request in this jar's name: cookies sent, Set-Cookie applied. */
export async function browse(jar: Jar, url: string, init: RequestInit = {}): Promise<Answer> {
  const headers = new Headers(init.headers);
  const cookie = jar.header(url);
  if (cookie && !headers.has("cookie")) headers.set("cookie", cookie);
  const answer = await http(url, { ...init, headers });
  jar.take(answer.headers);
  return answer;
}

// --- the sign-in page ----------------------------------------------------------------------------------------------

export { CLIENT, DEMO_USER, Jar, SPA, basic };

function authorizationQuery(extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    response_type: "code",
    client_id: CLIENT.id,
    redirect_uri: CLIENT.redirectUri,
    scope: "openid email",
    state: "st-1",
    nonce: "n-1",
    ...extra,
  }).toString();
}

/** A browser's authorization request: the login page's URL (its pending request now in the jar). */
export async function startAuthorization(base: string, jar: Jar, extra: Record<string, string> = {}): Promise<string> {
  const res = await browse(jar, `${base}/api/authorization?${authorizationQuery(extra)}`);
  const location = res.headers.get("location");
  if (res.status !== 303 || !location) throw new Error(`authorization request: ${res.status} ${res.body.slice(0, 200)}`);
  return new URL(location, base).href;
}

/** The hidden fields of the page's form (the server action's ID and bound arguments: scraped, never hard-coded). */
export async function formFields(jar: Jar, pageUrl: string): Promise<Record<string, string>> {
  const page = await browse(jar, pageUrl);
  const fields = Object.fromEntries(hiddenFields(page.body));
  if (!Object.keys(fields).some((k) => k.startsWith("$ACTION"))) throw new Error(`no form on ${pageUrl}: ${page.status}`);
  return fields;
}

/** What a browser sends with its own page's form POST (Referrer-Policy no-referrer makes Origin "null"). */
export const SAME_ORIGIN = { origin: "null", "sec-fetch-site": "same-origin", "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" };

/** Posts the page's form the way a browser without JavaScript does (multipart). */
export async function submitForm(jar: Jar, pageUrl: string, fields: Record<string, string>, headers: Record<string, string> = SAME_ORIGIN): Promise<Answer> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return browse(jar, pageUrl, { method: "POST", body: form, headers });
}

export async function signIn(jar: Jar, pageUrl: string, login: string, password: string, headers?: Record<string, string>): Promise<Answer> {
  const fields = await formFields(jar, pageUrl);
  return submitForm(jar, pageUrl, { ...fields, loginId: login, password, decision: "authorize" }, headers);
}

/** The form error the re-rendered page shows (role=alert). */
export function formError(html: string): string | undefined {
  const m = /data-testid="form-error"[^>]*>([^<]*)</.exec(html);
  return m ? decodeHtml(m[1] as string) : undefined;
}

/** The code in a redirect to the client, if that is what the answer is. */
export function codeFrom(answer: Answer): string | undefined {
  const location = answer.headers.get("location");
  if (!location || !location.startsWith(CLIENT.redirectUri)) return undefined;
  return new URL(location).searchParams.get("code") ?? undefined;
}

/**
 * A token request as the confidential demo client: HTTP Basic, the parameters form-urlencoded; `headers` are added
 * (or replace these). For `fetch` where the answer is not read through `http` (the load run).
 */
export function tokenRequest(params: Record<string, string> | string, headers: Record<string, string> = {}): RequestInit {
  return {
    method: "POST",
    headers: { authorization: basic(CLIENT.id, CLIENT.secret), "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params).toString(),
  };
}

/** POST /api/token as the confidential demo client (see tokenRequest). */
export function postToken(base: string, params: Record<string, string> | string, headers: Record<string, string> = {}): Promise<Answer> {
  return http(`${base}/api/token`, tokenRequest(params, headers));
}

export async function exchange(base: string, code: string): Promise<Record<string, unknown>> {
  const res = await postToken(base, { grant_type: "authorization_code", code, redirect_uri: CLIENT.redirectUri });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${res.body}`);
  return JSON.parse(res.body) as Record<string, unknown>;
}

export function refresh(base: string, refreshToken: string): Promise<Answer> {
  return postToken(base, { grant_type: "refresh_token", refresh_token: refreshToken });
}

// --- figures -------------------------------------------------------------------------------------------------------

/** What the suite measured; printed at the end and written to reports/security-figures.json. */
export const figures: Record<string, unknown> = {};

/** Runs `fn` at the end of the file's tests (after the servers it may need are still up). */
export function atEnd(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}
