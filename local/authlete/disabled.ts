// The APIs of features the demo service has turned off — OpenID Federation, dynamic client registration, the
// device flow, CIBA, grant management, ID-token reissue, Native SSO, verifiable credentials and HSM keys — and
// what Authlete answers for each when the feature is disabled. A documented path never answers a bare 404.
//
// Where the answer comes from (authlete-java-common 439ee13 `*Response.Action` Javadoc, the 3.0.16 document):
// - Documented "feature disabled" actions: /federation/configuration and /federation/registration → NOT_FOUND
//   ("OpenID Federation 1.0 is not enabled in this service", FederationConfigurationResponse /
//   FederationRegistrationResponse); /vci/metadata, /vci/jwtissuer, /vci/jwks → NOT_FOUND and every other /vci/*
//   → FORBIDDEN ("The feature of Verifiable Credentials is not enabled in the service configuration",
//   CredentialIssuerMetadataResponse, CredentialSingleParseResponse, CredentialOfferCreateResponse, …).
// - Nothing to find, because the feature never issued anything: /device/verification → NOT_EXIST,
//   /device/complete → USER_CODE_NOT_EXIST, /backchannel/authentication/issue → INVALID_TICKET,
//   /backchannel/authentication/fail → INTERNAL_SERVER_ERROR (the Javadoc's "request parameters of the API
//   call were wrong"), /backchannel/authentication/complete → SERVER_ERROR ("the ticket … was invalid"),
//   /gm → UNAUTHORIZED for an unusable access token, else NOT_FOUND ("The grant ID was not found").
// - Calls that only follow a feature's own step: /idtoken/reissue (after ID_TOKEN_REISSUABLE, which needs
//   `idTokenReissuable`) and /nativesso (after NATIVE_SSO) → CALLER_ERROR; /nativesso/logout → OK with
//   `count: 0` (no token belongs to a Native SSO session) or CALLER_ERROR without `sessionId`.
// - Client requests to a disabled endpoint, where Authlete documents no dedicated answer (the stand-in's
//   choice, after client authentication as the live API does it): /device/authorization and
//   /backchannel/authentication → BAD_REQUEST `unauthorized_client` (RFC 6749 §5.2, RFC 8628 §3.2, CIBA §13),
//   or UNAUTHORIZED when the client fails to authenticate; /client/registration* → BAD_REQUEST
//   `invalid_request`.
// - HSM keys (/hsk/*): the document labels them "Dedicated Cloud Required"; like the granted-scopes APIs on
//   the shared server ("disabled intentionally … return 403 Forbidden", /auth/authorization [5] SCOPES), they
//   answer 403.
// Token exchange and the JWT bearer grant are refused at /auth/token (`unsupported_grant_type`, token.ts).
import { enumValue, ok, str, type ApiResult, type Body, type Ctx, type Handler } from "./context";
import { ApiError, RC, bearerChallenge, message, oauthErrorJson } from "./results";
import { authenticateClient, isFailure } from "./clientauth";

function action(code: string, text: string, act: string, extra: Body = {}): ApiResult {
  return ok({ resultCode: code, resultMessage: message(code, text), action: act, ...extra });
}

function jsonError(ctx: Ctx, code: string, error: string, text: string): string {
  return oauthErrorJson(ctx.service, code, error, text);
}

const FEDERATION_OFF = "OpenID Federation 1.0 is not enabled in this service.";

/** POST /federation/configuration and /federation/registration. */
export const federationDisabled: Handler = (ctx) =>
  action(RC.federationDisabled, FEDERATION_OFF, "NOT_FOUND", { responseContent: jsonError(ctx, RC.federationDisabled, "not_found", FEDERATION_OFF) });

const REGISTRATION_OFF = "Dynamic client registration is not supported by this service (dynamicRegistrationSupported is off).";

