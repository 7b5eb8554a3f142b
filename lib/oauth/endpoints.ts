// The machine-facing endpoints: token (RFC 6749 §3.2), userinfo (OIDC Core §5.3), revocation (RFC 7009),
// pushed authorization requests (RFC 9126), discovery (OIDC Discovery §4, RFC 8414) and the JWK Set.
// Each forwards the raw request to Authlete and maps the action through the tables in lib/authlete.
import { createHash } from "node:crypto";
import { authleteFromConfig, AuthleteApiError, type AuthleteClient } from "../authlete/client";
import {
  pushedAuthReqActions,
  revocationActions,
  tokenActions,
  tokenFailActions,
  tokenIssueActions,
  userinfoActions,
  userinfoIssueActions,
  type PasswordGrant,
} from "../authlete/responses";
import { signIn } from "../cognito/authenticate";
import { selectClaims, SCOPE_CLAIMS, STANDARD_CLAIMS } from "../cognito/claims";
import { cognitoClient } from "../cognito/client";
import { getConfig, type Config } from "../config";
import { basicCredentials, bearerToken, isFormRequest, NO_STORE, oauthError, readFormBody } from "../http";
import { describeError, log } from "../log";
import { claimsFromProperties, claimsProperty } from "./interaction";

/**
 * Wraps a machine-facing handler: any failure of ours or of an upstream becomes a logged `server_error`
 * JSON — 503 with Retry-After when Authlete or Cognito is unreachable or overloaded, 500 otherwise. Never a
 * stack trace, never an upstream message. (RFC 6749 §5.2 defines no error code for this at the token
 * endpoint; `server_error` is the one clients already know from §4.1.2.1.)
 */
export async function guarded(event: string, fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AuthleteApiError) {
      log.error(event, { upstream: "authlete", kind: e.kind, path: e.path, status: e.status, resultCode: e.resultCode });
      return e.unavailable ? unavailable() : serverError();
    }
    log.error(event, { error: describeError(e) });
    return serverError();
  }
}

function serverError(): Response {
  return oauthError(500, "server_error", "The authorization server encountered an unexpected error.");
}

function unavailable(): Response {
  return oauthError(503, "server_error", "The authorization server is temporarily unable to handle the request.", { "Retry-After": "5" });
}

/** Reads the form body of a client request, or answers with the RFC 6749 §5.2 error itself. */
async function clientForm(request: Request): Promise<{ body: string; clientId?: string; clientSecret?: string } | Response> {
  if (!isFormRequest(request)) {
    return oauthError(400, "invalid_request", "The request body must be application/x-www-form-urlencoded.");
  }
  const creds = basicCredentials(request);
  if (!creds) {
    return oauthError(401, "invalid_client", "The Authorization header is malformed.", { "WWW-Authenticate": 'Basic realm="token"' });
  }
  const body = await readFormBody(request);
  if (body === undefined) return oauthError(413, "invalid_request", "The request body is too large.");
  return { body, ...creds };
}

// --- token ---------------------------------------------------------------------------------------------------

export function handleTokenRequest(request: Request, config: Config = getConfig()): Promise<Response> {
  return guarded("token", async () => {
    const form = await clientForm(request);
    if (form instanceof Response) return form;
    const authlete = authleteFromConfig(config);
    const dpop = request.headers.get("dpop") ?? undefined;
    const res = await authlete.token({
      parameters: form.body,
      clientId: form.clientId,
      clientSecret: form.clientSecret,
      ...(dpop ? { dpop, htm: "POST" } : {}),
    });
    const mapped = tokenActions[res.action](res);
    log.info("token", { action: res.action });
    if (mapped instanceof Response) return mapped;
    return passwordGrant(authlete, config, mapped, res.scopes);
  });
}

