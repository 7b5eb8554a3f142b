// The stand-in's URL settings — the issuer and every endpoint URL of the demo service — and the one way to set
// each of them, shared by every launcher (local/authlete/main.ts, `npm run services`, `npm run dev|local`):
//
//   setting (Authlete `service` name)  flag                          environment
//   issuer                             --issuer URL                  LOCAL_AUTHLETE_ISSUER
//   authorizationEndpoint              --authorization-endpoint URL  LOCAL_AUTHLETE_AUTHORIZATION_ENDPOINT
//   tokenEndpoint                      --token-endpoint URL          LOCAL_AUTHLETE_TOKEN_ENDPOINT
//   userInfoEndpoint                   --user-info-endpoint URL      LOCAL_AUTHLETE_USER_INFO_ENDPOINT
//   revocationEndpoint                 --revocation-endpoint URL     LOCAL_AUTHLETE_REVOCATION_ENDPOINT
//   introspectionEndpoint              --introspection-endpoint URL  LOCAL_AUTHLETE_INTROSPECTION_ENDPOINT
//   pushedAuthReqEndpoint              --pushed-auth-req-endpoint …  LOCAL_AUTHLETE_PUSHED_AUTH_REQ_ENDPOINT
//   jwksUri                            --jwks-uri URL                LOCAL_AUTHLETE_JWKS_URI
//   endSessionEndpoint                 --end-session-endpoint URL    LOCAL_AUTHLETE_END_SESSION_ENDPOINT
//   (a seed file)                      --seed FILE (main.ts),        LOCAL_AUTHLETE_SEED
//                                      --authlete-seed FILE (services, dev, local)
//   (latency added to every call, ms)  --latency-ms N (main.ts),     LOCAL_AUTHLETE_LATENCY_MS
//                                      --authlete-latency-ms N (services, dev, local)
//
// Precedence: flag, then environment, then seed file, then the default. The defaults are today's: the issuer
// is the app's base URL (http://localhost:3000, or what the launcher runs the app on) and each endpoint is the
// issuer plus the app's own path (seed.ts APP_ENDPOINTS). An endpoint set to "" is not set at all: discovery
// leaves it out. A seed file is JSON in Authlete's field names:
//
//   { "service": { "issuer": "…", "tokenEndpoint": "…", … },
//     "clients": { "demo-client": { "redirectUris": ["…"], "customMetadata": "{…}" } } }
//
// (clients by alias or numeric client ID). At run time the same settings change through /service/update.
// Unlike Authlete, http URLs are accepted: Authlete refuses non-https endpoints (A031219), which would make
// local development impossible.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "../args";
import { DEMO_AUTHLETE } from "./seed";

export const ENDPOINT_SETTINGS = [
  "authorizationEndpoint",
  "tokenEndpoint",
  "userInfoEndpoint",
  "revocationEndpoint",
  "introspectionEndpoint",
  "pushedAuthReqEndpoint",
  "jwksUri",
  "endSessionEndpoint",
] as const;
export type EndpointSetting = (typeof ENDPOINT_SETTINGS)[number];

export const URL_SETTINGS = ["issuer", ...ENDPOINT_SETTINGS] as const;
export type UrlSetting = (typeof URL_SETTINGS)[number];

/** Endpoint URLs by Authlete name; "" = deliberately not set. */
export type EndpointUrls = Partial<Record<EndpointSetting, string>>;

/** What a seed file may change of a demo client (Authlete `client` names). */
export interface ClientSeed {
  redirectUris?: string[];
  /** Authlete's `customMetadata`: a JSON object as a string. */
  customMetadata?: string;
}

/** The settings a launcher hands the stand-in. */
export interface StandInSettings {
  issuer?: string;
  endpoints: EndpointUrls;
  /** By client alias or numeric client ID. */
  clients: Record<string, ClientSeed>;
}

export const SEED_ENV = "LOCAL_AUTHLETE_SEED";

