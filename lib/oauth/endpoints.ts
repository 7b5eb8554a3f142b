// The machine-facing endpoints: token (RFC 6749 §3.2), userinfo (OIDC Core §5.3), revocation (RFC 7009),
// pushed authorization requests (RFC 9126), discovery (OIDC Discovery §4, RFC 8414) and the JWK Set.
// Each forwards the raw request to Authlete and maps the action through the tables in lib/authlete.
import { AuthleteApiError, type AuthleteClient } from "../authlete/client";
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
import { evenFailureTiming } from "../cognito/failure-timing";
import { selectClaims, SCOPE_CLAIMS, STANDARD_CLAIMS } from "../cognito/claims";
import type { CognitoSender } from "../cognito/client";
import type { Config } from "../config";
import { basicChallenge, basicCredentials, bearerToken, isFormRequest, NO_STORE, oauthError, readBody, REALM, type Realm } from "../http";
import { userStanding } from "../cognito/users";
import { describeError, log } from "../log";
import { logFailure } from "./browser";
import { defaultDeps, type Deps } from "./deps";
import { LOCALES } from "../i18n";
import { supportedAcrs } from "./acr";
import { claimsFromProperties, claimsProperty } from "./interaction";
import { END_SESSION_PATH } from "./logout";
import { sealPushedResponse } from "./pushed";
import { entityTag, publishedJwks, serviceDocuments, type Representation } from "./service-documents";

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
    logFailure(event, e);
    return e instanceof AuthleteApiError && e.unavailable ? unavailable() : serverError();
  }
}

function serverError(): Response {
  return oauthError(500, "server_error", "The authorization server encountered an unexpected error.");
}

function unavailable(): Response {
  return oauthError(503, "server_error", "The authorization server is temporarily unable to handle the request.", { "Retry-After": "5" });
}

/** Reads the form body of a client request, or answers with the RFC 6749 §5.2 error itself. */
async function clientForm(request: Request, realm: Realm): Promise<{ body: string; clientId?: string; clientSecret?: string } | Response> {
  if (!isFormRequest(request)) {
    return oauthError(400, "invalid_request", "The request body must be application/x-www-form-urlencoded.");
  }
  const creds = basicCredentials(request);
  if (!creds) {
    return oauthError(401, "invalid_client", "The Authorization header is malformed.", { "WWW-Authenticate": basicChallenge(realm) });
  }
  const read = await readBody(request);
  if ("error" in read) {
    return read.error === "too_large"
      ? oauthError(413, "invalid_request", "The request body is too large.")
      : oauthError(400, "invalid_request", "The request body could not be read as a form.");
  }
  return { body: read.body, ...creds };
}

// --- token ---------------------------------------------------------------------------------------------------

/**
 * What Authlete said, for the operator (issue 6, item 7): an INTERNAL_SERVER_ERROR — a missing JWK Set, a call of
 * ours Authlete could not process — at error level with Authlete's resultCode and resultMessage. A BAD_REQUEST about
 * the client's own request is routine: its resultCode only, since the message may quote what the client sent.
 */
function logAuthleteResult(event: string, api: string, res: { action: string; resultCode?: string; resultMessage?: string }, ours = false): void {
  const fields = { api, action: res.action, resultCode: res.resultCode };
  if (res.action === "INTERNAL_SERVER_ERROR") log.error(event, { ...fields, resultMessage: res.resultMessage });
  else if (ours && res.action !== "OK") log.warn(event, { ...fields, resultMessage: res.resultMessage });
  else log.info(event, fields);
}

export function handleTokenRequest(request: Request, deps: Deps = defaultDeps()): Promise<Response> {
  return guarded("token", async () => {
    const form = await clientForm(request, REALM.token);
    if (form instanceof Response) return form;
    const refused = await refuseInactiveUser(form.body, deps);
    if (refused) return refused;
    const { authlete } = deps;
    const dpop = request.headers.get("dpop") ?? undefined;
    const res = await authlete.token({
      parameters: form.body,
      clientId: form.clientId,
      clientSecret: form.clientSecret,
      ...(dpop ? { dpop, htm: "POST" } : {}),
    });
    const mapped = tokenActions[res.action](res);
    logAuthleteResult("token", "/auth/token", res);
    if (mapped instanceof Response) return mapped;
    return passwordGrant(authlete, deps.cognito, deps.config, mapped, res.scopes);
  });
}