/** POST /client/registration, /client/registration/get, /update, /delete. */
export const registrationDisabled: Handler = (ctx) =>
  action(RC.registrationDisabled, REGISTRATION_OFF, "BAD_REQUEST", {
    responseContent: jsonError(ctx, RC.registrationDisabled, "invalid_request", REGISTRATION_OFF),
  });

/**
 * A client request to the endpoint of a disabled grant (device authorization, backchannel authentication):
 * the client is authenticated first (clientauth.ts, as at the token endpoint), then refused.
 */
function clientRequestToDisabledGrant(feature: string, codes: { refused: string; unauthorized: string }): Handler {
  return (ctx, b) => {
    const parameters = str(ctx, b, "parameters");
    if (parameters === undefined) {
      const text = "The request does not contain 'parameters'.";
      return action(codes.refused, text, "BAD_REQUEST", { responseContent: jsonError(ctx, codes.refused, "invalid_request", text) });
    }
    const auth = authenticateClient(ctx, b, new URLSearchParams(parameters));
    if (isFailure(auth)) {
      if (auth.error === "invalid_request") {
        return action(codes.refused, auth.text, "BAD_REQUEST", { responseContent: jsonError(ctx, codes.refused, "invalid_request", auth.text) });
      }
      return action(codes.unauthorized, auth.text, "UNAUTHORIZED", { responseContent: jsonError(ctx, codes.unauthorized, "invalid_client", auth.text) });
    }
    const text = `The service does not support ${feature}.`;
    return action(codes.refused, text, "BAD_REQUEST", {
      responseContent: jsonError(ctx, codes.refused, "unauthorized_client", text),
      clientId: auth.client.clientId,
      clientIdAlias: auth.client.clientIdAlias,
      clientIdAliasUsed: auth.aliasUsed,
      clientName: auth.client.clientName,
    });
  };
}

/** POST /device/authorization (RFC 8628 §3.1). */
export const deviceAuthorizationDisabled = clientRequestToDisabledGrant("the device authorization grant (RFC 8628)", {
  refused: RC.deviceFlowDisabled,
  unauthorized: RC.deviceClientInvalid,
});

/** POST /device/verification: no user code was ever issued. */
export const deviceVerificationDisabled: Handler = () =>
  action(RC.userCodeNotExist, "The user code does not exist (the device flow is disabled).", "NOT_EXIST");

/** POST /device/complete. */
export const deviceCompleteDisabled: Handler = (ctx, b) => {
  if (str(ctx, b, "userCode") === undefined) return action(RC.deviceCompleteCallerError, "The request does not contain 'userCode'.", "INVALID_REQUEST");
  return action(RC.deviceCompleteNotExist, "The user code does not exist (the device flow is disabled).", "USER_CODE_NOT_EXIST");
};

/** POST /backchannel/authentication (CIBA Core §7.1). */
export const backchannelAuthenticationDisabled = clientRequestToDisabledGrant("client-initiated backchannel authentication (CIBA)", {
  refused: RC.cibaDisabled,
  unauthorized: RC.cibaClientInvalid,
});

const NO_CIBA_TICKET = "The ticket does not exist (CIBA is disabled, so none was issued).";

/** POST /backchannel/authentication/issue. */
export const backchannelIssueDisabled: Handler = () => action(RC.cibaTicketInvalid, NO_CIBA_TICKET, "INVALID_TICKET");

/** POST /backchannel/authentication/fail. */
export const backchannelFailDisabled: Handler = (ctx) =>
  action(RC.cibaFailTicketInvalid, NO_CIBA_TICKET, "INTERNAL_SERVER_ERROR", {
    responseContent: jsonError(ctx, RC.cibaFailTicketInvalid, "server_error", NO_CIBA_TICKET),
  });

/** POST /backchannel/authentication/complete. */
export const backchannelCompleteDisabled: Handler = () => action(RC.cibaCompleteTicketInvalid, NO_CIBA_TICKET, "SERVER_ERROR");

