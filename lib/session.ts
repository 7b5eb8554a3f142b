// The encrypted iron-session cookie: the app's only state (DESIGN.md). It holds the user's login session,
// the authorization requests waiting for the login/consent page, the scopes this browser's user already
// granted per client (for prompt=none), and the demo client's PKCE/state/nonce. Tickets, codes and tokens
// live in Authlete; users live in Cognito.
import { getIronSession, type IronSession, type SessionOptions } from "iron-session";
import { cookies } from "next/headers";
import { getConfig } from "./config";
import type { UserClaims } from "./cognito/claims";

/** The signed-in user, remembered for SSO, prompt=none and max_age (OIDC Core §3.1.2.1). */
export interface LoginState {
  sub: string;
  /** Seconds since the epoch of the actual password check. */
  authTime: number;
  /** OIDC claims taken at sign-in, so ID tokens issued later need no Cognito read. */
  claims: UserClaims;
  /** Random login-session ID, sent to Authlete as sessionId (the ID token's `sid`). */
  sid: string;
}

/** What the login/consent page needs about one pending authorization request. */
export interface PendingAuthorization {
  id: string;
  ticket: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  clientId: string;
  client: { name: string; logoUri?: string; clientUri?: string; policyUri?: string; tosUri?: string };
  scopes: { name: string; description?: string }[];
  /** Claim names for the ID token (Authlete `claims`). */
  claims?: string[];
  /** Claim names a later userinfo call may ask for; bounds the claims snapshot stored with the token. */
  userinfoClaims?: string[];
  loginHint?: string;
  subject?: string;
}

export interface DemoState {
  state: string;
  nonce: string;
  verifier: string;
  createdAt: number;
}

export interface SessionData {
  user?: LoginState;
  pending?: PendingAuthorization[];
  /** Client ID → scopes the signed-in user granted it with the Authorize button. */
  grants?: Record<string, string[]>;
  /** form_post pages waiting to be served once (request ID → HTML from Authlete). */
  formPosts?: Record<string, string>;
  demo?: DemoState;
}

export const SESSION_COOKIE = "as_session";

export function sessionOptions(): SessionOptions {
  const config = getConfig();
  return {
    password: config.session.password,
    cookieName: SESSION_COOKIE,
    ttl: config.session.ttlSeconds,
    cookieOptions: { httpOnly: true, sameSite: "lax", secure: config.session.secure, path: "/" },
  };
}

export type Session = IronSession<SessionData>;

/** The session of the current request (route handlers and server actions may save it; pages only read). */
export async function getSession(): Promise<Session> {
  return getIronSession<SessionData>(await cookies(), sessionOptions());
}
