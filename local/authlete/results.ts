// Result codes, result messages and the error formats Authlete uses.
//
// Every Authlete response carries `resultCode` ("A" + 6 digits) and `resultMessage` ("[Axxxxxx] …").
// Codes marked REF are the ones documented in our Authlete API notes §1 (taken from the
// OpenAPI examples and Authlete's libraries). All other codes are the stand-in's own choice, picked in the
// same ranges (A001xxx = the API call itself, A004xxx = /auth/authorization, A040xxx = issue, …) because
// Authlete does not publish its full catalogue. Clients must never branch on result codes (Authlete's own
// libraries don't); they branch on HTTP status and `action`.
import type { ServiceSettings } from "./seed";

export const RC = {
  // --- the API call itself (non-2xx answers, body = {resultCode, resultMessage}) ---
  serverError: "A001101", // REF: 500 "Authlete Server error."
  authHeaderMissing: "A001202", // REF: 401 "Authorization header is missing."
  authHeaderWrongScheme: "A001203", // 401: Basic on a V3 path or Bearer on a V2 path
  badCredentials: "A001204", // 401: unknown service API key/secret or service access token
  serviceMismatch: "A001205", // 403: a valid service access token used with another service ID
  notFound: "A001206", // 404: no such API
  methodNotAllowed: "A001207", // 405
  malformedBody: "A001208", // 400: body is not JSON / form data, or not an object
  badFieldType: "A001209", // 400: a request field has the wrong type or an unknown enum value
  bodyTooLarge: "A001210", // 413
  badPatch: "A001211", // 400: /service/configuration `patch` is not a valid JSON Patch (RFC 6902)
  clientNotFound: "A001212", // 404: /client/get/{clientId} and the other client-scoped APIs
  permissionDenied: "A001213", // 403: an API the stand-in's service access token may not use (management.ts)
  parameterMissing: "A001214", // 400: a required request parameter (e.g. `subject`) is missing
  dedicatedOnly: "A001216", // 403: an API only a dedicated Authlete server offers (HSM keys), disabled here

  // --- /auth/authorization ---
  authzTicketIssued: "A004001", // REF: INTERACTION
  authzTicketIssuedNoInteraction: "A004002", // NO_INTERACTION (prompt=none)
  authzParametersMissing: "A004201", // REF: BAD_REQUEST, no `parameters`
  authzClientIdMissing: "A004202",
  authzClientUnknown: "A004203",
  authzRedirectUriRequired: "A004204",
  authzRedirectUriNotRegistered: "A004205",
  authzDuplicateCritical: "A004206",
  authzRequestUriUnknown: "A004207",
  authzRequestUriOtherClient: "A004208",
  authzRequestUriInPar: "A004209",
  authzClientIdMismatch: "A004210",
  authzResponseTypeMissing: "A004301",
  authzResponseTypeUnsupported: "A004302",
  authzUnauthorizedClient: "A004303",
  authzPromptInvalid: "A004304",
  authzPromptNoneWithOthers: "A004305",
  authzPkceRequired: "A004306",
  authzChallengeMethodInvalid: "A004307",
  authzChallengeInvalid: "A004308",
  authzS256Required: "A004309",
  authzMaxAgeInvalid: "A004310",
  authzDisplayInvalid: "A004311",
  authzClaimsInvalid: "A004312",
  authzRequestObjectUnsupported: "A004313",
  authzRequestUriUnsupported: "A004314",
  authzResponseModeInvalid: "A004315",
  authzResourceInvalid: "A004316",
  authzDuplicate: "A004317",

  // --- /auth/authorization/issue, /fail, ticket APIs ---
  issueOk: "A040001", // REF
  issueTicketInvalid: "A040201",
  issueCallerError: "A040301",
  failOk: "A041001",
  failTicketInvalid: "A041201",
  failCallerError: "A041301",
  ticketInfoOk: "A372001",
  ticketNotFound: "A372101",
  ticketCallerError: "A372201",
  ticketUpdateOk: "A373001",

  // --- /pushed_auth_req ---
  parCreated: "A245001", // REF
  parBadRequest: "A245201",
  parUnauthorized: "A245301",

  // --- /auth/token and friends ---
  tokenCodeOk: "A050001", // REF: grant_type=authorization_code
  tokenPasswordAction: "A051001", // PASSWORD action
  tokenClientCredentialsOk: "A052001",
  tokenRefreshOk: "A053001",
  tokenIssueOk: "A054001", // REF: grant_type=password processed (token/issue)
  tokenIssueTicketInvalid: "A054201",
  tokenIssueCallerError: "A054301",
  tokenBadRequest: "A050201",
  tokenInvalidClient: "A050301",
  tokenFailInvalidCredentials: "A067301", // REF: INVALID_RESOURCE_OWNER_CREDENTIALS
  tokenFailUnknown: "A067302",
  tokenFailInvalidTarget: "A067303",
  tokenFailTicketInvalid: "A067201",

  // --- /auth/introspection ---
  introspectionOk: "A056001", // REF
  introspectionBadRequest: "A056201",
  introspectionUnauthorized: "A056301",
  introspectionForbidden: "A056401",

  // --- /auth/introspection/standard ---
  stdIntrospectionOk: "A145001", // REF
  stdIntrospectionBadRequest: "A145201",

  // --- /auth/revocation ---
  revoked: "A113001", // REF
  revokeNothing: "A113002",
  revokeBadRequest: "A113201",
  revokeInvalidClient: "A113301",

  // --- client management (management.ts) ---
  grantedScopesGot: "A153001", // /client/granted_scopes/get
  grantedScopesDeleted: "A154001", // /client/granted_scopes/delete
  clientAuthorizationDeleted: "A155001", // /client/authorization/delete
  requestableScopesGot: "A156001", // /client/extension/requestable_scopes/get

  // --- features the demo service has disabled (disabled.ts) ---
  federationDisabled: "A391101", // /federation/configuration, /federation/registration → NOT_FOUND
  registrationDisabled: "A136101", // /client/registration* → BAD_REQUEST
  deviceFlowDisabled: "A220101", // /device/authorization → BAD_REQUEST (unauthorized_client)
  deviceClientInvalid: "A220201", // /device/authorization → UNAUTHORIZED
  userCodeNotExist: "A224101", // /device/verification → NOT_EXIST
  deviceCompleteNotExist: "A226101", // /device/complete → USER_CODE_NOT_EXIST
  deviceCompleteCallerError: "A226201", // /device/complete → INVALID_REQUEST
  cibaDisabled: "A179101", // /backchannel/authentication → BAD_REQUEST (unauthorized_client)
  cibaClientInvalid: "A179201", // /backchannel/authentication → UNAUTHORIZED
  cibaTicketInvalid: "A183101", // /backchannel/authentication/issue → INVALID_TICKET
  cibaFailTicketInvalid: "A185101", // /backchannel/authentication/fail → INTERNAL_SERVER_ERROR
  cibaCompleteTicketInvalid: "A198101", // /backchannel/authentication/complete → SERVER_ERROR
  gmCallerError: "A350101", // /gm → CALLER_ERROR
  gmUnauthorized: "A350201", // /gm → UNAUTHORIZED
  gmNotFound: "A350301", // /gm → NOT_FOUND
  idTokenReissueCallerError: "A470101", // /idtoken/reissue → CALLER_ERROR
  nativeSsoCallerError: "A501101", // /nativesso → CALLER_ERROR
  nativeSsoLogoutOk: "A503001", // REF (A503001 "Native SSO logout deleted N tokens"): /nativesso/logout → OK
  nativeSsoLogoutCallerError: "A503101", // /nativesso/logout → CALLER_ERROR
  vciNotFound: "A330101", // /vci/metadata, /vci/jwtissuer, /vci/jwks → NOT_FOUND
  vciForbidden: "A331101", // /vci/offer/*, /vci/*/parse, /vci/*/issue → FORBIDDEN

  // --- /auth/userinfo and /auth/userinfo/issue ---
  userinfoOk: "A091001", // REF
  userinfoBadRequest: "A091201",
  userinfoUnauthorized: "A091301",
  userinfoForbidden: "A091401",
  userinfoIssueOk: "A096001", // REF
  userinfoIssueCallerError: "A096301",
} as const;

