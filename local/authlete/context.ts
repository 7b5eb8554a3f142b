// What every API handler gets, plus the lenient readers for request fields.
//
// Tolerances Authlete's SDKs need (and the real service has): Java/Python SDKs serialise unset fields as
// `null`, `0`, `false` or `""`, so all of those mean "absent"; `subject` may arrive as a JSON number;
// bodies may be JSON or application/x-www-form-urlencoded (the OpenAPI documents list both).
import type { ClientSettings, ServiceSettings } from "./seed";
import type { KeyRing } from "./keys";
import type { Property, Store } from "./store";
import { ApiError, RC } from "./results";

export type Generation = "v2" | "v3";

/** Lifetimes the service settings don't carry (seconds). */
export interface InternalDurations {
  /** Authorization ticket (from /auth/authorization until issue/fail). Authlete's is short-lived; 10 min. */
  ticket: number;
  /** Authorization code (RFC 6749 §4.1.2: "maximum lifetime of 10 minutes is RECOMMENDED"). */
  authorizationCode: number;
  /** Ticket of the PASSWORD action (from /auth/token until token/issue or token/fail). */
  passwordTicket: number;
}

export interface Ctx {
  gen: Generation;
  /** The API path without prefix, e.g. "/auth/token" (used in messages). */
  apiPath: string;
  service: ServiceSettings;
  clients: ClientSettings[];
  keys: KeyRing;
  store: Store;
  durations: InternalDurations;
  /** Milliseconds since the epoch (injectable for expiry tests). */
  now(): number;
}

export interface ApiResult {
  status: number;
  /** JSON body (an object); serialised with absent values left out. */
  body?: unknown;
  /** A pre-serialised body (pretty-printed discovery / JWKS). */
  raw?: string;
  /** Content type of `raw` when it is not JSON (the health check answers text/plain). */
  contentType?: string;
}

export type Body = Record<string, unknown>;

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** What the router hands a handler besides the body: path parameters, the query string and the method. */
export interface RouteArgs {
  /** Decoded `{name}` segments of the API path, e.g. `{clientId: "demo-client"}`. */
  params: Record<string, string>;
  /** The query string (for GET and DELETE it is also the body). */
  query: Body;
  method: HttpMethod;
}

/** An API implementation: the call's fields (JSON/form body, or the query for GET/DELETE) → the answer. */
export type Handler = (ctx: Ctx, body: Body, args: RouteArgs) => ApiResult | Promise<ApiResult>;

export function ok(body: Body): ApiResult {
  return { status: 200, body };
}

/** Drops fields the V2 schema does not have (Authlete 2.x never sends them). */
export function v3Only(ctx: Ctx, body: Body, fields: string[]): Body {
  if (ctx.gen === "v3") return body;
  const out = { ...body };
  for (const f of fields) delete out[f];
  return out;
}

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null || v === 0 || v === false || v === "" || (Array.isArray(v) && v.length === 0);
}

function typeError(ctx: Ctx, field: string, expected: string): ApiError {
  return new ApiError(400, RC.badFieldType, `The value of '${field}' in the request to ${ctx.apiPath} must be ${expected}.`);
}

/** A string field; a number is accepted and stringified (e.g. a numeric `subject`). */
export function str(ctx: Ctx, b: Body, k: string): string | undefined {
  const v = b[k];
  if (isAbsent(v)) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  throw typeError(ctx, k, "a string");
}

/** An integer field (JSON number or numeric string from a form body). */
export function int(ctx: Ctx, b: Body, k: string): number | undefined {
  const v = b[k];
  if (isAbsent(v)) return undefined;
  if (typeof v === "number" && Number.isInteger(v)) return v;
  if (typeof v === "string" && /^-?\d+$/.test(v)) {
    const n = Number(v);
    return n === 0 ? undefined : n;
  }
  throw typeError(ctx, k, "an integer");
}

/**
 * A boolean field: JSON `true`/`false`, or the text `true`/`false` in any letter case (query strings and form
 * bodies). The OpenAPI documents type these parameters as `boolean` without fixing the case, and Authlete's
 * own clients send other spellings: authlete-python passes Python booleans to `requests`, which writes them
 * as `True`/`False` (authlete-python `authlete/api/authlete_api_impl.py`, `getServiceJwks(pretty=True,
 * includePrivateKeys=False)`); Authlete answers those calls. Any other text is refused like a JSON-binding error.
 */
