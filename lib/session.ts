// Encrypted iron-session cookies: the app's only state (DESIGN.md). Tickets, codes and tokens live in
// Authlete; users live in Cognito.
//
// - `as_session` (Path=/): the login session (who is signed in, when, how), the consents each user gave each
//   client, a short list of recently used accounts for the account chooser, and the demo client's
//   PKCE/state/nonce. Bounded so it always fits in one cookie (lib/oauth/sso.ts, fitSession).
// - `as_req` (Path=/authorize/{id}): one per pending authorization request — what the login/consent page
//   shows and the Authlete ticket. A browser sends it only to that request's page and its server action, so
//   several tabs never add up in one header, and a 4 KB cookie is never outgrown by long scope descriptions.
// - `as_form` (Path=/api/authorization/form/{id}): a form_post page waiting to be served once.
import { getIronSession, sealData, unsealData, type CookieStore, type IronSession, type SessionOptions } from "iron-session";
import { cookies, headers } from "next/headers";
import { negotiateLocale, type Locale } from "./i18n";
import { getConfig } from "./config";
import type { UserClaims } from "./cognito/claims";
import type { Prompt } from "./authlete/types";

/** The signed-in user, remembered for SSO, prompt=none and max_age (OIDC Core §3.1.2.1). */
export interface LoginState {
  sub: string;
  /** Seconds since the epoch of the actual password check. */
  authTime: number;
  /** OIDC claims taken at sign-in, so ID tokens issued later need no Cognito read. */
  claims: UserClaims;
  /** Random login-session ID, sent to Authlete as sessionId (the ID token's `sid`). */
  sid: string;
  /**
   * Authentication Methods References (RFC 8176) of that sign-in, e.g. ["pwd"] or ["pwd","otp","mfa"]
   * (lib/oauth/amr.ts). Absent in sessions from before it was recorded, which count as ["pwd"].
   */
  amr?: string[];
  /** What the user typed as Login ID ("Signed in as …", the account chooser). */
  loginId?: string;
}

/**
 * One remembered consent: the Cognito `sub` of the user who gave it, the client's key (its numeric ID, else its
 * alias) and the scopes granted, space-separated. Keyed by user AND client, so it is never used for anyone else.
 * A tuple, not an object: the list must fit in the cookie next to everything else.
 */
export type Consent = [sub: string, client: string, scopes: string];

/** An account recently signed in with on this browser (the account chooser, prompt=select_account). */
export interface RecentAccount {
  sub: string;
  loginId: string;
}

/** What the login/consent page needs about one pending authorization request. */
export interface PendingAuthorization {
  id: string;
  ticket: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  clientId: string;
  client: { name: string; logoUri?: string; policyUri?: string; tosUri?: string };
  scopes: { name: string; description?: string }[];
  /** Claim names for the ID token (Authlete `claims`). */
  claims?: string[];
  /** Claim names a later userinfo call may ask for; bounds the claims snapshot stored with the token. */
  userinfoClaims?: string[];
  /** Pre-filled Login ID (login_hint, the id_token_hint's user, an account picked in the chooser). */
  loginHint?: string;
  /** A user the client demanded (claims request `sub`, OIDC Core §5.5.1): the Login ID is locked to it. */
  subject?: string;
  /** The Login ID shown (read-only) for `subject`: the account's login ID when this browser knows it. */
  subjectLoginId?: string;
  // What the interaction policy needs again on the page and in its server action (lib/oauth/policy.ts).
  /** Authlete's `prompts` (NONE never reaches the page). */
  prompts?: Prompt[];
  /** The effective max_age in seconds: the raw parameter (0 included), else the client's default_max_age. */
  maxAge?: number;
  /** The verified id_token_hint's subject, or that the hint did not verify. */
  hint?: { sub: string } | { invalid: true };
  acrs?: string[];
  acrEssential?: boolean;
  /** The user asked for another account ("Use another account", or a signed-out account in the chooser). */
  forceSignIn?: boolean;
  /** The user picked the signed-in account in the chooser (prompt=select_account is answered). */
  accountChosen?: boolean;
}

export interface DemoState {
  state: string;
  nonce: string;
  verifier: string;
  createdAt: number;
}

