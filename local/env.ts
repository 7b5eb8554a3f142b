// Shared by the launchers (services.ts, stack.ts), the end-to-end tests, the security suite and the bench: where the
// stand-ins keep their state, the environment that points the app at them, and how a server runs `next start` and
// is waited for. Nothing under app/ or lib/ imports this.
import { spawn, type ChildProcess, type ChildProcessByStdio } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import type { Readable } from "node:stream";
import { UsageError } from "./args";
import { DEMO_AUTHLETE } from "./authlete/seed";
import { DEMO_COGNITO } from "./cognito/seed";

export interface LocalUrls {
  issuer: string;
  authleteUrl: string;
  cognitoUrl: string;
}

/**
 * The heap cap `npm start` uses too (package.json; README, "Deploying"): without one, V8 lets a busy `next start`
 * grow to about a gigabyte before it collects, which a container limit would kill.
 */
export const SERVER_NODE_ARGS: readonly string[] = ["--max-old-space-size=256"];

/** `next start` on 127.0.0.1:`port` for the build in `dir`: the arguments after the node binary (and its flags). */
export function nextStartArgs(port: number, dir: string = process.cwd()): string[] {
  return [join(dir, "node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)];
}

/** A child process whose stdout and stderr are pipes. */
export type PipedChild = ChildProcessByStdio<null, Readable, Readable>;

export interface NextStartOptions {
  /** The port on 127.0.0.1. */
  port: number;
  /** The app's environment, on top of this process's and of NODE_ENV=production and NEXT_TELEMETRY_DISABLED=1. */
  env: Record<string, string>;
  /** The checkout whose build is started, also the working directory (default: the current one). */
  dir?: string;
  /** Node flags after SERVER_NODE_ARGS (`--cpu-prof` …). */
  nodeArgs?: readonly string[];
  /** What is asked for until the server answers (default `/`). */
  readyPath?: string;
  /** How long it may take to answer (default 30 s). */
  timeoutMs?: number;
  /** What the server is called in errors (default `next start in <dir>`). */
  what?: string;
  /**
   * Spawns `node …args` with piped output; a caller whose children are tracked (killed when it exits or its tests
   * end) passes its own. Default: a plain `spawn`.
   */
  spawn?: (args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) => PipedChild;
}

/**
 * `next start` for a production build, with the heap cap `npm start` has: returns at once, so that the caller can
 * read the child's output from its first line; `ready` resolves when the server answers, and rejects with the end
 * of its output when it exits first or does not answer within the timeout (the child is then killed).
 */
export function startNext(options: NextStartOptions): { url: string; child: PipedChild; ready: Promise<void> } {
  const dir = options.dir ?? process.cwd();
  const url = `http://127.0.0.1:${options.port}`;
  const args = [...SERVER_NODE_ARGS, ...(options.nodeArgs ?? []), ...nextStartArgs(options.port, dir)];
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", ...options.env };
  const child = options.spawn ? options.spawn(args, { cwd: dir, env }) : spawn(process.execPath, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  const ready = waitUntilUp(`${url}${options.readyPath ?? "/"}`, child, {
    what: options.what ?? `next start in ${dir}`,
    output: outputOf(child, 4000),
    timeoutMs: options.timeoutMs,
  }).catch((e: unknown) => {
    child.kill("SIGKILL");
    throw e;
  });
  return { url, child, ready };
}

/** What a child prints, stdout and stderr interleaved as they arrive: all of it, or the last `limit` characters. */
export function outputOf(child: PipedChild, limit = Infinity): () => string {
  let out = "";
  const add = (d: Buffer) => {
    out += d.toString();
    if (out.length > limit) out = out.slice(-limit);
  };
  child.stdout.on("data", add);
  child.stderr.on("data", add);
  return () => out;
}

/**
 * Polls `url` until it answers with a status below 500. Throws, with the end of `output()`, when `child` exits first
 * or after `timeoutMs` (default 30 s); every attempt has its own time limit, so a server that accepts connections
 * and never answers cannot make this hang.
 */
export async function waitUntilUp(
  url: string,
  child: ChildProcess,
  { what, output = () => "", timeoutMs = 30_000 }: { what: string; output?: () => string; timeoutMs?: number },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited (${child.exitCode ?? child.signalCode}) before it answered ${url}:\n${output().slice(-4000)}`);
    }
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(Math.max(100, Math.min(2000, deadline - Date.now()))) });
      await r.arrayBuffer();
      if (r.status < 500) return;
    } catch {
      // not up yet
    }
    if (Date.now() >= deadline) throw new Error(`${what} did not answer ${url} within ${timeoutMs} ms:\n${output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A port that was free a moment ago on 127.0.0.1 (for tests and benchmarks that start servers). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export function dataDirFrom(value: string | undefined): string {
  return resolve(value && value.trim() !== "" ? value : ".local");
}

/**
 * A random session password kept beside the stand-ins' state, so `npm run dev` needs no configuration and
 * sessions survive restarts, without a well-known secret in the repository.
 */
export function localSessionSecret(dataDir: string): string {
  const file = join(dataDir, "session-secret");
  try {
    const existing = readFileSync(file, "utf8").trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/**
 * The Cognito stand-in's pools the app can be pointed at: LOCAL_COGNITO_POOL=demo (default) or mfa-required
 * (MFA required, TOTP; see local/cognito/seed.ts). Both have an app client with the same settings.
 */
export const LOCAL_COGNITO_POOLS = {
  demo: { ...DEMO_COGNITO, label: "demo pool", users: DEMO_COGNITO.users },
  "mfa-required": { ...DEMO_COGNITO.mfaRequired, label: "MFA required", users: DEMO_COGNITO.mfaRequired.users },
} as const;
export type LocalCognitoPool = keyof typeof LOCAL_COGNITO_POOLS;

/** LOCAL_COGNITO_POOL's value, checked: unset or empty means the demo pool. */
export function cognitoPoolFrom(value: string | undefined): LocalCognitoPool {
  const v = value?.trim() || "demo";
  if (!Object.hasOwn(LOCAL_COGNITO_POOLS, v))
    throw new UsageError(`LOCAL_COGNITO_POOL must be ${Object.keys(LOCAL_COGNITO_POOLS).join(" or ")}, got ${JSON.stringify(value)}`);
  return v as LocalCognitoPool;
}

/** The app's environment for the local stand-ins (the same variables production sets for the real services). */
export function localAppEnv(
  urls: LocalUrls,
  sessionSecret: string,
  apiVersion: "V2" | "V3" = "V3",
  cognitoPool: LocalCognitoPool = "demo",
): Record<string, string> {
  const pool = LOCAL_COGNITO_POOLS[cognitoPool];
  return {
    ISSUER: urls.issuer,
    AUTHLETE_BASE_URL: urls.authleteUrl,
    AUTHLETE_API_VERSION: apiVersion,
    AUTHLETE_SERVICE_APIKEY: DEMO_AUTHLETE.serviceId,
    ...(apiVersion === "V3"
      ? { AUTHLETE_SERVICE_ACCESSTOKEN: DEMO_AUTHLETE.serviceAccessToken }
      : { AUTHLETE_SERVICE_APISECRET: DEMO_AUTHLETE.apiSecret }),
    AWS_REGION: DEMO_COGNITO.region,
    // The stand-in verifies SigV4 signatures for its own key pair only (local/cognito/README.md). An empty session
    // token keeps a developer's ambient AWS_SESSION_TOKEN from being sent with that key, which AWS would refuse.
    AWS_ACCESS_KEY_ID: DEMO_COGNITO.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: DEMO_COGNITO.credentials.secretAccessKey,
    AWS_SESSION_TOKEN: "",
    COGNITO_USER_POOL_ID: pool.userPoolId,
    COGNITO_CLIENT_ID: pool.clientId,
    COGNITO_CLIENT_SECRET: pool.clientSecret,
    COGNITO_ENDPOINT: urls.cognitoUrl,
    SESSION_SECRET: sessionSecret,
    DEMO_CLIENT_ENABLED: "true",
    NEXT_TELEMETRY_DISABLED: "1",
  };
}

/** Demo credentials, printed by the launchers (the README lists the same). */
export function demoBanner(urls: LocalUrls, cognitoPool: LocalCognitoPool = "demo"): string {
  const pool = LOCAL_COGNITO_POOLS[cognitoPool];
  const users =
    cognitoPool === "demo"
      ? [
          "    demo@example.com     / Demo-Pass1!",
          "    second@example.com   / Demo-Pass1!   (a second person: name and e-mail only)",
          "    mfa@example.com      / Demo-Pass1!   (TOTP secret JBSWY3DPEHPK3PXP)",
          "    newpass@example.com  / Temp-Pass1!   (must choose a new password and give a name)",
          "    disabled@example.com / Demo-Pass1!   (disabled)",
          "    (more: SMS and e-mail OTP, MFA choice, unconfirmed, reset-required — see local/cognito/seed.ts;",
          "     LOCAL_COGNITO_POOL=mfa-required for a pool that requires MFA)",
        ]
      : [
          "    demo@example.com     / Demo-Pass1!   (no factor yet: enrols an authenticator app)",
          "    second@example.com   / Demo-Pass1!   (no factor yet: enrols an authenticator app)",
          "    mfa@example.com      / Demo-Pass1!   (TOTP secret JBSWY3DPEHPK3PXP)",
          "    newpass@example.com  / Temp-Pass1!   (new password and name, then enrolment)",
        ];
  return [
    "",
    `  Authlete stand-in  ${urls.authleteUrl}  (service ${DEMO_AUTHLETE.serviceId}; V3 token ${DEMO_AUTHLETE.serviceAccessToken}; V2 secret ${DEMO_AUTHLETE.apiSecret})`,
    `  Cognito stand-in   ${urls.cognitoUrl}  (pool ${pool.userPoolId} — ${pool.label}, app client ${pool.clientId})`,
    `  Issuer             ${urls.issuer}`,
    "",
    "  Demo users (Login ID / Password):",
    ...users,
    "  Demo clients: demo-client / demo-client-secret (confidential, PS256), demo-spa (public, PKCE, ES256)",
    "",
  ].join("\n");
}
