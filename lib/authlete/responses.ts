// One exhaustive `action → Response` table per Authlete endpoint (reference/authlete-api.md §3). Each table is
// typed `{ [A in XAction]: … }`, so an action added to the union in types.ts fails the build until it is
// mapped here. Protocol errors are Authlete's to phrase: `responseContent` goes out verbatim with the status
// the reference prescribes. Where an action needs our own work (user interaction, the password grant) the
// table says so with a typed marker instead of a Response, and the flow in lib/oauth/ takes over.
import { basicChallenge, jsonResponse, NO_STORE, oauthError, REALM } from "../http";
import type {
  AuthorizationAction,
  AuthorizationIssueAction,
  AuthorizationIssueResponse,
  AuthorizationResponse,
  PushedAuthReqAction,
  PushedAuthReqResponse,
  RevocationAction,
  RevocationResponse,
  TokenAction,
  TokenFailAction,
  TokenFailResponse,
  TokenIssueAction,
  TokenIssueResponse,
  TokenResponse,
  UserInfoAction,
  UserInfoIssueAction,
  UserInfoIssueResponse,
  UserInfoResponse,
} from "./types";

const content = (r: { responseContent?: string }) => r.responseContent ?? "";

/** Extra headers Authlete asks us to send (DPoP-Nonce, RFC 9449 §8). */
function dpopNonce(r: { dpopNonce?: string }): Record<string, string> {
  return r.dpopNonce ? { "DPoP-Nonce": r.dpopNonce } : {};
}

/** The error_description inside an Authlete JSON responseContent, for the browser error page. */
export function describeProtocolError(responseContent: string | undefined): string | undefined {
  if (!responseContent) return undefined;
  try {
    const json = JSON.parse(responseContent) as { error?: unknown; error_description?: unknown };
    const parts = [json.error, json.error_description].filter((v): v is string => typeof v === "string" && v !== "");
    return parts.length ? parts.join(": ") : undefined;
  } catch {
    return undefined;
  }
}

// --- authorization endpoint (browser) -----------------------------------------------------------------------
//
// The authorization endpoint talks to a browser, so its answers are pages — and pages (HTML, copy, language)
// are not Authlete knowledge. These tables return typed outcomes; lib/oauth renders them.

/** What Authlete said about a failed call, for the operator's log (never shown to the user). */
export interface AuthleteResult {
  resultCode?: string;
  resultMessage?: string;
}

const result = (r: { resultCode?: string; resultMessage?: string }): AuthleteResult => ({ resultCode: r.resultCode, resultMessage: r.resultMessage });

export type BrowserOutcome =
  /** Back to the client: the redirect URI with the response parameters. */
  | { kind: "redirect"; location: string }
  /** Back to the client by response_mode=form_post: Authlete's auto-submitting page. */
  | { kind: "form"; html: string }
  /** The client or redirect URI is unusable: an error page, never a redirect (RFC 6749 §4.1.2.1). */
  | { kind: "bad_request"; detail?: string; authlete: AuthleteResult }
  /** /auth/authorization/issue or /fail refused the ticket (used, expired, unknown): "the user took too long". */
  | { kind: "expired"; authlete: AuthleteResult }
  /** Authlete failed, or we sent a call it could not process: our bug or misconfiguration, never a retry. */
  | { kind: "server_error"; authlete: AuthleteResult };

export type InteractionMarker = { interaction: "INTERACTION" | "NO_INTERACTION" };

export const authorizationActions: { [A in AuthorizationAction]: (r: AuthorizationResponse) => BrowserOutcome | InteractionMarker } = {
  INTERNAL_SERVER_ERROR: (r) => ({ kind: "server_error", authlete: result(r) }),
  BAD_REQUEST: (r) => ({ kind: "bad_request", detail: describeProtocolError(r.responseContent), authlete: result(r) }),
  LOCATION: (r) => ({ kind: "redirect", location: content(r) }),
  FORM: (r) => ({ kind: "form", html: content(r) }),
  INTERACTION: () => ({ interaction: "INTERACTION" }),
  NO_INTERACTION: () => ({ interaction: "NO_INTERACTION" }),
};

/** /auth/authorization/issue and /auth/authorization/fail (same action set). */
export const authorizationIssueActions: { [A in AuthorizationIssueAction]: (r: AuthorizationIssueResponse) => BrowserOutcome } = {
  INTERNAL_SERVER_ERROR: (r) => ({ kind: "server_error", authlete: result(r) }),
  BAD_REQUEST: (r) => ({ kind: "expired", authlete: result(r) }),
  LOCATION: (r) => ({ kind: "redirect", location: content(r) }),
  FORM: (r) => ({ kind: "form", html: content(r) }),
};

// --- token endpoint ------------------------------------------------------------------------------------------

export type PasswordGrant = { password: { ticket: string; username: string; password: string } };

