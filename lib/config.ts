// Every environment variable the server reads, parsed and validated once (DESIGN.md: "Nothing else reads
// process.env"). `loadConfig(env)` is pure so tests can feed it any environment; `getConfig()` memoises the
// result for the running process. A bad environment fails with one line per offending variable, so an
// operator sees everything that is wrong at once instead of fixing one variable per restart.
import { z } from "zod";

export type AuthleteApiVersion = "V2" | "V3";

export interface Config {
  /** Public base URL of this server, e.g. https://login.example.com; also the OIDC issuer. No trailing slash. */
  issuer: string;
  production: boolean;
  authlete: {
    baseUrl: string;
    apiVersion: AuthleteApiVersion;
    /** V3: the service ID in the path; V2: the service API key (Basic user name). */
    serviceId: string;
    /** V2 only: service API secret (Basic password). */
    apiSecret?: string;
    /** V3 only: service access token (Bearer). */
    accessToken?: string;
    timeoutMs: number;
  };
  cognito: {
    region: string;
    userPoolId: string;
    clientId: string;
    clientSecret?: string;
    /** Override for local stand-ins or VPC endpoints; absent = the regional AWS endpoint. */
    endpoint?: string;
    timeoutMs: number;
    /**
     * How long a challenge Session lives: the app client's AuthSessionValidity (3 minutes by default, 3–15
     * allowed), in seconds. A step of the sign-in (MFA code, new password) expires with it.
     */
    authSessionSeconds: number;
  };
  session: {
    password: string;
    ttlSeconds: number;
    /** Send the cookie only over HTTPS. Off only for plain-http local development. */
    secure: boolean;
  };
  /** The built-in demo relying party (landing page "Try it", /demo/callback). */
  demo: { enabled: boolean; clientId: string; clientSecret: string };
  /**
   * The Authentication Context Class References this server asserts (OIDC Core §2 `acr`, §3.1.2.1
   * `acr_values`), weakest first: the one place that defines them. Discovery advertises them
   * (`acr_values_supported`) and the Authlete service's `supportedAcrs` must list the same values.
   */
  acr: AcrConfig;
}

export interface AcrConfig {
  /** Met by a password sign-in (amr ["pwd"]). */
  password: string;
  /** Met by a sign-in with a second factor (amr containing "mfa", RFC 8176 §2). */
  mfa: string;
}

/** Defaults of the acr values (also what the local Authlete stand-in's service lists as supportedAcrs). */
export const DEFAULT_ACR: Readonly<AcrConfig> = {
  password: "urn:nextjs-oauth-server:acr:pwd",
  mfa: "urn:nextjs-oauth-server:acr:mfa",
};

/** The session secret shipped in .env.example. Fine for a laptop, refused in production. */
export const EXAMPLE_SESSION_SECRET = "dev-only-session-secret-change-me-0123456789";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Env = Record<string, string | undefined>;

// Empty strings count as unset: `FOO=` in a .env file or a blank Vercel field means "not configured".
const optionalString = z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().optional());

const httpUrl = (what: string) =>
  z
    .string({ error: `is required (${what})` })
    .trim()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), { message: "must be an http(s) URL" });

const positiveInt = (fallback: number) =>
  z.preprocess(
    (v) => (v === undefined || (typeof v === "string" && v.trim() === "") ? fallback : Number(v)),
    z.number({ error: "must be a number" }).int("must be a whole number").positive("must be greater than zero"),
  );

const boolFlag = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z
    .enum(["true", "false", "1", "0", "yes", "no", "on", "off"], { error: "must be true or false" })
    .transform((v) => ["true", "1", "yes", "on"].includes(v))
    .optional(),
);

const schema = z.object({
  NODE_ENV: optionalString,
  ISSUER: httpUrl("public base URL of this server, e.g. https://login.example.com"),
  AUTHLETE_BASE_URL: httpUrl("e.g. https://us.authlete.com"),
  AUTHLETE_API_VERSION: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v.trim().toUpperCase() : "V3"),
    z.enum(["V2", "V3"], { error: "must be V2 or V3" }),
  ),
  AUTHLETE_SERVICE_APIKEY: z
    .string({ error: "is required (Authlete service ID; the service API key on Authlete 2.x)" })
    .trim()
    .min(1, "must not be empty"),
  AUTHLETE_SERVICE_APISECRET: optionalString,
  AUTHLETE_SERVICE_ACCESSTOKEN: optionalString,
  AUTHLETE_TIMEOUT_MS: positiveInt(10_000),
  AWS_REGION: z.string({ error: "is required (the Cognito user pool's region, e.g. us-east-1)" }).trim().min(1, "must not be empty"),
  COGNITO_USER_POOL_ID: z
    .string({ error: "is required (e.g. us-east-1_AbCdEf123)" })
    .trim()
    .min(1, "must not be empty"),
  COGNITO_CLIENT_ID: z.string({ error: "is required (the app client ID)" }).trim().min(1, "must not be empty"),
  COGNITO_CLIENT_SECRET: optionalString,
  COGNITO_ENDPOINT: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    httpUrl("Cognito endpoint override").optional(),
  ),
  COGNITO_TIMEOUT_MS: positiveInt(10_000),
  COGNITO_AUTH_SESSION_SECONDS: positiveInt(180),
  SESSION_SECRET: optionalString,
  SESSION_TTL_SECONDS: positiveInt(3600),
  DEMO_CLIENT_ENABLED: boolFlag,
  DEMO_CLIENT_ID: optionalString,
  DEMO_CLIENT_SECRET: optionalString,
  // acr values travel space-separated in acr_values (OIDC Core §3.1.2.1), so one must not contain whitespace.
  ACR_PASSWORD: optionalString.refine((v) => v === undefined || !/\s/.test(v), { message: "must not contain whitespace" }),
  ACR_MFA: optionalString.refine((v) => v === undefined || !/\s/.test(v), { message: "must not contain whitespace" }),
});