export interface SessionData {
  user?: LoginState;
  /** Consents given with the Authorize button, oldest first (the first to go when the cookie is full). */
  consents?: Consent[];
  /** Most recent first; the signed-in user, if any, is among them. */
  accounts?: RecentAccount[];
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

/**
 * Where cookies are read and written: Next's `cookies()` of the current request by default; unit tests pass
 * their own store (the flows take it as a dependency, see lib/oauth/deps.ts).
 */
export type { CookieStore };
export const requestCookies = (): Promise<CookieStore> => cookies();

/** The session of the current request (route handlers and server actions may save it; pages only read). */
export async function getSession(store?: CookieStore): Promise<Session> {
  return getIronSession<SessionData>(store ?? (await cookies()), sessionOptions());
}

// --- per-request cookies ---------------------------------------------------------------------------------------

/** How long the login/consent page stays usable. Authlete's ticket may expire sooner; issue then says so. */
export const PENDING_TTL_SECONDS = 10 * 60;
const PENDING_COOKIE = "as_req";
const FORM_COOKIE = "as_form";

export const LOGIN_PAGE_PATH = "/authorize";
export const FORM_POST_PATH = "/api/authorization/form";

/**
 * The IDs we mint (newId(): 16 random bytes, base64url) and the only ones accepted back from a URL. An ID goes
 * into a cookie's Path and into log lines, so anything else — `;`, spaces, `%00`, CR/LF — is refused before it
 * gets near either.
 */
export const REQUEST_ID = /^[A-Za-z0-9_-]{22}$/;

export function isRequestId(id: unknown): id is string {
  return typeof id === "string" && REQUEST_ID.test(id);
}

async function setScoped(store: CookieStore | undefined, name: string, path: string, value: string, maxAge: number): Promise<void> {
  const config = getConfig();
  (store ?? (await cookies())).set(name, value, { path, maxAge, httpOnly: true, sameSite: "lax", secure: config.session.secure });
}

async function readScoped<T extends { id: string }>(store: CookieStore | undefined, name: string, id: string): Promise<T | undefined> {
  const raw = (store ?? (await cookies())).get(name)?.value;
  if (!raw) return undefined;
  try {
    const data = await unsealData<Partial<T>>(raw, { password: getConfig().session.password, ttl: PENDING_TTL_SECONDS });
    // The cookie's path already scopes it to this ID; the sealed ID makes a cookie copied to another path useless.
    return data.id === id ? (data as T) : undefined;
  } catch {
    return undefined;
  }
}

function assertId(id: string): void {
  if (!isRequestId(id)) throw new Error("invalid request ID");
}

// Cookies that belong to one pending request: on its path (/authorize/{id}), sealed, as long-lived as the request.
// The pending request itself, and what its later steps keep beside it (a Cognito challenge, the Login ID for the
// password-reset page), all go through these.

/** Seals `data` for a cookie of a pending request (`password`: the session secret; tests pass another). */
export function sealForRequest(data: object, password: string = getConfig().session.password): Promise<string> {
  return sealData(data, { password, ttl: PENDING_TTL_SECONDS });
}

/** Sets cookie `name` of pending request `id` (a value from sealForRequest), readable only under /authorize/{id}. */
export async function setRequestCookie(name: string, id: string, sealed: string, store?: CookieStore): Promise<void> {
  assertId(id);
  await setScoped(store, name, `${LOGIN_PAGE_PATH}/${id}`, sealed, PENDING_TTL_SECONDS);
}

/** Cookie `name` of pending request `id`, if it is there, unsealable and sealed for that very request. */
export async function readRequestCookie<T extends { id: string }>(name: string, id: string, store?: CookieStore): Promise<T | undefined> {
  if (!isRequestId(id)) return undefined;
  return readScoped<T>(store, name, id);
}

/** Drops cookie `name` of pending request `id`. */
export async function clearRequestCookie(name: string, id: string, store?: CookieStore): Promise<void> {
  assertId(id);
  await setScoped(store, name, `${LOGIN_PAGE_PATH}/${id}`, "", 0);
}

/** Stores a pending request in its own cookie, readable only under /authorize/{id}. */
export async function savePending(p: PendingAuthorization, store?: CookieStore): Promise<void> {
  await setRequestCookie(PENDING_COOKIE, p.id, await sealForRequest(p), store);
}

export async function readPending(id: string, now = Date.now(), store?: CookieStore): Promise<PendingAuthorization | undefined> {
  const p = await readRequestCookie<PendingAuthorization>(PENDING_COOKIE, id, store);
  return p && now - p.createdAt < PENDING_TTL_SECONDS * 1000 ? p : undefined;
}

/** Forgets a pending request (used or abandoned): the browser drops the cookie. */
export async function clearPending(id: string, store?: CookieStore): Promise<void> {
  await clearRequestCookie(PENDING_COOKIE, id, store);
}

/** Parks Authlete's form_post page for one GET of /api/authorization/form/{id}. */
export async function saveFormPost(id: string, html: string, store?: CookieStore): Promise<void> {
  assertId(id);
  const sealed = await sealData({ id, html }, { password: getConfig().session.password, ttl: 60 });
  await setScoped(store, FORM_COOKIE, `${FORM_POST_PATH}/${id}`, sealed, 60);
}

export async function takeFormPost(id: string, store?: CookieStore): Promise<string | undefined> {
  if (!isRequestId(id)) return undefined;
  const data = await readScoped<{ id: string; html: string }>(store, FORM_COOKIE, id);
  await setScoped(store, FORM_COOKIE, `${FORM_POST_PATH}/${id}`, "", 0);
  return data?.html;
}

// --- language of a pending request --------------------------------------------------------------------------------

/**
 * The language a pending request's pages speak (from its `ui_locales`), in a plain cookie next to it: the root
 * layout needs it for `<html lang>` and cannot see the page's route parameters. Only a supported language tag is
 * ever written or read back.
 */
export const LOCALE_COOKIE = "as_lang";

export async function saveRequestLocale(id: string, locale: Locale, store?: CookieStore): Promise<void> {
  assertId(id);
  await setScoped(store, LOCALE_COOKIE, `${LOGIN_PAGE_PATH}/${id}`, locale, PENDING_TTL_SECONDS);
}

/** The language for the current page: its request's `ui_locales` choice, else Accept-Language, else English. */
export async function requestLocale(store?: CookieStore, acceptLanguage?: string | null): Promise<Locale> {
  return negotiateLocale({
    chosen: (store ?? (await cookies())).get(LOCALE_COOKIE)?.value,
    acceptLanguage: acceptLanguage === undefined ? (await headers()).get("accept-language") : acceptLanguage,
  });
}
