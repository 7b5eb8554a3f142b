// /auth/userinfo, /auth/userinfo/issue (OIDC Core §5.3), /auth/introspection (Authlete's API for protecting
// the service's own resources; RFC 6750 challenges) and /auth/introspection/standard (RFC 7662).
import type { AccessTokenRecord, RefreshTokenRecord } from "./store";
import { hashSecret } from "./store";
import { attributes, bool, clientByNumber, ok, str, strArray, type ApiResult, type Body, type Ctx } from "./context";
import { RC, bearerChallenge, message, oauthErrorJson } from "./results";
import { filterClaimValues } from "./claims";
import { visibleProperties } from "./tokens";

type Lookup =
  | { state: "missing" }
  | { state: "unknown" }
  | { state: "expired"; rec: AccessTokenRecord }
  | { state: "valid"; rec: AccessTokenRecord };

function lookupAccessToken(ctx: Ctx, token: string | undefined): Lookup {
  if (token === undefined) return { state: "missing" };
  const rec = ctx.store.get("accessTokens", token);
  if (!rec) return { state: "unknown" };
  if (rec.expiresAt <= ctx.now()) return { state: "expired", rec };
  return { state: "valid", rec };
}

function clientIdentity(ctx: Ctx, rec: AccessTokenRecord): Body {
  const client = clientByNumber(ctx, rec.grant.clientNumber);
  return {
    clientId: client?.clientId,
    clientIdAlias: client?.clientIdAlias,
    clientIdAliasUsed: rec.grant.aliasUsed,
  };
}

/**
 * Shared checks of /auth/userinfo and /auth/userinfo/issue: token present (else BAD_REQUEST), known and
 * unexpired (UNAUTHORIZED), has `openid` (FORBIDDEN), is tied to a user (UNAUTHORIZED).
 */
function userinfoGate(ctx: Ctx, token: string | undefined, codes: { bad: string; unauthorized: string; forbidden: string }): { rec: AccessTokenRecord } | ApiResult {
  const l = lookupAccessToken(ctx, token);
  const deny = (action: string, code: string, error: string, text: string, scope?: string[]): ApiResult =>
    ok({ resultCode: code, resultMessage: message(code, text), action, responseContent: bearerChallenge(ctx.service, code, error, text, scope) });
  switch (l.state) {
    case "missing":
      return deny("BAD_REQUEST", codes.bad, "invalid_request", "The request does not contain an access token.");
    case "unknown":
      return deny("UNAUTHORIZED", codes.unauthorized, "invalid_token", "The access token does not exist.");
    case "expired":
      return deny("UNAUTHORIZED", codes.unauthorized, "invalid_token", "The access token has expired.");
    case "valid":
      break;
  }
  const rec = l.rec;
  if (!rec.grant.scopes.includes("openid")) {
    return deny("FORBIDDEN", codes.forbidden, "insufficient_scope", "The access token does not cover the openid scope.", ["openid"]);
  }
  if (rec.grant.subject === undefined) {
    return deny("UNAUTHORIZED", codes.unauthorized, "invalid_token", "The access token is not associated with any end-user.");
  }
  return { rec };
}

function isResult(x: { rec: AccessTokenRecord } | ApiResult): x is ApiResult {
  return "status" in x;
}

/** POST /auth/userinfo */
export function userinfo(ctx: Ctx, b: Body): ApiResult {
  const token = str(ctx, b, "token");
  const gate = userinfoGate(ctx, token, { bad: RC.userinfoBadRequest, unauthorized: RC.userinfoUnauthorized, forbidden: RC.userinfoForbidden });
  if (isResult(gate)) return gate;
  const { rec } = gate;
  const g = rec.grant;
  const client = clientByNumber(ctx, g.clientNumber);
  const body: Body = {
    resultCode: RC.userinfoOk,
    resultMessage: message(RC.userinfoOk, "The access token presented at the userinfo endpoint is valid."),
    action: "OK",
    // Names of the claims to return (scope shortcuts + the userinfo member of the claims request).
    claims: g.claimsAtUserInfo.length ? g.claimsAtUserInfo : undefined,
    ...clientIdentity(ctx, rec),
    scopes: g.scopes,
    subject: g.subject,
    token,
    // All properties, hidden ones included: the AS is the caller and may need them; only the client must
    // not see hidden ones (Authlete "Extra Properties").
    properties: g.properties.length ? g.properties : undefined,
    userInfoClaims: g.userInfoClaims,
    consentedClaims: g.consentedClaims,
    ...attributes(ctx, client),
  };
  return ok(body);
}

