// What the session cookie remembers between authorization requests, as pure functions over its data:
// consents per (user, client), the signed-in user and the short list of recent accounts, and the bound that
// keeps the whole cookie under the 4 KB a browser stores (RFC 6265 §6.1: "at least 4096 bytes per cookie",
// which is what browsers give; iron-session refuses to write more).
import { log } from "../log";
import type { Consent, LoginState, RecentAccount, Session, SessionData } from "../session";

/** The account chooser lists at most this many accounts (the signed-in one included). */
export const MAX_ACCOUNTS = 3;

/**
 * Upper bound for the session's JSON. The sealed cookie is about 4/3 of it (AES-CBC, base64url) plus ~230
 * characters of iron framing, and the Set-Cookie attributes add ~80: 2,700 bytes of JSON stay under 4,096
 * (sso.test.ts seals a full session and checks).
 */
export const SESSION_JSON_BUDGET = 2700;

const scopeSet = (scopes: string) => new Set(scopes.split(" ").filter(Boolean));

/** Whether `sub` already consented to `client` for every scope asked now (the same or a narrower set). */
export function consentCovers(consents: readonly Consent[] | undefined, sub: string, client: string, scopes: readonly string[]): boolean {
  const entry = consents?.find(([u, c]) => u === sub && c === client);
  if (!entry) return false;
  const granted = scopeSet(entry[2]);
  return scopes.every((s) => granted.has(s));
}

/**
 * Records that `sub` granted `client` these scopes, merged with what they granted it before; the entry moves to
 * the end of the list (most recent), so the bound drops the consents used least recently.
 */
export function recordConsent(consents: readonly Consent[] | undefined, sub: string, client: string, scopes: readonly string[]): Consent[] {
  const others = (consents ?? []).filter(([u, c]) => !(u === sub && c === client));
  const previous = consents?.find(([u, c]) => u === sub && c === client);
  const merged = new Set([...(previous ? scopeSet(previous[2]) : []), ...scopes]);
  return [...others, [sub, client, [...merged].sort().join(" ")]];
}

/**
 * Makes `user` the signed-in user. Another user's sign-in is replaced entirely (their SSO state ends here); their
 * consents stay keyed to their own `sub`, so they are never used for the new user. The account goes to the front
 * of the recent-accounts list.
 */
export function signInUser(data: SessionData, user: LoginState): void {
  data.user = user;
  const account: RecentAccount = { sub: user.sub, loginId: userLabel(user) };
  data.accounts = [account, ...(data.accounts ?? []).filter((a) => a.sub !== user.sub)].slice(0, MAX_ACCOUNTS);
}

/**
 * Logout: this browser forgets the signed-in user — the sign-in, their place in the account list and the consents
 * they gave — so the next person at a shared computer finds nothing of theirs. Returns who was signed in.
 */
export function forgetUser(data: SessionData): LoginState | undefined {
  const user = data.user;
  if (!user) return undefined;
  delete data.user;
  data.accounts = (data.accounts ?? []).filter((a) => a.sub !== user.sub);
  data.consents = (data.consents ?? []).filter(([u]) => u !== user.sub);
  return user;
}

/** The label of the signed-in user ("Signed in as …"). */
export function userLabel(user: LoginState): string {
  return user.loginId ?? stringClaim(user, "email") ?? user.sub;
}

function stringClaim(user: LoginState, name: string): string | undefined {
  const v = user.claims[name];
  return typeof v === "string" && v !== "" ? v : undefined;
}

function jsonBytes(data: SessionData): number {
  return Buffer.byteLength(JSON.stringify(data), "utf8");
}

/** The claim the session keeps whatever its size. */
const KEPT_CLAIMS = new Set(["sub"]);

/**
 * Shrinks the session to `budget` bytes of JSON, whatever it holds, in this order: the oldest consents, then the
 * oldest recent accounts other than the signed-in one, then — only for a pathological profile — the largest claim
 * values of the signed-in user (an ID token then omits them, which OIDC Core §5.1 allows for unavailable claims).
 * Returns what was dropped, for the log.
 */
export function fitSession(data: SessionData, budget: number = SESSION_JSON_BUDGET): { consents: number; accounts: number; claims: number } {
  const dropped = { consents: 0, accounts: 0, claims: 0 };
  if (jsonBytes(data) <= budget) return dropped;
  while (data.consents?.length && jsonBytes(data) > budget) {
    data.consents.shift();
    dropped.consents++;
  }
  while (jsonBytes(data) > budget) {
    const accounts = data.accounts ?? [];
    const i = accounts.findLastIndex((a) => a.sub !== data.user?.sub);
    if (i < 0) break;
    accounts.splice(i, 1);
    dropped.accounts++;
  }
  const claims = data.user?.claims;
  while (claims && jsonBytes(data) > budget) {
    const largest = Object.keys(claims)
      .filter((k) => !KEPT_CLAIMS.has(k))
      .sort((a, b) => JSON.stringify(claims[b]).length - JSON.stringify(claims[a]).length)[0];
    if (!largest) break;
    delete claims[largest];
    dropped.claims++;
  }
  return dropped;
}

/**
 * Saves the session cookie, bounded first: every writer goes through here, so no sequence of sign-ins and
 * consents can produce a cookie a browser would drop (or iron-session refuse to write).
 */
export async function saveSession(session: Session): Promise<void> {
  const dropped = fitSession(session);
  if (dropped.consents || dropped.accounts || dropped.claims) log.info("session.fit", dropped);
  await session.save();
}