/**
 * The refresh-token grant (RFC 6749 §6) for a user who is no longer allowed in: disabled or deleted in Cognito.
 * After sign-in the app never asks Cognito again, so without this check such a user's client could keep refreshing
 * until Authlete's refresh token expired (issue 6, item 11).
 *
 * The check must happen *before* /auth/token: for a refresh, /auth/token issues the new tokens and retires the old
 * refresh token (rotation) in the same call, and its answer is the first place `subject` appears. Checking after it
 * would mean either handing out tokens while Cognito is unreachable or destroying the client's only refresh token
 * when we then refuse. So we ask Authlete whose refresh token it is (/auth/introspection/standard, RFC 7662), then
 * Cognito (one AdminGetUser, lib/cognito/users.ts):
 * - active user → /auth/token as usual;
 * - disabled or deleted → all of the user's tokens are revoked in Authlete (/auth/token/revoke by subject) and the
 *   client gets `invalid_grant` (RFC 6749 §5.2: the refresh token "is invalid, expired, revoked");
 * - Cognito unreachable or throttling → 503 (500 if our configuration is wrong): nothing is issued and the refresh
 *   token stays valid, so the client can simply retry.
 * An unknown or inactive refresh token is left to /auth/token, which phrases that error itself.
 *
 * Cost per refresh: one more Authlete call and one AdminGetUser (README, "Quotas").
 */
async function refuseInactiveUser(body: string, deps: Deps): Promise<Response | undefined> {
  const params = new URLSearchParams(body);
  const refreshTokens = params.getAll("refresh_token");
  if (params.get("grant_type") !== "refresh_token" || params.getAll("grant_type").length !== 1 || refreshTokens.length !== 1 || !refreshTokens[0]) {
    return undefined; // not a well-formed refresh request: /auth/token refuses it
  }
  const { authlete, cognito, config } = deps;
  const introspected = await authlete.standardIntrospection({
    parameters: new URLSearchParams({ token: refreshTokens[0], token_type_hint: "refresh_token" }).toString(),
  });
  if (introspected.action !== "OK") {
    logAuthleteResult("token.refresh", "/auth/introspection/standard", introspected, true);
    return serverError();
  }
  let sub: unknown;
  try {
    const content = JSON.parse(introspected.responseContent ?? "") as { active?: unknown; sub?: unknown };
    sub = content.active === true ? content.sub : undefined;
  } catch {
    log.error("token.refresh", { api: "/auth/introspection/standard", error: "responseContent is not JSON" });
    return serverError();
  }
  if (typeof sub !== "string" || sub === "") return undefined;

  const standing = await userStanding(cognito, config.cognito, sub);
  switch (standing.kind) {
    case "active":
      return undefined;
    case "failure":
      log.error("token.refresh", { upstream: "cognito", result: standing.reason, detail: standing.detail });
      return standing.reason === "misconfigured" ? serverError() : unavailable();
    case "disabled":
    case "deleted": {
      const revoked = await authlete.tokenRevoke({ subject: sub });
      log.warn("token.refresh", { result: `user_${standing.kind}`, revoked: revoked.count, resultCode: revoked.resultCode });
      return oauthError(400, "invalid_grant", "The refresh token is no longer valid.");
    }
  }
}