export function loadConfig(env: Env): Config {
  const parsed = schema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push(`${issue.path.join(".") || "environment"} ${issue.message}`);
    }
  }
  const blank = (v: string | undefined) => v === undefined || v.trim() === "";
  const production = env.NODE_ENV === "production";
  const apiVersion = blank(env.AUTHLETE_API_VERSION) ? "V3" : env.AUTHLETE_API_VERSION?.trim().toUpperCase();

  // Checks across variables run whether or not the schema passed, so one start shows every problem.
  if (apiVersion === "V2" && blank(env.AUTHLETE_SERVICE_APISECRET)) {
    problems.push("AUTHLETE_SERVICE_APISECRET is required when AUTHLETE_API_VERSION=V2");
  }
  if (apiVersion === "V3" && blank(env.AUTHLETE_SERVICE_ACCESSTOKEN)) {
    problems.push("AUTHLETE_SERVICE_ACCESSTOKEN is required when AUTHLETE_API_VERSION=V3 (the default)");
  }
  const secret = env.SESSION_SECRET?.trim();
  if (!secret) {
    if (production) problems.push("SESSION_SECRET is required in production (32 or more random characters)");
  } else if (secret.length < 32) {
    problems.push("SESSION_SECRET must be at least 32 characters long");
  } else if (production && secret === EXAMPLE_SESSION_SECRET) {
    problems.push("SESSION_SECRET is the example value from .env.example; generate your own (openssl rand -base64 32)");
  }
  if (!parsed.success) throw new ConfigError(problems);

  const e = parsed.data;
  const issuerUrl = new URL(e.ISSUER);
  if (issuerUrl.search || issuerUrl.hash) problems.push("ISSUER must not have a query or fragment (OpenID Connect Discovery 1.0, §3)");
  if (production && issuerUrl.protocol !== "https:" && !isLoopback(issuerUrl.hostname)) {
    problems.push("ISSUER must use https in production (only loopback hosts may use http)");
  }
  const password = e.SESSION_SECRET ?? EXAMPLE_SESSION_SECRET;
  const acr: AcrConfig = { password: e.ACR_PASSWORD ?? DEFAULT_ACR.password, mfa: e.ACR_MFA ?? DEFAULT_ACR.mfa };
  if (acr.password === acr.mfa) problems.push("ACR_PASSWORD and ACR_MFA must differ (a client must be able to ask for the second factor)");

  if (problems.length > 0) throw new ConfigError(problems);

  return {
    issuer: e.ISSUER.replace(/\/+$/, ""),
    production,
    authlete: {
      baseUrl: e.AUTHLETE_BASE_URL.replace(/\/+$/, ""),
      apiVersion: e.AUTHLETE_API_VERSION,
      serviceId: e.AUTHLETE_SERVICE_APIKEY,
      apiSecret: e.AUTHLETE_SERVICE_APISECRET,
      accessToken: e.AUTHLETE_SERVICE_ACCESSTOKEN,
      timeoutMs: e.AUTHLETE_TIMEOUT_MS,
    },
    cognito: {
      region: e.AWS_REGION,
      userPoolId: e.COGNITO_USER_POOL_ID,
      clientId: e.COGNITO_CLIENT_ID,
      clientSecret: e.COGNITO_CLIENT_SECRET,
      endpoint: e.COGNITO_ENDPOINT?.replace(/\/+$/, ""),
      timeoutMs: e.COGNITO_TIMEOUT_MS,
      authSessionSeconds: e.COGNITO_AUTH_SESSION_SECONDS,
    },
    session: {
      password,
      ttlSeconds: e.SESSION_TTL_SECONDS,
      secure: production || issuerUrl.protocol === "https:",
    },
    demo: {
      enabled: e.DEMO_CLIENT_ENABLED ?? !production,
      clientId: e.DEMO_CLIENT_ID ?? "demo-client",
      clientSecret: e.DEMO_CLIENT_SECRET ?? "demo-client-secret",
    },
    acr,
  };
}

function isLoopback(host: string): boolean {
  return host === "localhost" || host === "127.0.0.1" || host === "[::1]";
}

let cached: Config | undefined;

/** The process-wide configuration, parsed on first use (and at boot by instrumentation.ts). */
export function getConfig(): Config {
  cached ??= loadConfig(process.env);
  return cached;
}