/** `tokenEndpoint` → `token-endpoint`. */
export function flagName(k: UrlSetting): string {
  return k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `tokenEndpoint` → `LOCAL_AUTHLETE_TOKEN_ENDPOINT`. */
export function envName(k: UrlSetting): string {
  return `LOCAL_AUTHLETE_${k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

export function isUrlSetting(k: string): k is UrlSetting {
  return (URL_SETTINGS as readonly string[]).includes(k);
}

/**
 * Why `value` cannot be the setting `key`, or undefined when it can. An absolute http(s) URL without a
 * fragment; the issuer also without a query (OIDC Discovery 1.0 §3, RFC 8414 §2) and never empty.
 */
export function urlSettingProblem(key: UrlSetting, value: string): string | undefined {
  if (value === "") return key === "issuer" ? "the issuer cannot be empty" : undefined;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return `${key} must be an absolute http(s) URL, got '${value}'`;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return `${key} must be an http(s) URL, got '${value}'`;
  if (value.includes("#")) return `${key} must not have a fragment, got '${value}'`;
  if (key === "issuer" && u.search) return `the issuer must not have a query, got '${value}'`;
  return undefined;
}

/** A valid value for `key` (issuer without trailing slashes); throws UsageError naming `where`. */
export function checkUrlSetting(key: UrlSetting, value: string, where: string): string {
  const problem = urlSettingProblem(key, value);
  if (problem) throw new UsageError(`${where}: ${problem}`);
  return key === "issuer" ? value.replace(/\/+$/, "") : value;
}

const KNOWN_CLIENTS = new Set<string>(DEMO_AUTHLETE.clients.flatMap((c) => [c.alias, c.clientId]));

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads and checks a seed file; every problem is a one-line UsageError naming the file. */
export function readSeedFile(file: string): { service: Partial<Record<UrlSetting, string>>; clients: Record<string, ClientSeed> } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`seed file ${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : "not valid JSON"}`);
  }
  const where = `seed file ${file}`;
  if (!isObject(parsed)) throw new UsageError(`${where}: must be a JSON object`);
  for (const k of Object.keys(parsed)) if (k !== "service" && k !== "clients") throw new UsageError(`${where}: unknown member '${k}' (service, clients)`);
  const service: Partial<Record<UrlSetting, string>> = {};
  if (parsed.service !== undefined) {
    if (!isObject(parsed.service)) throw new UsageError(`${where}: 'service' must be an object`);
    for (const [k, v] of Object.entries(parsed.service)) {
      if (!isUrlSetting(k)) throw new UsageError(`${where}: service.${k} cannot be set (settable: ${URL_SETTINGS.join(", ")})`);
      if (typeof v !== "string") throw new UsageError(`${where}: service.${k} must be a string`);
      service[k] = checkUrlSetting(k, v, where);
    }
  }
  const clients: Record<string, ClientSeed> = {};
  if (parsed.clients !== undefined) {
    if (!isObject(parsed.clients)) throw new UsageError(`${where}: 'clients' must be an object keyed by client alias or ID`);
    for (const [id, raw] of Object.entries(parsed.clients)) {
      if (!KNOWN_CLIENTS.has(id)) throw new UsageError(`${where}: unknown client '${id}'`);
      if (!isObject(raw)) throw new UsageError(`${where}: clients.${id} must be an object`);
      const seed: ClientSeed = {};
      for (const [k, v] of Object.entries(raw)) {
        if (k === "redirectUris") {
          if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === "string" && URL.canParse(x) && !x.includes("#"))) {
            throw new UsageError(`${where}: clients.${id}.redirectUris must be a non-empty array of absolute URIs without fragments`);
          }
          seed.redirectUris = v as string[];
        } else if (k === "customMetadata") {
          if (typeof v !== "string" || !isObject(safeJson(v))) throw new UsageError(`${where}: clients.${id}.customMetadata must be a string holding a JSON object`);
          seed.customMetadata = v;
        } else {
          throw new UsageError(`${where}: clients.${id}.${k} cannot be set (redirectUris, customMetadata)`);
        }
      }
      clients[id] = seed;
    }
  }
  return { service, clients };
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/**
 * The settings from flags (`flags[setting]`, already split out by the launcher's parser), the environment and
 * the seed file (`seedFlag`, else LOCAL_AUTHLETE_SEED), in that order of precedence. `issuer` stays undefined
 * when none of them sets it: each launcher has its own default (the URL it runs the app on).
 */
export function resolveSettings(
  flags: Partial<Record<UrlSetting, string>>,
  seedFlag: string | undefined,
  env: Record<string, string | undefined>,
  cwd = process.cwd(),
): StandInSettings {
  const seedPath = seedFlag ?? (env[SEED_ENV]?.trim() ? env[SEED_ENV] : undefined);
  const seed = seedPath ? readSeedFile(resolve(cwd, seedPath)) : { service: {}, clients: {} };
  const pick = (k: UrlSetting): string | undefined => {
    const f = flags[k];
    if (f !== undefined) return checkUrlSetting(k, f, `--${flagName(k)}`);
    const e = env[envName(k)];
    if (e !== undefined && e.trim() !== "") return checkUrlSetting(k, e.trim(), envName(k));
    return seed.service[k];
  };
  const endpoints: EndpointUrls = {};
  for (const k of ENDPOINT_SETTINGS) {
    const v = pick(k);
    if (v !== undefined) endpoints[k] = v;
  }
  return { issuer: pick("issuer"), endpoints, clients: seed.clients };
}

export const LATENCY_ENV = "LOCAL_AUTHLETE_LATENCY_MS";

/**
 * The stand-in's optional latency (ms added to every call): the flag's value (`--latency-ms` in main.ts,
 * `--authlete-latency-ms` in the combined launchers), else LOCAL_AUTHLETE_LATENCY_MS, else 0.
 */
export function resolveLatency(flag: string | undefined, env: Record<string, string | undefined>, flagLabel: string): number {
  const parse = (v: string, where: string): number => {
    if (!/^\d+$/.test(v)) throw new UsageError(`${where} must be a non-negative integer (milliseconds), got '${v}'`);
    return Number(v);
  };
  if (flag !== undefined) return parse(flag, flagLabel);
  const e = env[LATENCY_ENV];
  return e !== undefined && e.trim() !== "" ? parse(e.trim(), LATENCY_ENV) : 0;
}

/** Flag specs for local/args.ts `parseFlags`: one string flag per URL setting. */
export function urlSettingFlagSpec(): Record<string, "string"> {
  return Object.fromEntries(URL_SETTINGS.map((k) => [flagName(k), "string" as const]));
}

/** The URL-setting values among parsed flags, by Authlete name. */
export function urlSettingFlags(flags: Record<string, unknown>): Partial<Record<UrlSetting, string>> {
  const out: Partial<Record<UrlSetting, string>> = {};
  for (const k of URL_SETTINGS) {
    const v = flags[flagName(k)];
    if (typeof v === "string") out[k] = v;
  }
  return out;
}

/** The usage text of the URL flags, for the launchers' --help. */
export const URL_FLAGS_USAGE = `[--issuer URL] [--<endpoint> URL …] (endpoints: ${ENDPOINT_SETTINGS.map((k) => `--${flagName(k)}`).join(", ")})`;