export type ResultCode = (typeof RC)[keyof typeof RC];

export function message(code: string, text: string): string {
  return `[${code}] ${text}`;
}

/** A failed API call (non-2xx). The body is exactly `{resultCode, resultMessage}` as in the OpenAPI `result`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: string,
    /** The API path for the message ("/auth/token"); filled in by the router. */
    readonly apiPath?: string,
  ) {
    super(text);
  }
}

/** `{resultCode, resultMessage}` of a non-2xx answer; the message names the API, like Authlete's. */
export function errorBody(code: string, apiPath: string, text: string): { resultCode: string; resultMessage: string } {
  return { resultCode: code, resultMessage: message(code, `${apiPath}, ${text}`) };
}

/**
 * An OAuth error response body (RFC 6749 §5.2) as Authlete phrases it: `error_description` carries the
 * result code, `error_uri` points at Authlete's documentation of that code (unless the service omits them).
 */
export function oauthErrorObject(
  service: ServiceSettings,
  code: string,
  error: string,
  text: string,
  description?: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (!service.errorDescriptionOmitted) out.error_description = description ?? message(code, text);
  out.error = error;
  if (!service.errorUriOmitted) out.error_uri = `https://docs.authlete.com/#${code}`;
  return out;
}

export function oauthErrorJson(service: ServiceSettings, code: string, error: string, text: string): string {
  return JSON.stringify(oauthErrorObject(service, code, error, text));
}

function quoted(v: string): string {
  // RFC 6750 §3: auth-param values are quoted-strings; error_description must not contain `"` or `\`.
  return `"${v.replace(/["\\]/g, "'")}"`;
}

/** A `WWW-Authenticate` value (RFC 6750 §3) as Authlete returns it in `responseContent`. */
export function bearerChallenge(
  service: ServiceSettings,
  code: string,
  error: string,
  text: string,
  scope?: string[],
): string {
  const parts = [`error=${quoted(error)}`];
  if (!service.errorDescriptionOmitted) parts.push(`error_description=${quoted(message(code, text))}`);
  if (!service.errorUriOmitted) parts.push(`error_uri=${quoted(`https://docs.authlete.com/#${code}`)}`);
  if (scope && scope.length > 0) parts.push(`scope=${quoted(scope.join(" "))}`);
  return `Bearer ${parts.join(",")}`;
}