/** POST /auth/userinfo/issue: the userinfo response JSON, `sub` plus the requested claims only. */
export function userinfoIssue(ctx: Ctx, b: Body): ApiResult {
  const token = str(ctx, b, "token");
  const claimsJson = str(ctx, b, "claims");
  const sub = str(ctx, b, "sub");
  const gate = userinfoGate(ctx, token, { bad: RC.userinfoBadRequest, unauthorized: RC.userinfoUnauthorized, forbidden: RC.userinfoForbidden });
  if (isResult(gate)) return gate;
  const { rec } = gate;
  let values: Record<string, unknown> | undefined;
  if (claimsJson !== undefined) {
    try {
      const parsed: unknown = JSON.parse(claimsJson);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) values = parsed as Record<string, unknown>;
    } catch {
      values = undefined;
    }
    if (!values) {
      const text = "'claims' must be a JSON object (a string holding claim values).";
      return ok({
        resultCode: RC.userinfoIssueCallerError,
        resultMessage: message(RC.userinfoIssueCallerError, text),
        action: "INTERNAL_SERVER_ERROR",
        responseContent: bearerChallenge(ctx.service, RC.userinfoIssueCallerError, "server_error", text),
      });
    }
  }
  // OIDC Core §5.3.2: `sub` MUST be returned; the AS may override its value (e.g. pairwise) with `sub`.
  const out: Record<string, unknown> = { sub: sub ?? rec.grant.subject };
  Object.assign(out, filterClaimValues(values, rec.grant.claimsAtUserInfo));
  return ok({
    resultCode: RC.userinfoIssueOk,
    resultMessage: message(RC.userinfoIssueOk, "The userinfo response was generated successfully."),
    action: "JSON",
    responseContent: JSON.stringify(out),
  });
}

/** POST /auth/introspection: validate an access token presented to the service's own APIs. */
export function introspection(ctx: Ctx, b: Body): ApiResult {
  const token = str(ctx, b, "token");
  const requiredScopes = strArray(ctx, b, "scopes");
  const requiredSubject = str(ctx, b, "subject");
  const l = lookupAccessToken(ctx, token);
  const deny = (action: string, code: string, error: string, text: string, extra: Body, scope?: string[]): ApiResult =>
    ok({
      resultCode: code,
      resultMessage: message(code, text),
      action,
      responseContent: bearerChallenge(ctx.service, code, error, text, scope),
      ...extra,
    });
  if (l.state === "missing") {
    return deny("BAD_REQUEST", RC.introspectionBadRequest, "invalid_request", "The request does not contain an access token.", {});
  }
  if (l.state === "unknown") {
    return deny("UNAUTHORIZED", RC.introspectionUnauthorized, "invalid_token", "The access token does not exist.", {
      existent: false,
      usable: false,
      sufficient: false,
      refreshable: false,
    });
  }
  const rec = l.rec;
  const g = rec.grant;
  const client = clientByNumber(ctx, g.clientNumber);
  const refreshable = rec.refreshHash !== undefined && (ctx.store.getByHash("refreshTokens", rec.refreshHash)?.expiresAt ?? 0) > ctx.now();
  const details: Body = {
    ...clientIdentity(ctx, rec),
    subject: g.subject,
    scopes: g.scopes.length ? g.scopes : undefined,
    existent: true,
    usable: l.state === "valid",
    refreshable,
    expiresAt: rec.expiresAt,
    properties: g.properties.length ? g.properties : undefined,
    resources: g.resources,
    accessTokenResources: g.resources,
    consentedClaims: g.consentedClaims,
    grantType: g.grantType,
    acr: g.acr,
    authTime: g.authTime,
    ...attributes(ctx, client),
  };
  if (l.state === "expired") {
    return deny("UNAUTHORIZED", RC.introspectionUnauthorized, "invalid_token", "The access token has expired.", { ...details, sufficient: false });
  }
  const missing = (requiredScopes ?? []).filter((s) => !g.scopes.includes(s));
  if (missing.length) {
    return deny(
      "FORBIDDEN",
      RC.introspectionForbidden,
      "insufficient_scope",
      `The access token does not cover the required scope '${missing[0]}'.`,
      { ...details, sufficient: false },
      requiredScopes,
    );
  }
  if (requiredSubject !== undefined && requiredSubject !== g.subject) {
    return deny("FORBIDDEN", RC.introspectionForbidden, "invalid_request", "The access token was not issued for the required subject.", {
      ...details,
      sufficient: true,
    });
  }
  // Authlete puts `Bearer error="invalid_request"` into responseContent even for OK (OpenAPI example).
  return ok({
    resultCode: RC.introspectionOk,
    resultMessage: message(RC.introspectionOk, "The access token is valid."),
    action: "OK",
    responseContent: 'Bearer error="invalid_request"',
    ...details,
    sufficient: true,
  });
}

