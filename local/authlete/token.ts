// /auth/token, /auth/token/issue, /auth/token/fail and /auth/revocation: the token endpoint (RFC 6749 §3.2,
// §4.1.3, §4.3, §4.4, §6; RFC 7636 §4.5–4.6) and token revocation (RFC 7009).
import { createHash } from "node:crypto";
import type { GrantType } from "./seed";
import type { GrantInfo, Property } from "./store";
import { hashSecret, randomToken } from "./store";
import { clientByNumber, enumValue, int, ok, properties, str, v3Only, type ApiResult, type Body, type Ctx } from "./context";
import { RC, message, oauthErrorJson } from "./results";
import { authenticateClient, isFailure, type AuthenticatedClient } from "./clientauth";
import { dedupe, shortcutClaims } from "./claims";
import {
  buildIdToken,
  mintTokens,
  revokeByOrigin,
  revokePairByAccessHash,
  revokePairByRefreshHash,
  tokenApiFields,
  tokenResponseContent,
} from "./tokens";

/** grant_type values of RFC 6749 and its extensions; the last four are known but not offered here. */
const GRANT_TYPES: Record<string, GrantType | "UNSUPPORTED"> = {
  authorization_code: "AUTHORIZATION_CODE",
  refresh_token: "REFRESH_TOKEN",
  client_credentials: "CLIENT_CREDENTIALS",
  password: "PASSWORD",
  "urn:ietf:params:oauth:grant-type:device_code": "UNSUPPORTED",
  "urn:openid:params:grant-type:ciba": "UNSUPPORTED",
  "urn:ietf:params:oauth:grant-type:token-exchange": "UNSUPPORTED",
  "urn:ietf:params:oauth:grant-type:jwt-bearer": "UNSUPPORTED",
};

function tokenError(ctx: Ctx, action: "BAD_REQUEST" | "INVALID_CLIENT" | "INTERNAL_SERVER_ERROR", code: string, error: string, text: string): ApiResult {
  return ok({ resultCode: code, resultMessage: message(code, text), action, responseContent: oauthErrorJson(ctx.service, code, error, text) });
}

function badRequest(ctx: Ctx, error: string, text: string): ApiResult {
  return tokenError(ctx, "BAD_REQUEST", RC.tokenBadRequest, error, text);
}

/** Request `properties` are merged into the grant's (same key: the request wins). Authlete §3.6. */
function mergeProperties(base: readonly Property[], extra: readonly Property[] | undefined): Property[] {
  if (!extra?.length) return [...base];
  const keys = new Set(extra.map((p) => p.key));
  return [...base.filter((p) => !keys.has(p.key)), ...extra];
}