/** RFC 6749 §5.2: 401 with a challenge when client authentication failed. */
const invalidClient = (r: { responseContent?: string; dpopNonce?: string }) =>
  jsonResponse(content(r), 401, { "WWW-Authenticate": basicChallenge(REALM.token), ...dpopNonce(r) });

const tokenJson = (status: number) => (r: { responseContent?: string; dpopNonce?: string }) =>
  jsonResponse(content(r), status, dpopNonce(r));

// Grants whose tokens we would mint ourselves (/auth/token/create); not offered yet, so answer as RFC 6749
// §5.2 prescribes for a grant the server does not support.
const unsupportedGrant = (r: { dpopNonce?: string }) =>
  oauthError(400, "unsupported_grant_type", "This grant type is not supported by this server.", dpopNonce(r));

export const tokenActions: { [A in TokenAction]: (r: TokenResponse) => Response | PasswordGrant } = {
  OK: tokenJson(200),
  // A refresh on a service with idTokenReissuable=true: responseContent is a normal token response.
  ID_TOKEN_REISSUABLE: tokenJson(200),
  INVALID_CLIENT: invalidClient,
  BAD_REQUEST: tokenJson(400),
  INTERNAL_SERVER_ERROR: tokenJson(500),
  PASSWORD: (r) => ({ password: { ticket: r.ticket ?? "", username: r.username ?? "", password: r.password ?? "" } }),
  TOKEN_EXCHANGE: unsupportedGrant,
  JWT_BEARER: unsupportedGrant,
  NATIVE_SSO: unsupportedGrant,
};

export const tokenIssueActions: { [A in TokenIssueAction]: (r: TokenIssueResponse) => Response } = {
  OK: tokenJson(200),
  INTERNAL_SERVER_ERROR: tokenJson(500),
};

export const tokenFailActions: { [A in TokenFailAction]: (r: TokenFailResponse) => Response } = {
  BAD_REQUEST: tokenJson(400),
  INTERNAL_SERVER_ERROR: tokenJson(500),
};

// --- userinfo endpoint (OIDC Core §5.3; errors per RFC 6750 §3: no body, WWW-Authenticate) ---------------------

const bearerError = (status: number) => (r: { responseContent?: string; dpopNonce?: string }) =>
  new Response(null, { status, headers: { "WWW-Authenticate": content(r), ...NO_STORE, ...dpopNonce(r) } });

export type UserInfoOk = { ok: UserInfoResponse };

export const userinfoActions: { [A in UserInfoAction]: (r: UserInfoResponse) => Response | UserInfoOk } = {
  OK: (r) => ({ ok: r }),
  BAD_REQUEST: bearerError(400),
  UNAUTHORIZED: bearerError(401),
  FORBIDDEN: bearerError(403),
  INTERNAL_SERVER_ERROR: bearerError(500),
};

export const userinfoIssueActions: { [A in UserInfoIssueAction]: (r: UserInfoIssueResponse) => Response } = {
  JSON: (r) => new Response(content(r), { status: 200, headers: { "Content-Type": "application/json;charset=UTF-8", ...NO_STORE } }),
  JWT: (r) => new Response(content(r), { status: 200, headers: { "Content-Type": "application/jwt", ...NO_STORE } }),
  BAD_REQUEST: bearerError(400),
  UNAUTHORIZED: bearerError(401),
  FORBIDDEN: bearerError(403),
  INTERNAL_SERVER_ERROR: bearerError(500),
};

// --- revocation (RFC 7009) and PAR (RFC 9126) ---------------------------------------------------------------------

export const revocationActions: { [A in RevocationAction]: (r: RevocationResponse) => Response } = {
  // RFC 7009 §2.2: 200 whether or not the token was valid. responseContent is only set for JSONP.
  OK: (r) =>
    r.responseContent
      ? new Response(r.responseContent, { status: 200, headers: { "Content-Type": "application/javascript;charset=UTF-8", ...NO_STORE } })
      : new Response(null, { status: 200, headers: NO_STORE }),
  INVALID_CLIENT: (r) => jsonResponse(content(r), 401, { "WWW-Authenticate": basicChallenge(REALM.revocation) }),
  BAD_REQUEST: tokenJson(400),
  INTERNAL_SERVER_ERROR: tokenJson(500),
};

export const pushedAuthReqActions: { [A in PushedAuthReqAction]: (r: PushedAuthReqResponse) => Response } = {
  CREATED: tokenJson(201),
  BAD_REQUEST: tokenJson(400),
  UNAUTHORIZED: (r) => jsonResponse(content(r), 401, { "WWW-Authenticate": basicChallenge(REALM.par), ...dpopNonce(r) }),
  FORBIDDEN: tokenJson(403),
  PAYLOAD_TOO_LARGE: tokenJson(413),
  INTERNAL_SERVER_ERROR: tokenJson(500),
};
