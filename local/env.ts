// Shared by the launchers (services.ts, stack.ts) and the end-to-end tests: where the stand-ins keep their
// state, and the environment that points the app at them. Nothing under app/ or lib/ imports this.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
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
