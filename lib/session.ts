// Encrypted iron-session cookies: the app's only state (DESIGN.md). Tickets, codes and tokens live in
// Authlete; users live in Cognito.
//
// - `as_session` (Path=/): the user's login session, the scopes they granted per client (for prompt=none) and
//   the demo client's PKCE/state/nonce. Small and stable in size.
// - `as_req` (Path=/authorize/{id}): one per pending authorization request — what the login/consent page
//   shows and the Authlete ticket. A browser sends it only to that request's page and its server action, so
//   several tabs never add up in one header, and a 4 KB cookie is never outgrown by long scope descriptions.
// - `as_form` (Path=/api/authorization/form/{id}): a form_post page waiting to be served once.
import { getIronSession, sealData, unsealData, type IronSession, type SessionOptions } from "iron-session";
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
  /** Client ID → scopes the signed-in user granted it with the Authorize button. */
  grants?: Record<string, string[]>;
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

// --- per-request cookies ---------------------------------------------------------------------------------------

/** How long the login/consent page stays usable. Authlete's ticket may expire sooner; issue then says so. */
export const PENDING_TTL_SECONDS = 10 * 60;
const PENDING_COOKIE = "as_req";
const FORM_COOKIE = "as_form";

export const LOGIN_PAGE_PATH = "/authorize";
export const FORM_POST_PATH = "/api/authorization/form";

async function setScoped(name: string, path: string, value: string, maxAge: number): Promise<void> {
  const config = getConfig();
  (await cookies()).set(name, value, { path, maxAge, httpOnly: true, sameSite: "lax", secure: config.session.secure });
}

async function readScoped<T extends { id: string }>(name: string, id: string): Promise<T | undefined> {
  const raw = (await cookies()).get(name)?.value;
  if (!raw) return undefined;
  try {
    const data = await unsealData<Partial<T>>(raw, { password: getConfig().session.password, ttl: PENDING_TTL_SECONDS });
    // The cookie's path already scopes it to this ID; the sealed ID makes a cookie copied to another path useless.
    return data.id === id ? (data as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Stores a pending request in its own cookie, readable only under /authorize/{id}. */
export async function savePending(p: PendingAuthorization): Promise<void> {
  const sealed = await sealData(p, { password: getConfig().session.password, ttl: PENDING_TTL_SECONDS });
  await setScoped(PENDING_COOKIE, `${LOGIN_PAGE_PATH}/${p.id}`, sealed, PENDING_TTL_SECONDS);
}

export async function readPending(id: string, now = Date.now()): Promise<PendingAuthorization | undefined> {
  const p = await readScoped<PendingAuthorization>(PENDING_COOKIE, id);
  return p && now - p.createdAt < PENDING_TTL_SECONDS * 1000 ? p : undefined;
}

/** Forgets a pending request (used or abandoned): the browser drops the cookie. */
export async function clearPending(id: string): Promise<void> {
  await setScoped(PENDING_COOKIE, `${LOGIN_PAGE_PATH}/${id}`, "", 0);
}

/** Parks Authlete's form_post page for one GET of /api/authorization/form/{id}. */
export async function saveFormPost(id: string, html: string): Promise<void> {
  const sealed = await sealData({ id, html }, { password: getConfig().session.password, ttl: 60 });
  await setScoped(FORM_COOKIE, `${FORM_POST_PATH}/${id}`, sealed, 60);
}

export async function takeFormPost(id: string): Promise<string | undefined> {
  const data = await readScoped<{ id: string; html: string }>(FORM_COOKIE, id);
  await setScoped(FORM_COOKIE, `${FORM_POST_PATH}/${id}`, "", 0);
  return data?.html;
}