/** RFC 6749 §4.3: Authlete hands us the credentials; Cognito decides; Authlete issues or fails. */
async function passwordGrant(authlete: AuthleteClient, cognito: CognitoSender, config: Config, grant: PasswordGrant, scopes: string[] | undefined): Promise<Response> {
  const { ticket, username, password } = grant.password;
  // Timed like the sign-in page: a refusal must not tell a locked or disabled account from a wrong password.
  const result = await evenFailureTiming(() => signIn(cognito, config.cognito, username, password));
  if (result.kind === "success") {
    const names = (scopes ?? []).flatMap((s) => SCOPE_CLAIMS[s] ?? []);
    const issued = await authlete.tokenIssue({ ticket, subject: result.subject, properties: claimsProperty(result.claims, names) });
    logAuthleteResult("token.password", "/auth/token/issue", issued, true);
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
  // BAD_REQUEST is the answer we asked for (the client gets invalid_request); INTERNAL_SERVER_ERROR is logged as one.
  logAuthleteResult("token.password", "/auth/token/fail", failed, failed.action !== "BAD_REQUEST");
  return tokenFailActions[failed.action](failed);
}

// --- userinfo --------------------------------------------------------------------------------------------------

export function handleUserInfoRequest(request: Request, deps: Deps = defaultDeps()): Promise<Response> {
  return guarded("userinfo", async () => {
    // RFC 6750 §2: the token comes in the header or (POST) in the form body, never both.
    const fromHeader = bearerToken(request);
    let fromBody: string | undefined;
    if (request.method === "POST" && isFormRequest(request)) {
      const read = await readBody(request);
      if ("error" in read) return oauthError(read.error === "too_large" ? 413 : 400, "invalid_request", "The request body could not be read.");
      fromBody = new URLSearchParams(read.body).get("access_token") ?? undefined;
    }
    const challenge = (params: string) => `Bearer realm="${REALM.userinfo}"${params}`;
    if (fromHeader && fromBody) {
      return new Response(null, {
        status: 400,
        headers: { "WWW-Authenticate": challenge(', error="invalid_request", error_description="Use only one method to send the access token."'), ...NO_STORE },
      });
    }
    const token = fromHeader ?? fromBody;
    // RFC 6750 §3.1: a request without any authentication gets a bare challenge.
    if (!token) return new Response(null, { status: 401, headers: { "WWW-Authenticate": challenge(""), ...NO_STORE } });

    const { authlete } = deps;
    const dpop = request.headers.get("dpop") ?? undefined;
    const res = await authlete.userinfo({ token, ...(dpop ? { dpop, htm: request.method } : {}) });
    const mapped = userinfoActions[res.action](res);
    if (mapped instanceof Response) {
      logAuthleteResult("userinfo", "/auth/userinfo", res);
      return mapped;
    }
    // Claim values come from the snapshot stored with the token at sign-in: no Cognito read per call.
    const claims = selectClaims(claimsFromProperties(res.properties), res.claims);
    const issued = await authlete.userinfoIssue({ token, claims: claims ? JSON.stringify(claims) : undefined });
    logAuthleteResult("userinfo", "/auth/userinfo/issue", issued);
    const response = userinfoIssueActions[issued.action](issued);
    if (res.dpopNonce) response.headers.set("DPoP-Nonce", res.dpopNonce);
    return response;
  });
}

// --- revocation and PAR -------------------------------------------------------------------------------------------

export function handleRevocationRequest(request: Request, deps: Deps = defaultDeps()): Promise<Response> {
  return guarded("revocation", async () => {
    const form = await clientForm(request, REALM.revocation);
    if (form instanceof Response) return form;
    const res = await deps.authlete.revocation({ parameters: form.body, clientId: form.clientId, clientSecret: form.clientSecret });
    logAuthleteResult("revocation", "/auth/revocation", res);
    return revocationActions[res.action](res);
  });
}

export function handlePushedAuthorizationRequest(request: Request, deps: Deps = defaultDeps()): Promise<Response> {
  return guarded("par", async () => {
    const form = await clientForm(request, REALM.par);
    if (form instanceof Response) return form;
    const dpop = request.headers.get("dpop") ?? undefined;
    const res = await deps.authlete.pushedAuthReq({
      parameters: form.body,
      clientId: form.clientId,
      clientSecret: form.clientSecret,
      ...(dpop ? { dpop, htm: "POST" } : {}),
    });
    logAuthleteResult("par", "/pushed_auth_req", res);
    // The request_uri we hand out also carries what Authlete will not hand back (pushed.ts).
    if (res.action === "CREATED") res.responseContent = await sealPushedResponse(res.responseContent, form.body, deps.config.session.password);
    return pushedAuthReqActions[res.action](res);
  });
}

// --- discovery and JWK Set ------------------------------------------------------------------------------------------
//
// Served from memory (service-documents.ts: fetched at most once a minute, stale-if-error) as ready strings with a
// strong ETag (a content hash: every instance computes the same tag for the same document, so a CDN or client can
// revalidate against any of them) and Cache-Control. If-None-Match that matches gets a 304 without a body
// (RFC 9110 §13.1.2, §15.4.5).

const DISCOVERY_CACHE_CONTROL = "public, max-age=60";
const JWKS_CACHE_CONTROL = "public, max-age=300";

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

/** Our endpoint paths. Authlete rejects http endpoint URLs in service settings, so fill any it leaves out. */
export const ENDPOINT_PATHS = {
  authorization_endpoint: "/api/authorization",
  token_endpoint: "/api/token",
  userinfo_endpoint: "/api/userinfo",
  jwks_uri: "/api/jwks",
  revocation_endpoint: "/api/revocation",
  pushed_authorization_request_endpoint: "/api/par",
  end_session_endpoint: END_SESSION_PATH,
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
  "registration_endpoint",
  "device_authorization_endpoint",
  "backchannel_authentication_endpoint",
  "grant_management_endpoint",
  // Session management and front-/back-channel logout are not implemented: RP-Initiated Logout is.
  "check_session_iframe",
  "frontchannel_logout_supported",
  "frontchannel_logout_session_supported",
  "backchannel_logout_supported",
  "backchannel_logout_session_supported",
] as const;

async function loadDiscovery(deps: Deps): Promise<{ doc: Record<string, unknown>; rep: Representation }> {
  const { config } = deps;
  const doc = await deps.authlete.serviceConfiguration();
  for (const key of UNSERVED_METADATA) delete doc[key];
  for (const [key, path] of Object.entries(ENDPOINT_PATHS)) {
    if (typeof doc[key] !== "string" || doc[key] === "") doc[key] = `${config.issuer}${path}`;
  }
  if (typeof doc.issuer !== "string" || doc.issuer === "") doc.issuer = config.issuer;
  // Served here whatever the service says (RP-Initiated Logout 1.0 §2.1).
  doc.end_session_endpoint = `${config.issuer}${END_SESSION_PATH}`;
  // What this server asserts and speaks, from its own configuration (OIDC Discovery §3).
  doc.acr_values_supported = supportedAcrs(config.acr);
  doc.ui_locales_supported = [...LOCALES];
  if (!Array.isArray(doc.claims_supported)) doc.claims_supported = STANDARD_CLAIMS;
  const body = JSON.stringify(doc);
  return { doc, rep: { body, etag: entityTag(body) } };
}

function discovery(deps: Deps) {
  return serviceDocuments(deps.authlete).discovery.get(deps.now(), () => loadDiscovery(deps));
}

export async function discoveryDocument(deps: Deps = defaultDeps()): Promise<Record<string, unknown>> {
  return (await discovery(deps)).doc;
}

/** GET /.well-known/openid-configuration and /.well-known/oauth-authorization-server. */
export function handleDiscoveryRequest(request?: Request, deps: Deps = defaultDeps()): Promise<Response> {
  return guarded("discovery", async () => cachedResponse(request, (await discovery(deps)).rep, "application/json", DISCOVERY_CACHE_CONTROL));
}

/** GET /api/jwks (OIDC Discovery §3 jwks_uri). `request` is optional so server code (the demo) can read the set. */
export function handleJwksRequest(deps: Deps = defaultDeps(), request?: Request): Promise<Response> {
  return guarded("jwks", async () => {
    const jwks = await publishedJwks(deps);
    if (jwks.status === 204) return new Response(null, { status: 204 });
    if (jwks.status === 302) return new Response(null, { status: 302, headers: { Location: jwks.location } });
    return cachedResponse(request, jwks.rep, "application/jwk-set+json", JWKS_CACHE_CONTROL);
  });
}

