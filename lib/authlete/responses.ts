// One exhaustive `action → Response` table per Authlete endpoint (reference/authlete-api.md §3). Each table is
// typed `{ [A in XAction]: … }`, so an action added to the union in types.ts fails the build until it is
// mapped here. Protocol errors are Authlete's to phrase: `responseContent` goes out verbatim with the status
// the reference prescribes. Where an action needs our own work (user interaction, the password grant) the
// table says so with a typed marker instead of a Response, and the flow in lib/oauth/ takes over.
import { htmlPage, jsonResponse, NO_STORE, oauthError, PAGE_SECURITY_HEADERS } from "../http";
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

/** Responses that hand the user back to the client: a redirect or the form_post page. */
const redirectToClient = (r: { responseContent?: string }) =>
  new Response(null, { status: 302, headers: { Location: content(r), ...NO_STORE } });

// form_post (OAuth 2.0 Form Post Response Mode): Authlete's page auto-submits with an inline script, so it
// must not be blocked by a CSP of ours; the framing rules still apply.
const formPostPage = (r: { responseContent?: string }) =>
  new Response(content(r), {
    status: 200,
    headers: { "Content-Type": "text/html;charset=UTF-8", ...NO_STORE, ...PAGE_SECURITY_HEADERS },
  });

/**
 * The authorization endpoint talks to a browser, so its errors are pages, not JSON: BAD_REQUEST means the
 * client or redirect URI is unusable and we must not redirect (RFC 6749 §4.1.2.1).
 */
const badRequestPage = (r: { responseContent?: string }) =>
  htmlPage(
    400,
    "This sign-in request can't be processed",
    "The application that sent you here made a request this server cannot accept, so you cannot be sent back to it. Return to the application and try again, or contact its developer.",
    describeProtocolError(r.responseContent),
  );

export const serverErrorPage = () =>
  htmlPage(500, "Something went wrong", "The sign-in service could not process this request. Please try again in a moment.");

export type InteractionMarker = { interaction: "INTERACTION" | "NO_INTERACTION" };

export const authorizationActions: { [A in AuthorizationAction]: (r: AuthorizationResponse) => Response | InteractionMarker } = {
  INTERNAL_SERVER_ERROR: serverErrorPage,
  BAD_REQUEST: badRequestPage,
  LOCATION: redirectToClient,
  FORM: formPostPage,
  INTERACTION: () => ({ interaction: "INTERACTION" }),
  NO_INTERACTION: () => ({ interaction: "NO_INTERACTION" }),
};

/**
 * /auth/authorization/issue and /auth/authorization/fail. BAD_REQUEST here means the ticket is gone
 * (used or expired: "the user took too long"), which the caller turns into the "request expired" view.
 */
export type IssueOutcome =
  | { kind: "redirect"; location: string }
  | { kind: "form"; html: string }
  | { kind: "expired" }
  | { kind: "error" };

export const authorizationIssueActions: { [A in AuthorizationIssueAction]: (r: AuthorizationIssueResponse) => IssueOutcome } = {
  INTERNAL_SERVER_ERROR: () => ({ kind: "error" }),
  BAD_REQUEST: () => ({ kind: "expired" }),
  LOCATION: (r) => ({ kind: "redirect", location: content(r) }),
  FORM: (r) => ({ kind: "form", html: content(r) }),
};

/** The same outcome as a Response, for NO_INTERACTION answered straight from the route handler. */
export function issueOutcomeResponse(outcome: IssueOutcome): Response {
  switch (outcome.kind) {
    case "redirect":
      return redirectToClient({ responseContent: outcome.location });
    case "form":
      return formPostPage({ responseContent: outcome.html });
    case "expired":
      return expiredPage();
    case "error":
      return serverErrorPage();
  }
}

export function unavailablePage(): Response {
  return htmlPage(503, "Sign-in is temporarily unavailable", "The sign-in service could not be reached. Please try again in a moment.");
}

export function expiredPage(): Response {
  return htmlPage(
    400,
    "This request has expired",
    "This sign-in request has expired or was already used. Go back to the application and start signing in again.",
  );
}

// --- token endpoint ------------------------------------------------------------------------------------------

export type PasswordGrant = { password: { ticket: string; username: string; password: string } };

/** RFC 6749 §5.2: 401 with a challenge when client authentication failed. */
const invalidClient = (r: { responseContent?: string; dpopNonce?: string }) =>
  jsonResponse(content(r), 401, { "WWW-Authenticate": 'Basic realm="token"', ...dpopNonce(r) });

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
  INVALID_CLIENT: (r) => jsonResponse(content(r), 401, { "WWW-Authenticate": 'Basic realm="revocation"' }),
  BAD_REQUEST: tokenJson(400),
  INTERNAL_SERVER_ERROR: tokenJson(500),
};

export const pushedAuthReqActions: { [A in PushedAuthReqAction]: (r: PushedAuthReqResponse) => Response } = {
  CREATED: tokenJson(201),
  BAD_REQUEST: tokenJson(400),
  UNAUTHORIZED: (r) => jsonResponse(content(r), 401, { "WWW-Authenticate": 'Basic realm="par"', ...dpopNonce(r) }),
  FORBIDDEN: tokenJson(403),
  PAYLOAD_TOO_LARGE: tokenJson(413),
  INTERNAL_SERVER_ERROR: tokenJson(500),
};