/** RFC 6749 §4.3: Authlete hands us the credentials; Cognito decides; Authlete issues or fails. */
async function passwordGrant(authlete: AuthleteClient, config: Config, grant: PasswordGrant, scopes: string[] | undefined): Promise<Response> {
  const { ticket, username, password } = grant.password;
  const result = await signIn(cognitoClient(config.cognito), config.cognito, username, password);
  if (result.kind === "success") {
    const names = (scopes ?? []).flatMap((s) => SCOPE_CLAIMS[s] ?? []);
    const issued = await authlete.tokenIssue({ ticket, subject: result.subject, properties: claimsProperty(result.claims, names) });
    log.info("token.password", { result: "success", action: issued.action });
    return tokenIssueActions[issued.action](issued);
  }
  if (result.kind === "failure" && ["unavailable", "misconfigured", "throttled"].includes(result.reason)) {
    log.error("token.password", { result: result.reason, detail: result.detail });
    // Our configuration is wrong: retrying won't help (500). Cognito down or throttling: try later (503).
    return result.reason === "misconfigured" ? serverError() : unavailable();
  }
  // Wrong credentials, locked, unconfirmed, or a challenge (MFA, new password) that a password grant cannot
  // answer: a challenge is never a successful login.
  log.info("token.password", { result: result.kind === "challenge" ? "challenge" : result.reason });
  const failed = await authlete.tokenFail({ ticket, reason: "INVALID_RESOURCE_OWNER_CREDENTIALS" });
  return tokenFailActions[failed.action](failed);
}

// --- userinfo --------------------------------------------------------------------------------------------------

export function handleUserInfoRequest(request: Request, config: Config = getConfig()): Promise<Response> {
  return guarded("userinfo", async () => {
    // RFC 6750 §2: the token comes in the header or (POST) in the form body, never both.
    const fromHeader = bearerToken(request);
    let fromBody: string | undefined;
    if (request.method === "POST" && isFormRequest(request)) {
      const body = await readFormBody(request);
      fromBody = body === undefined ? undefined : (new URLSearchParams(body).get("access_token") ?? undefined);
    }
    const challenge = (params: string) => `Bearer realm="${config.issuer}"${params}`;
    if (fromHeader && fromBody) {
      return new Response(null, {
        status: 400,
        headers: { "WWW-Authenticate": challenge(', error="invalid_request", error_description="Use only one method to send the access token."'), ...NO_STORE },
      });
    }
    const token = fromHeader ?? fromBody;
    // RFC 6750 §3.1: a request without any authentication gets a bare challenge.
    if (!token) return new Response(null, { status: 401, headers: { "WWW-Authenticate": challenge(""), ...NO_STORE } });

    const authlete = authleteFromConfig(config);
    const dpop = request.headers.get("dpop") ?? undefined;
    const res = await authlete.userinfo({ token, ...(dpop ? { dpop, htm: request.method } : {}) });
    const mapped = userinfoActions[res.action](res);
    if (mapped instanceof Response) {
      log.info("userinfo", { action: res.action });
      return mapped;
    }
    // Claim values come from the snapshot stored with the token at sign-in: no Cognito read per call.
    const claims = selectClaims(claimsFromProperties(res.properties), res.claims);
    const issued = await authlete.userinfoIssue({ token, claims: claims ? JSON.stringify(claims) : undefined });
    log.info("userinfo", { action: issued.action });
    const response = userinfoIssueActions[issued.action](issued);
    if (res.dpopNonce) response.headers.set("DPoP-Nonce", res.dpopNonce);
    return response;
  });
}

// --- revocation and PAR -------------------------------------------------------------------------------------------

export function handleRevocationRequest(request: Request, config: Config = getConfig()): Promise<Response> {
  return guarded("revocation", async () => {
    const form = await clientForm(request);
    if (form instanceof Response) return form;
    const res = await authleteFromConfig(config).revocation({ parameters: form.body, clientId: form.clientId, clientSecret: form.clientSecret });
    log.info("revocation", { action: res.action });
    return revocationActions[res.action](res);
  });
}