/** POST /auth/introspection/standard (RFC 7662 §2.2). The AS must authenticate the caller itself. */
export function standardIntrospection(ctx: Ctx, b: Body): ApiResult {
  const parameters = str(ctx, b, "parameters");
  const withHidden = bool(ctx, b, "withHiddenProperties");
  const badRequest = (text: string): ApiResult =>
    ok({
      resultCode: RC.stdIntrospectionBadRequest,
      resultMessage: message(RC.stdIntrospectionBadRequest, text),
      action: "BAD_REQUEST",
      responseContent: oauthErrorJson(ctx.service, RC.stdIntrospectionBadRequest, "invalid_request", text),
    });
  if (parameters === undefined) return badRequest("The introspection request does not contain 'parameters'.");
  const params = new URLSearchParams(parameters);
  const tok = params.get("token") || undefined;
  if (tok === undefined) return badRequest("The introspection request does not contain token.");
  const h = hashSecret(tok);
  const preferRefresh = params.get("token_type_hint") === "refresh_token";
  const access = ctx.store.getByHash("accessTokens", h);
  const refresh = ctx.store.getByHash("refreshTokens", h);
  let rec: AccessTokenRecord | RefreshTokenRecord | undefined;
  let type: "access_token" | "refresh_token" | "unknown" = "unknown";
  if (preferRefresh ? refresh : !access && refresh) {
    rec = refresh;
    type = "refresh_token";
  } else if (access) {
    rec = access;
    type = "access_token";
  }
  const now = ctx.now();
  let content: Record<string, unknown>;
  if (!rec || rec.expiresAt <= now) {
    // RFC 7662 §2.2: nothing but `active` for a token that is not active.
    content = { active: false };
  } else {
    const g = rec.grant;
    content = { active: true };
    if (g.scopes.length) content.scope = g.scopes.join(" ");
    content.client_id = g.clientIdUsed;
    if (type === "access_token") content.token_type = "Bearer";
    content.exp = Math.floor(rec.expiresAt / 1000);
    content.iat = Math.floor(rec.createdAt / 1000);
    if (g.subject !== undefined) content.sub = g.subject;
    content.iss = ctx.service.issuer;
    if (g.resources?.length) content.aud = g.resources;
    const props = withHidden ? g.properties : visibleProperties(g.properties);
    for (const p of props) if (!(p.key in content)) content[p.key] = p.value;
  }
  const active = content.active === true;
  return ok({
    resultCode: RC.stdIntrospectionOk,
    resultMessage: message(RC.stdIntrospectionOk, `Introspection was performed successfully (type=${active ? type : "unknown"}, active=${active}).`),
    action: "OK",
    responseContent: JSON.stringify(content),
  });
}
