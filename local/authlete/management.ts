// Management APIs: the service (/service/get, /service/update), clients (/client/get/list), what a user
// authorized (/client/authorization/get/list, /client/authorization/delete), requestable scopes, and the
// server-level /api/info, /api/misc/echo and /api/lifecycle/healthcheck.
//
// Every other management API — creating, changing or deleting services, clients, client secrets, lock flags
// and tokens (but /auth/token/revoke, token-revoke.ts), listing services across an organisation, verifying JOSE
// objects — answers 403 (`denied`): the
// answer Authlete gives an access token without the permission for an API (3.0 access tokens carry
// permissions; the OpenAPI document lists 403 for every one of these operations). The demo data is fixed by
// the seed, and a test instrument that silently accepted such calls would lie about their effect.
import type { ClientSettings, ServiceSettings } from "./seed";
import { bool, clientByNumber, int, str, type ApiResult, type Body, type Ctx, type Handler, type RouteArgs } from "./context";
import { ApiError, RC, message } from "./results";
import { clientView } from "./discovery";
import { clientOfPath, subjectOf } from "./grants";
import { revokeMatching } from "./tokens";
import { URL_SETTINGS, urlSettingProblem, type UrlSetting } from "./settings";

/**
 * The service as /service/get returns it: the settings the stand-in models, under Authlete's `service` names
 * (the closed-world contract check rejects any other name). Secrets (`apiSecret`) are not part of it.
 */
export function serviceView(s: ServiceSettings): Body {
  return {
    number: s.number,
    serviceName: s.serviceName,
    description: s.description,
    apiKey: s.apiKey,
    issuer: s.issuer,
    clientIdAliasEnabled: s.clientIdAliasEnabled,
    authorizationEndpoint: s.authorizationEndpoint,
    tokenEndpoint: s.tokenEndpoint,
    userInfoEndpoint: s.userInfoEndpoint,
    revocationEndpoint: s.revocationEndpoint,
    introspectionEndpoint: s.introspectionEndpoint,
    pushedAuthReqEndpoint: s.pushedAuthReqEndpoint,
    jwksUri: s.jwksUri,
    endSessionEndpoint: s.endSessionEndpoint,
    supportedScopes: s.supportedScopes,
    supportedClaims: s.supportedClaims,
    supportedAcrs: s.supportedAcrs,
    supportedGrantTypes: s.supportedGrantTypes,
    supportedResponseTypes: s.supportedResponseTypes,
    supportedTokenAuthMethods: s.supportedTokenAuthMethods,
    supportedRevocationAuthMethods: s.supportedRevocationAuthMethods,
    supportedIntrospectionAuthMethods: s.supportedIntrospectionAuthMethods,
    supportedDisplays: s.supportedDisplays,
    supportedUiLocales: s.supportedUiLocales,
    supportedClaimLocales: s.supportedClaimLocales,
    supportedCustomClientMetadata: s.supportedCustomClientMetadata,
    pkceRequired: s.pkceRequired,
    pkceS256Required: s.pkceS256Required,
    parRequired: s.parRequired,
    accessTokenDuration: s.accessTokenDuration,
    refreshTokenDuration: s.refreshTokenDuration,
    idTokenDuration: s.idTokenDuration,
    pushedAuthReqDuration: s.pushedAuthReqDuration,
    refreshTokenKept: s.refreshTokenKept,
    issSuppressed: s.issSuppressed,
    errorDescriptionOmitted: s.errorDescriptionOmitted,
    errorUriOmitted: s.errorUriOmitted,
    idTokenReissuable: s.idTokenReissuable,
    attributes: s.attributes,
    // 3.0 only (the 2.3.12 `service` has no `supportedPromptValues`); 3.0 answers only: /service/get is V3.
    supportedPromptValues: s.supportedPromptValues,
  };
}

/** GET /service/get (3.0). */
export function serviceGet(ctx: Ctx): ApiResult {
  return { status: 200, body: serviceView(ctx.service) };
}

/**
 * POST /service/update (3.0): changes the URL settings (settings.ts) the body carries; `null` or "" unsets an
 * endpoint. Authlete replaces the whole service with the body (callers read it with /service/get, change it
 * and send it back); the stand-in applies only the URL settings and ignores every other member — its other
 * settings are fixed by the seed. Changes live until the stand-in stops (launch options decide the start).
 */
export function serviceUpdate(ctx: Ctx, b: Body): ApiResult {
  const changes: Partial<Record<UrlSetting, string | undefined>> = {};
  for (const k of URL_SETTINGS) {
    if (!(k in b)) continue;
    const v = b[k];
    if (v !== null && typeof v !== "string") throw new ApiError(400, RC.badFieldType, `The value of '${k}' must be a string.`);
    const value = v ?? "";
    const problem = urlSettingProblem(k, value);
    if (problem) throw new ApiError(400, RC.badFieldType, `Bad service setting: ${problem}.`);
    changes[k] = value === "" ? undefined : k === "issuer" ? value.replace(/\/+$/, "") : value;
  }
  for (const [k, v] of Object.entries(changes) as [UrlSetting, string | undefined][]) {
    if (k === "issuer") {
      if (v !== undefined) ctx.service.issuer = v;
    } else {
      ctx.service[k] = v;
    }
  }
  return { status: 200, body: serviceView(ctx.service) };
}

/** `start`/`end` of the list APIs: defaults 0 and 5 (OpenAPI: "The default value is 5"). */
function range(ctx: Ctx, b: Body): { start: number; end: number } {
  const start = int(ctx, b, "start") ?? 0;
  const end = int(ctx, b, "end") ?? 5;
  if (start < 0 || end < 0) throw new ApiError(400, RC.badFieldType, "'start' and 'end' must not be negative.");
  return { start, end: Math.max(start, end) };
}