export function handlePushedAuthorizationRequest(request: Request, config: Config = getConfig()): Promise<Response> {
  return guarded("par", async () => {
    const form = await clientForm(request);
    if (form instanceof Response) return form;
    const dpop = request.headers.get("dpop") ?? undefined;
    const res = await authleteFromConfig(config).pushedAuthReq({
      parameters: form.body,
      clientId: form.clientId,
      clientSecret: form.clientSecret,
      ...(dpop ? { dpop, htm: "POST" } : {}),
    });
    log.info("par", { action: res.action });
    return pushedAuthReqActions[res.action](res);
  });
}

// --- discovery and JWK Set ------------------------------------------------------------------------------------------
//
// Both change only when the operator edits the Authlete service (settings, key rotation), so each is fetched
// at most once per CACHE_TTL_MS per instance and served from memory as a ready string with a strong ETag
// (a content hash: every instance computes the same tag for the same document, so a CDN or client can
// revalidate against any of them) and Cache-Control. If-None-Match that matches gets a 304 without a body
// (RFC 9110 §13.1.2, §15.4.5). One refresh runs at a time; if Authlete fails, the last good copy is served
// for up to STALE_IF_ERROR_MS (RFC 5861's stale-if-error, applied by us) rather than an error.

/** How long a fetched document is served before asking Authlete again. */
const CACHE_TTL_MS = 60_000;
const STALE_IF_ERROR_MS = 60 * 60_000;
const DISCOVERY_CACHE_CONTROL = "public, max-age=60";
const JWKS_CACHE_CONTROL = "public, max-age=300";

/** A response body ready to send, and its validator. */
export interface Representation {
  body: string;
  etag: string;
}

/** A strong entity tag for `body`: its SHA-256, base64url (RFC 9110 §8.8.3). */
export function entityTag(body: string): string {
  return `"${createHash("sha256").update(body, "utf8").digest("base64url")}"`;
}

/** Whether If-None-Match names `etag` (weak comparison, as §13.1.2 prescribes for this header) or is `*`. */
export function ifNoneMatchHits(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  const opaque = etag.replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque);
}

/** 200 with the representation, or 304 when the client already has it. */
function cachedResponse(request: Request | undefined, rep: Representation, contentType: string, cacheControl: string): Response {
  const headers = { ETag: rep.etag, "Cache-Control": cacheControl };
  if (request && ifNoneMatchHits(request.headers.get("if-none-match"), rep.etag)) return new Response(null, { status: 304, headers });
  return new Response(rep.body, { status: 200, headers: { ...headers, "Content-Type": contentType } });
}

interface CacheSlot<T> {
  at: number;
  value: T;
}

/** Serves `slot` while fresh; else one shared refresh; on failure the stale copy within STALE_IF_ERROR_MS. */
async function fromCache<T>(
  get: () => CacheSlot<T> | undefined,
  set: (slot: CacheSlot<T>) => void,
  refreshing: { current?: Promise<T> },
  load: () => Promise<T>,
  event: string,
  now: number,
): Promise<T> {
  const slot = get();
  if (slot && now - slot.at < CACHE_TTL_MS) return slot.value;
  refreshing.current ??= load()
    .then((value) => {
      set({ at: Date.now(), value });
      return value;
    })
    .finally(() => {
      refreshing.current = undefined;
    });
  try {
    return await refreshing.current;
  } catch (e) {
    if (slot && now - slot.at < CACHE_TTL_MS + STALE_IF_ERROR_MS) {
      log.warn(event, { result: "stale", error: describeError(e) });
      return slot.value;
    }
    throw e;
  }
}

let discoveryCache: CacheSlot<{ doc: Record<string, unknown>; rep: Representation }> | undefined;
const discoveryRefresh: { current?: Promise<{ doc: Record<string, unknown>; rep: Representation }> } = {};