export function bool(ctx: Ctx, b: Body, k: string): boolean {
  const v = b[k];
  if (isAbsent(v)) return false;
  const parsed = parseBooleanText(v);
  if (parsed === undefined) throw typeError(ctx, k, "a boolean");
  return parsed;
}

/** `true`/`false` (JSON) or their text in any letter case; anything else → undefined. */
export function parseBooleanText(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v !== "string") return undefined;
  const t = v.toLowerCase();
  return t === "true" ? true : t === "false" ? false : undefined;
}

/** A string-array field; a form body may repeat the key or give one space-separated value. */
export function strArray(ctx: Ctx, b: Body, k: string): string[] | undefined {
  const v = b[k];
  if (isAbsent(v)) return undefined;
  if (typeof v === "string") {
    const parts = v.split(/\s+/).filter(Boolean);
    return parts.length ? parts : undefined;
  }
  if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
    const parts = (v as string[]).filter((x) => x !== "");
    return parts.length ? parts : undefined;
  }
  throw typeError(ctx, k, "an array of strings");
}

/** A JSON object field (e.g. ticket/update `info`). */
export function obj(ctx: Ctx, b: Body, k: string): Body | undefined {
  const v = b[k];
  if (isAbsent(v)) return undefined;
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Body;
  throw typeError(ctx, k, "a JSON object");
}

/**
 * `properties` (Property[]). Accepted as an array, or as a JSON string holding the array (spec_next types the
 * token request's `properties` as a string). Authlete: properties work only with JSON request bodies.
 */
export function properties(ctx: Ctx, b: Body, k: string): Property[] | undefined {
  let v = b[k];
  if (isAbsent(v)) return undefined;
  if (typeof v === "string") {
    try {
      v = JSON.parse(v);
    } catch {
      throw typeError(ctx, k, "an array of {key, value, hidden}");
    }
  }
  if (!Array.isArray(v)) throw typeError(ctx, k, "an array of {key, value, hidden}");
  const out: Property[] = [];
  for (const p of v) {
    if (typeof p !== "object" || p === null) throw typeError(ctx, k, "an array of {key, value, hidden}");
    const e = p as Body;
    if (typeof e.key !== "string" || e.key === "") throw typeError(ctx, `${k}[].key`, "a non-empty string");
    const value = e.value === null || e.value === undefined ? "" : String(e.value);
    out.push({ key: e.key, value, hidden: parseBooleanText(e.hidden) === true });
  }
  return out.length ? out : undefined;
}

/** One value of an enum field; an unknown value fails the call like a JSON-binding error would. */
export function enumValue<T extends string>(ctx: Ctx, b: Body, k: string, values: readonly T[]): T | undefined {
  const v = str(ctx, b, k);
  if (v === undefined) return undefined;
  if ((values as readonly string[]).includes(v)) return v as T;
  throw typeError(ctx, k, `one of ${values.join(", ")}`);
}

/** Finds a client by numeric client ID or by alias (Authlete accepts both wherever a client ID is expected). */
export function findClient(ctx: Ctx, id: string | undefined): { client: ClientSettings; aliasUsed: boolean } | undefined {
  if (!id) return undefined;
  for (const c of ctx.clients) {
    if (String(c.clientId) === id) return { client: c, aliasUsed: false };
    if (c.clientIdAliasEnabled && c.clientIdAlias === id) return { client: c, aliasUsed: true };
  }
  return undefined;
}

export function clientByNumber(ctx: Ctx, n: number): ClientSettings | undefined {
  return ctx.clients.find((c) => c.number === n);
}

/** Service and client attributes, as the token/introspection/userinfo responses carry them. */
export function attributes(ctx: Ctx, client: ClientSettings | undefined): Body {
  const out: Body = {};
  if (ctx.service.attributes.length) out.serviceAttributes = ctx.service.attributes;
  if (client && client.attributes.length) out.clientAttributes = client.attributes;
  return out;
}

export function nowSeconds(ctx: Ctx): number {
  return Math.floor(ctx.now() / 1000);
}