/**
 * POST /gm (FAPI Grant Management): `gmAction` is required (CALLER_ERROR); an access token that does not
 * exist or has expired → UNAUTHORIZED with a `WWW-Authenticate` value; otherwise the grant ID cannot exist,
 * since no grant was ever created (`grantManagementEndpoint` is not set) → NOT_FOUND.
 */
export const grantManagementDisabled: Handler = (ctx, b) => {
  const gmAction = enumValue(ctx, b, "gmAction", ["QUERY", "REVOKE"] as const);
  if (gmAction === undefined) return action(RC.gmCallerError, "The request does not contain 'gmAction'.", "CALLER_ERROR");
  const token = str(ctx, b, "accessToken");
  const rec = token === undefined ? undefined : ctx.store.get("accessTokens", token);
  if (!rec || rec.expiresAt <= ctx.now()) {
    const text = token === undefined ? "The request does not contain an access token." : "The access token does not exist or has expired.";
    return action(RC.gmUnauthorized, text, "UNAUTHORIZED", { responseContent: bearerChallenge(ctx.service, RC.gmUnauthorized, "invalid_token", text) });
  }
  return action(RC.gmNotFound, "The grant ID was not found (grant management is disabled).", "NOT_FOUND");
};

/** POST /idtoken/reissue: only after ID_TOKEN_REISSUABLE, which this service never answers. */
export const idTokenReissueDisabled: Handler = (ctx) => {
  const text = "ID tokens are not reissued: the service's idTokenReissuable is off, so /auth/token never returned ID_TOKEN_REISSUABLE.";
  return action(RC.idTokenReissueCallerError, text, "CALLER_ERROR", { responseContent: jsonError(ctx, RC.idTokenReissueCallerError, "server_error", text) });
};

/** POST /nativesso: only after NATIVE_SSO, which this service never answers. */
export const nativeSsoDisabled: Handler = (ctx) => {
  const text = "Native SSO is not supported by this service (nativeSsoSupported is off).";
  return action(RC.nativeSsoCallerError, text, "CALLER_ERROR", { responseContent: jsonError(ctx, RC.nativeSsoCallerError, "server_error", text) });
};

/** POST /nativesso/logout `{sessionId}`: deletes the tokens of a Native SSO session — there are none. */
export const nativeSsoLogoutDisabled: Handler = (ctx, b) => {
  if (str(ctx, b, "sessionId") === undefined) return action(RC.nativeSsoLogoutCallerError, "The request does not contain 'sessionId'.", "CALLER_ERROR");
  return action(RC.nativeSsoLogoutOk, "Deleted 0 token(s) of the session (Native SSO is disabled).", "OK", { count: 0 });
};

const VCI_OFF = "The feature of Verifiable Credentials is not enabled in the service configuration.";

/** POST /vci/metadata, /vci/jwtissuer, /vci/jwks: the endpoint should answer 404. */
export const vciNotFound: Handler = (ctx) =>
  action(RC.vciNotFound, VCI_OFF, "NOT_FOUND", { responseContent: jsonError(ctx, RC.vciNotFound, "not_found", VCI_OFF) });

/** POST /vci/offer/create, /vci/offer/info (their responses have no `responseContent`). */
export const vciForbidden: Handler = () => action(RC.vciForbidden, VCI_OFF, "FORBIDDEN");

/** POST /vci/{single,batch,deferred}/{parse,issue}. */
export const vciForbiddenWithContent: Handler = (ctx) =>
  action(RC.vciForbidden, VCI_OFF, "FORBIDDEN", { responseContent: jsonError(ctx, RC.vciForbidden, "access_denied", VCI_OFF) });

/** /hsk/* (see the header comment). */
export const hskUnavailable: Handler = () => {
  throw new ApiError(403, RC.dedicatedOnly, "HSM-backed keys need a dedicated Authlete server with an HSM (hsmEnabled); this service has none.");
};