/** Our endpoint paths. Authlete rejects http endpoint URLs in service settings, so fill any it leaves out. */
export const ENDPOINT_PATHS = {
  authorization_endpoint: "/api/authorization",
  token_endpoint: "/api/token",
  userinfo_endpoint: "/api/userinfo",
  jwks_uri: "/api/jwks",
  revocation_endpoint: "/api/revocation",
  pushed_authorization_request_endpoint: "/api/par",
} as const;

/**
 * Metadata for endpoints this server does not serve (yet). The Authlete service may list them, but a client
 * that follows discovery must never be sent to a 404, so they are left out (OIDC Discovery §3: metadata
 * describes this provider).
 */
export const UNSERVED_METADATA = [
  "introspection_endpoint",
  "introspection_endpoint_auth_methods_supported",
  "introspection_endpoint_auth_signing_alg_values_supported",
  "end_session_endpoint",
  "registration_endpoint",
  "device_authorization_endpoint",
  "backchannel_authentication_endpoint",
  "grant_management_endpoint",
] as const;

async function loadDiscovery(config: Config): Promise<{ doc: Record<string, unknown>; rep: Representation }> {
  const doc = await authleteFromConfig(config).serviceConfiguration();
  for (const key of UNSERVED_METADATA) delete doc[key];
  for (const [key, path] of Object.entries(ENDPOINT_PATHS)) {
    if (typeof doc[key] !== "string" || doc[key] === "") doc[key] = `${config.issuer}${path}`;
  }
  if (typeof doc.issuer !== "string" || doc.issuer === "") doc.issuer = config.issuer;
  if (!Array.isArray(doc.claims_supported)) doc.claims_supported = STANDARD_CLAIMS;
  const body = JSON.stringify(doc);
  return { doc, rep: { body, etag: entityTag(body) } };
}

function discovery(config: Config, now: number) {
  return fromCache(
    () => discoveryCache,
    (slot) => (discoveryCache = slot),
    discoveryRefresh,
    () => loadDiscovery(config),
    "discovery",
    now,
  );
}

export async function discoveryDocument(config: Config = getConfig(), now = Date.now()): Promise<Record<string, unknown>> {
  return (await discovery(config, now)).doc;
}

/** GET /.well-known/openid-configuration and /.well-known/oauth-authorization-server. */
export function handleDiscoveryRequest(request?: Request, config: Config = getConfig()): Promise<Response> {
  return guarded("discovery", async () =>
    cachedResponse(request, (await discovery(config, Date.now())).rep, "application/json", DISCOVERY_CACHE_CONTROL),
  );
}

/** The JWK Set as Authlete published it (200), or its answer when there is none (204) or it lives elsewhere (302). */
type JwksSlot = { status: 200; rep: Representation } | { status: 204 } | { status: 302; location: string };
let jwksCache: CacheSlot<JwksSlot> | undefined;
const jwksRefresh: { current?: Promise<JwksSlot> } = {};

async function loadJwks(config: Config): Promise<JwksSlot> {
  const jwks = await authleteFromConfig(config).serviceJwks();
  return jwks.status === 200 ? { status: 200, rep: { body: jwks.body, etag: entityTag(jwks.body) } } : jwks;
}

/** GET /api/jwks (OIDC Discovery §3 jwks_uri). `request` is optional so server code can read the set too. */
export function handleJwksRequest(config: Config = getConfig(), request?: Request): Promise<Response> {
  return guarded("jwks", async () => {
    const jwks = await fromCache(
      () => jwksCache,
      (slot) => (jwksCache = slot),
      jwksRefresh,
      () => loadJwks(config),
      "jwks",
      Date.now(),
    );
    if (jwks.status === 204) return new Response(null, { status: 204 });
    if (jwks.status === 302) return new Response(null, { status: 302, headers: { Location: jwks.location } });
    return cachedResponse(request, jwks.rep, "application/jwk-set+json", JWKS_CACHE_CONTROL);
  });
}

/** Forgets the cached documents (tests). */
export function resetDiscoveryCache(): void {
  discoveryCache = undefined;
  jwksCache = undefined;
}