function clientFields(ctx: Ctx, auth: AuthenticatedClient, grantType: GrantType): Body {
  return v3Only(
    ctx,
    {
      grantType,
      clientId: auth.client.clientId,
      clientIdAlias: auth.client.clientIdAlias,
      clientIdAliasUsed: auth.aliasUsed,
      clientAuthMethod: auth.method,
    },
    ["clientAuthMethod"],
  );
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** POST /auth/token */
export async function token(ctx: Ctx, b: Body): Promise<ApiResult> {
  const parameters = str(ctx, b, "parameters");
  if (parameters === undefined) return badRequest(ctx, "invalid_request", "The token request does not contain 'parameters'.");
  const params = new URLSearchParams(parameters);
  const seen = new Set<string>();
  for (const k of params.keys()) {
    // RFC 6749 §3.2: "Request and response parameters MUST NOT be included more than once."
    if (seen.has(k)) return badRequest(ctx, "invalid_request", `The token request contains '${k}' more than once.`);
    seen.add(k);
  }
  const gtParam = params.get("grant_type") || undefined;
  if (gtParam === undefined) return badRequest(ctx, "invalid_request", "The token request does not contain grant_type.");
  const grantType = GRANT_TYPES[gtParam];
  if (grantType === undefined || grantType === "UNSUPPORTED" || !ctx.service.supportedGrantTypes.includes(grantType)) {
    return badRequest(ctx, "unsupported_grant_type", `The grant type '${gtParam}' is not supported.`);
  }
  const auth = authenticateClient(ctx, b, params);
  if (isFailure(auth)) {
    if (auth.error === "invalid_request") return badRequest(ctx, "invalid_request", auth.text);
    return tokenError(ctx, "INVALID_CLIENT", RC.tokenInvalidClient, "invalid_client", auth.text);
  }
  if (!auth.client.grantTypes.includes(grantType)) {
    return badRequest(ctx, "unauthorized_client", `The client is not allowed to use the grant type '${gtParam}'.`);
  }
  const reqProps = properties(ctx, b, "properties");
  const accessTokenDuration = int(ctx, b, "accessTokenDuration");
  const refreshTokenDuration = int(ctx, b, "refreshTokenDuration");
  const accessTokenValue = str(ctx, b, "accessToken");
  const withRefresh = auth.client.grantTypes.includes("REFRESH_TOKEN");

  switch (grantType) {
    case "AUTHORIZATION_CODE": {
      const code = params.get("code") || undefined;
      if (code === undefined) return badRequest(ctx, "invalid_request", "The token request does not contain code.");
      const codeHash = hashSecret(code);
      const rec = ctx.store.getByHash("codes", codeHash);
      if (!rec || rec.expiresAt <= ctx.now()) {
        return badRequest(ctx, "invalid_grant", "The authorization code is invalid or has expired.");
      }
      if (rec.grant.clientNumber !== auth.client.number) {
        return badRequest(ctx, "invalid_grant", "The authorization code was not issued to this client.");
      }
      if (rec.used) {
        // RFC 6749 §4.1.2 / §10.5: a reused code is refused and the tokens issued from it are revoked.
        revokeByOrigin(ctx, codeHash);
        return badRequest(ctx, "invalid_grant", "The authorization code has already been used; the tokens issued from it have been revoked.");
      }
      const redirectUri = params.get("redirect_uri") || undefined;
      if (rec.redirectUri !== undefined) {
        // RFC 6749 §4.1.3: required and identical when the authorization request carried it.
        if (redirectUri === undefined) return badRequest(ctx, "invalid_request", "The token request does not contain redirect_uri.");
        if (redirectUri !== rec.redirectUri) {
          return badRequest(ctx, "invalid_grant", "redirect_uri does not match the one in the authorization request.");
        }
      }
      const verifier = params.get("code_verifier") || undefined;
      if (rec.codeChallenge !== undefined) {
        if (verifier === undefined) return badRequest(ctx, "invalid_grant", "The token request does not contain code_verifier (PKCE).");
        if (!VERIFIER.test(verifier)) {
          return badRequest(ctx, "invalid_request", "code_verifier must be 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.1).");
        }
        const computed =
          rec.codeChallengeMethod === "S256" ? createHash("sha256").update(verifier, "ascii").digest("base64url") : verifier;
        if (computed !== rec.codeChallenge) return badRequest(ctx, "invalid_grant", "code_verifier does not match code_challenge (RFC 7636 §4.6).");
      } else if (verifier !== undefined) {
        // PKCE downgrade protection (RFC 9700 §2.1.1): no challenge was sent, so no verifier is acceptable.
        return badRequest(ctx, "invalid_grant", "code_verifier was sent but the authorization request had no code_challenge.");
      }
      rec.used = true;
      ctx.store.touch("codes", codeHash);
      const grant: GrantInfo = { ...rec.grant, properties: mergeProperties(rec.grant.properties, reqProps), origin: codeHash, clientAuthMethod: auth.method };
      const client = clientByNumber(ctx, grant.clientNumber) ?? auth.client;
      const minted = mintTokens(ctx, grant, {
        withRefresh,
        accessTokenDuration: accessTokenDuration ?? rec.accessTokenDuration,
        refreshTokenDuration,
        accessTokenValue,
      });
      let idToken: string | undefined;
      if (rec.openid && grant.subject !== undefined) {
        idToken = await buildIdToken(ctx, {
          client,
          clientIdUsed: grant.clientIdUsed,
          subject: grant.subject,
          sub: rec.sub,
          authTime: grant.authTime,
          nonce: rec.nonce,
          acr: grant.acr,
          state: rec.state,
          sessionId: rec.sessionId,
          claims: rec.claimValues ?? {},
          audType: rec.idTokenAudType,
        });
      }
      return ok({
        resultCode: RC.tokenCodeOk,
        resultMessage: message(RC.tokenCodeOk, "The token request (grant_type=authorization_code) was processed successfully."),
        action: "OK",
        responseContent: tokenResponseContent(minted, grant.scopes, idToken, grant.properties),
        ...clientFields(ctx, auth, "AUTHORIZATION_CODE"),
        ...tokenApiFields(ctx, minted, grant, client, { idToken, refreshTokenScopes: grant.scopes }),
      });
    }

    case "REFRESH_TOKEN": {
      const rt = params.get("refresh_token") || undefined;
      if (rt === undefined) return badRequest(ctx, "invalid_request", "The token request does not contain refresh_token.");
      const rtHash = hashSecret(rt);
      const rec = ctx.store.getByHash("refreshTokens", rtHash);
      if (!rec || rec.expiresAt <= ctx.now()) return badRequest(ctx, "invalid_grant", "The refresh token is invalid or has expired.");
      if (rec.grant.clientNumber !== auth.client.number) {
        return badRequest(ctx, "invalid_grant", "The refresh token was not issued to this client.");
      }
      let scopes = rec.grant.scopes;
      const scopeParam = params.get("scope") || undefined;
      if (scopeParam !== undefined) {
        // RFC 6749 §6: the requested scope must not include any scope not originally granted.
        const requested = dedupe(scopeParam.split(" ").filter(Boolean));
        const extra = requested.filter((s) => !rec.grant.scopes.includes(s));
        if (extra.length) return badRequest(ctx, "invalid_scope", `The scope '${extra[0]}' was not granted originally.`);
        scopes = requested.sort();
      }
      const grant: GrantInfo = { ...rec.grant, scopes, properties: mergeProperties(rec.grant.properties, reqProps), clientAuthMethod: auth.method };
      const client = clientByNumber(ctx, grant.clientNumber) ?? auth.client;
      // Rotation (service refreshTokenKept=false): the used refresh token and its access token end here.
      revokePairByRefreshHash(ctx, rtHash);
      const minted = mintTokens(ctx, grant, {
        withRefresh: true,
        accessTokenDuration,
        refreshTokenDuration,
        refreshScopes: rec.grant.scopes,
        accessTokenValue,
      });
      // No new ID token: the service does not set idTokenReissuable (that would be action ID_TOKEN_REISSUABLE).
      return ok({
        resultCode: RC.tokenRefreshOk,
        resultMessage: message(RC.tokenRefreshOk, "The token request (grant_type=refresh_token) was processed successfully."),
        action: "OK",
        responseContent: tokenResponseContent(minted, grant.scopes, undefined, grant.properties),
        ...clientFields(ctx, auth, "REFRESH_TOKEN"),
        ...tokenApiFields(ctx, minted, grant, client, { refreshTokenScopes: rec.grant.scopes }),
      });
    }

    case "CLIENT_CREDENTIALS": {
      if (auth.client.clientType !== "CONFIDENTIAL") {
        // RFC 6749 §4.4: "The client credentials grant type MUST only be used by confidential clients."
        return badRequest(ctx, "unauthorized_client", "Only confidential clients may use the client credentials grant.");
      }
      const scopes = pickScopes(ctx, params.get("scope") || undefined).filter((s) => s !== "openid" && s !== "offline_access");
      const grant: GrantInfo = {
        clientNumber: auth.client.number,
        clientIdUsed: auth.clientIdUsed,
        aliasUsed: auth.aliasUsed,
        scopes,
        properties: reqProps ?? [],
        claimsAtUserInfo: [],
        grantType: "CLIENT_CREDENTIALS",
        clientAuthMethod: auth.method,
      };
      // RFC 6749 §4.4.3: "A refresh token SHOULD NOT be included."
      const minted = mintTokens(ctx, grant, { withRefresh: false, accessTokenDuration, accessTokenValue });
      return ok({
        resultCode: RC.tokenClientCredentialsOk,
        resultMessage: message(RC.tokenClientCredentialsOk, "The token request (grant_type=client_credentials) was processed successfully."),
        action: "OK",
        responseContent: tokenResponseContent(minted, grant.scopes, undefined, grant.properties),
        ...clientFields(ctx, auth, "CLIENT_CREDENTIALS"),
        ...tokenApiFields(ctx, minted, grant, auth.client, {}),
      });
    }

    case "PASSWORD": {
      const username = params.get("username") || undefined;
      const password = params.get("password") || undefined;
      if (username === undefined || password === undefined) {
        return badRequest(ctx, "invalid_request", "The token request (grant_type=password) must contain username and password.");
      }
      const scopes = pickScopes(ctx, params.get("scope") || undefined);
      const openid = scopes.includes("openid");
      const grant: GrantInfo = {
        clientNumber: auth.client.number,
        clientIdUsed: auth.clientIdUsed,
        aliasUsed: auth.aliasUsed,
        scopes,
        properties: [],
        claimsAtUserInfo: openid ? shortcutClaims(scopes, ctx.service.supportedClaims) : [],
        grantType: "PASSWORD",
        clientAuthMethod: auth.method,
      };
      const ticket = randomToken();
      ctx.store.put("passwordTickets", ticket, { expiresAt: ctx.now() + ctx.durations.passwordTicket * 1000, grant });
      // The AS validates the credentials itself and then calls /auth/token/issue or /auth/token/fail.
      return ok({
        resultCode: RC.tokenPasswordAction,
        resultMessage: message(
          RC.tokenPasswordAction,
          "The token request (grant_type=password) requires the service to validate the credentials of the resource owner.",
        ),
        action: "PASSWORD",
        username,
        password,
        ticket,
        ...clientFields(ctx, auth, "PASSWORD"),
        scopes: scopes.length ? scopes : undefined,
      });
    }
  }
}

/** Requested scopes filtered to the supported ones; the service defaults when `scope` is absent. */
function pickScopes(ctx: Ctx, scopeParam: string | undefined): string[] {
  const supported = ctx.service.supportedScopes.map((s) => s.name);
  // Sorted, as Authlete returns scopes (see authorization.ts).
  if (scopeParam === undefined) return ctx.service.supportedScopes.filter((s) => s.defaultEntry).map((s) => s.name).sort();
  return dedupe(scopeParam.split(" ").filter((s) => s && supported.includes(s))).sort();
}

/** POST /auth/token/issue: the AS accepted the resource owner's credentials (password grant). */
export function tokenIssue(ctx: Ctx, b: Body): ApiResult {
  const ticket = str(ctx, b, "ticket");
  const subject = str(ctx, b, "subject");
  const props = properties(ctx, b, "properties") ?? [];
  const accessTokenDuration = int(ctx, b, "accessTokenDuration");
  const refreshTokenDuration = int(ctx, b, "refreshTokenDuration");
  const accessTokenValue = str(ctx, b, "accessToken");
  const ise = (code: string, text: string): ApiResult =>
    ok({ resultCode: code, resultMessage: message(code, text), action: "INTERNAL_SERVER_ERROR", responseContent: oauthErrorJson(ctx.service, code, "server_error", text) });
  if (ticket === undefined) return ise(RC.tokenIssueCallerError, "The request does not contain 'ticket'.");
  if (subject === undefined) return ise(RC.tokenIssueCallerError, "The request does not contain 'subject'.");
  if (!/^[\x21-\x7e]{1,100}$/.test(subject)) {
    return ise(RC.tokenIssueCallerError, "'subject' must consist of printable ASCII characters and be at most 100 characters long.");
  }
  const rec = ctx.store.get("passwordTickets", ticket);
  if (!rec || rec.expiresAt <= ctx.now()) return ise(RC.tokenIssueTicketInvalid, "The ticket is invalid or has expired.");
  ctx.store.delete("passwordTickets", ticket);
  const client = clientByNumber(ctx, rec.grant.clientNumber);
  if (!client) return ise(RC.tokenIssueTicketInvalid, "The client of the ticket no longer exists.");
  const grant: GrantInfo = { ...rec.grant, subject, properties: props };
  const minted = mintTokens(ctx, grant, {
    withRefresh: client.grantTypes.includes("REFRESH_TOKEN"),
    accessTokenDuration,
    refreshTokenDuration,
    accessTokenValue,
  });
  return ok({
    resultCode: RC.tokenIssueOk,
    resultMessage: message(RC.tokenIssueOk, "The token request (grant_type=password) was processed successfully."),
    action: "OK",
    responseContent: tokenResponseContent(minted, grant.scopes, undefined, grant.properties),
    ...tokenApiFields(ctx, minted, grant, client, { refreshTokenScopes: grant.scopes }),
  });
}

const TOKEN_FAIL: Record<string, { code: string; error: string; text: string; action: "BAD_REQUEST" | "INTERNAL_SERVER_ERROR" }> = {
  // Authlete answers invalid_request here, not invalid_grant (Javadoc of TokenFailRequest.Reason; reference §3.7).
  INVALID_RESOURCE_OWNER_CREDENTIALS: {
    code: RC.tokenFailInvalidCredentials,
    error: "invalid_request",
    text: "The credentials (username & password) passed to the token endpoint are invalid.",
    action: "BAD_REQUEST",
  },
  INVALID_TARGET: { code: RC.tokenFailInvalidTarget, error: "invalid_target", text: "The requested resource is invalid.", action: "BAD_REQUEST" },
  UNKNOWN: { code: RC.tokenFailUnknown, error: "server_error", text: "The token request failed for an unknown reason.", action: "INTERNAL_SERVER_ERROR" },
};

/** POST /auth/token/fail: the AS refused the resource owner's credentials (password grant). */
export function tokenFail(ctx: Ctx, b: Body): ApiResult {
  const ticket = str(ctx, b, "ticket");
  const reason = enumValue(ctx, b, "reason", Object.keys(TOKEN_FAIL));
  const ise = (code: string, text: string): ApiResult =>
    ok({ resultCode: code, resultMessage: message(code, text), action: "INTERNAL_SERVER_ERROR", responseContent: oauthErrorJson(ctx.service, code, "server_error", text) });
  if (ticket === undefined || reason === undefined) return ise(RC.tokenFailTicketInvalid, "The request must contain 'ticket' and 'reason'.");
  const rec = ctx.store.get("passwordTickets", ticket);
  if (!rec || rec.expiresAt <= ctx.now()) return ise(RC.tokenFailTicketInvalid, "The ticket is invalid or has expired.");
  ctx.store.delete("passwordTickets", ticket);
  const f = TOKEN_FAIL[reason] as (typeof TOKEN_FAIL)[string];
  return ok({
    resultCode: f.code,
    resultMessage: message(f.code, f.text),
    action: f.action,
    responseContent: oauthErrorJson(ctx.service, f.code, f.error, f.text),
  });
}

/** POST /auth/revocation (RFC 7009). */
export function revocation(ctx: Ctx, b: Body): ApiResult {
  const parameters = str(ctx, b, "parameters");
  const bad = (error: string, text: string): ApiResult => tokenError(ctx, "BAD_REQUEST", RC.revokeBadRequest, error, text);
  if (parameters === undefined) return bad("invalid_request", "The revocation request does not contain 'parameters'.");
  const params = new URLSearchParams(parameters);
  const auth = authenticateClient(ctx, b, params);
  if (isFailure(auth)) {
    if (auth.error === "invalid_request") return bad("invalid_request", auth.text);
    return tokenError(ctx, "INVALID_CLIENT", RC.revokeInvalidClient, "invalid_client", auth.text);
  }
  const tok = params.get("token") || undefined;
  if (tok === undefined) return bad("invalid_request", "The revocation request does not contain token.");
  const h = hashSecret(tok);
  // token_type_hint only orders the lookup (RFC 7009 §2.1); both kinds are searched.
  const preferRefresh = params.get("token_type_hint") === "refresh_token";
  const access = ctx.store.getByHash("accessTokens", h);
  const refresh = ctx.store.getByHash("refreshTokens", h);
  const found = preferRefresh ? (refresh ? "refresh" : access ? "access" : undefined) : access ? "access" : refresh ? "refresh" : undefined;
  if (found === undefined) {
    // RFC 7009 §2.2: invalid tokens do not cause an error response.
    return ok({ resultCode: RC.revokeNothing, resultMessage: message(RC.revokeNothing, "The token does not exist; nothing was revoked."), action: "OK" });
  }
  const owner = found === "access" ? access?.grant.clientNumber : refresh?.grant.clientNumber;
  if (owner !== auth.client.number) {
    // RFC 7009 §2.1: the AS verifies that the token was issued to the client and refuses otherwise.
    return bad("invalid_grant", "The token was not issued to this client.");
  }
  // Authlete keeps an access token and its refresh token as one record: both end (RFC 7009 §2.1 allows it).
  if (found === "access") revokePairByAccessHash(ctx, h);
  else revokePairByRefreshHash(ctx, h);
  return ok({ resultCode: RC.revoked, resultMessage: message(RC.revoked, "The token has been revoked successfully."), action: "OK" });
}