/** GET /client/get/list (`developer`, `start`, `end`): the full clients, secrets included, like /client/get. */
export function clientList(ctx: Ctx, b: Body): ApiResult {
  const developer = str(ctx, b, "developer");
  const { start, end } = range(ctx, b);
  const matching = ctx.clients.filter((c) => developer === undefined || c.developer === developer);
  return {
    status: 200,
    body: { start, end, developer: ctx.gen === "v2" ? developer : undefined, totalCount: matching.length, clients: matching.slice(start, end).map(clientView) },
  };
}

/** `client_limited`: what the authorization list shows of a client. */
function limitedView(c: ClientSettings): Body {
  return {
    number: c.number,
    clientName: c.clientName,
    description: c.description,
    clientId: c.clientId,
    clientIdAlias: c.clientIdAlias,
    clientIdAliasEnabled: c.clientIdAliasEnabled,
    clientType: c.clientType,
  };
}

/** Numbers of the clients the subject holds an unexpired access or refresh token of. */
function authorizedClientNumbers(ctx: Ctx, subject: string): Set<number> {
  const now = ctx.now();
  const out = new Set<number>();
  for (const [, r] of ctx.store.entries("accessTokens")) if (r.grant.subject === subject && r.expiresAt > now) out.add(r.grant.clientNumber);
  for (const [, r] of ctx.store.entries("refreshTokens")) if (r.grant.subject === subject && r.expiresAt > now) out.add(r.grant.clientNumber);
  return out;
}

/**
 * GET|POST /client/authorization/get/list and GET …/list/{subject}: "the client applications that an end-user
 * has authorized", taken as those the user's unexpired tokens belong to (Authlete's authorization records are
 * its token records; /client/authorization/delete deletes exactly those).
 */
export function clientAuthorizationList(ctx: Ctx, b: Body, args: RouteArgs): ApiResult {
  const subject = subjectOf(ctx, b, args);
  const developer = str(ctx, b, "developer");
  const { start, end } = range(ctx, b);
  const numbers = authorizedClientNumbers(ctx, subject);
  const clients = [...numbers]
    .map((n) => clientByNumber(ctx, n))
    .filter((c): c is ClientSettings => c !== undefined && (developer === undefined || c.developer === developer))
    .sort((x, y) => x.number - y.number);
  return { status: 200, body: { start, end, developer, subject, totalCount: clients.length, clients: clients.slice(start, end).map(limitedView) } };
}

/**
 * DELETE /client/authorization/delete/{clientId}(?subject=|/{subject}) and POST with `{subject}`: "Delete all
 * existing access tokens issued to a client application by an end-user" (each with its refresh token). The
 * granted-scopes record stays: Authlete documents /client/granted_scopes/delete for that.
 */
export function clientAuthorizationDelete(ctx: Ctx, b: Body, args: RouteArgs): ApiResult {
  const client = clientOfPath(ctx, args);
  const subject = subjectOf(ctx, b, args);
  revokeMatching(ctx, { subject, clientNumber: client.number });
  return {
    status: 200,
    body: {
      resultCode: RC.clientAuthorizationDeleted,
      resultMessage: message(RC.clientAuthorizationDeleted, `Deleted the access tokens the subject granted to the client (ID = ${client.clientId}).`),
    },
  };
}

/**
 * GET /client/extension/requestable_scopes/get/{clientId}: `requestableScopes` "is null if the Requestable
 * Scopes per Client feature is not enabled for this client" — it is enabled for no demo client, so `{}`.
 */
export function requestableScopesGet(ctx: Ctx, _b: Body, args: RouteArgs): ApiResult {
  clientOfPath(ctx, args);
  return { status: 200, body: {} };
}

/** DELETE /client/extension/requestable_scopes/delete/{clientId}: disables the feature — already off: 204. */
export function requestableScopesDelete(ctx: Ctx, _b: Body, args: RouteArgs): ApiResult {
  clientOfPath(ctx, args);
  return { status: 204 };
}

/** A management API the stand-in's access token may not use (see the header comment). */
export function denied(what: string): Handler {
  return () => {
    throw new ApiError(403, RC.permissionDenied, `The access token does not have the permission to ${what} (the stand-in's demo data is fixed by its seed).`);
  };
}

/** V2 APIs that need service-owner credentials (HTTP Basic with the service owner's key): the stand-in has none. */
export function serviceOwnerOnly(): Handler {
  return () => {
    throw new ApiError(403, RC.permissionDenied, "This API needs service owner credentials; the stand-in has no service owner.");
  };
}

/**
 * GET /api/info (no credentials, 3.0.16 `security: []`): the version of the API document the stand-in
 * imitates and no optional feature (the example lists "ciba", "dcr", "deviceflow", "gm", "hsm", … — all
 * disabled here, disabled.ts).
 */
export function info(ctx: Ctx): ApiResult {
  return { status: 200, body: { version: ctx.gen === "v3" ? "3.0.16" : "2.3.12", features: [] } };
}

/** GET /api/misc/echo: the query parameters back as a JSON object (authlete-java-common `echo(Map)`). */
export function echo(_ctx: Ctx, b: Body): ApiResult {
  return { status: 200, raw: JSON.stringify(b) };
}

/** GET /api/lifecycle/healthcheck (no credentials): text/plain "OK"; `extended` is a boolean query parameter. */
export function healthcheck(ctx: Ctx, b: Body): ApiResult {
  bool(ctx, b, "extended");
  return { status: 200, raw: "OK", contentType: "text/plain;charset=UTF-8" };
}
