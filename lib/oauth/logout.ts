// The end_session_endpoint (OpenID Connect RP-Initiated Logout 1.0), GET and POST /api/logout. Authlete has no
// logout API (reference authlete-api.md §3.19): the session lives in our cookie, so logging out is ours.
//
// - `id_token_hint` is verified as at the authorization endpoint (our JWK Set, our issuer; expired is fine,
//   §2 "the OP ... SHOULD accept ID Tokens ... even if expired"); one that does not verify ends in an error page,
//   without logging out and without redirecting.
// - `client_id` (or the hint's audience) names the client; its registered post-logout redirect URIs come from
//   its Authlete metadata (`attributes` key `post_logout_redirect_uris`, space-separated, or the
//   `customMetadata` JSON member of that name), read with /client/get and cached briefly. Authlete 3.0.16 has no
//   field of its own for them.
// - `post_logout_redirect_uri` is followed only when it exactly matches a registered one (§3: "MUST NOT perform
//   post-logout redirection if ... not ... previously registered"), with `state` appended; otherwise the user
//   lands on our own logged-out page.
// - A request that cannot be tied to the signed-in user (no hint, or a hint of someone else) asks first: Log out
//   / Stay signed in (§2: the OP SHOULD ask the End-User).
// - `ui_locales` chooses the language of our pages (§2), then Accept-Language.
import { sealData, unsealData } from "iron-session";
import { AuthleteApiError, type AuthleteClient } from "../authlete/client";
import type { ClientDetails } from "../authlete/types";
import { isFormRequest, NO_STORE, readBody } from "../http";
import { negotiateLocale, type Locale } from "../i18n";
import { log } from "../log";
import { errorPage } from "../pages/html";
import { loggedOutPage, logoutConfirmPage, logoutInvalidPage, stayedSignedInPage } from "../pages/logout";
import { getSession } from "../session";
import { browserFailure } from "./browser";
import { defaultDeps, type Deps } from "./deps";
import { verifyIdTokenHint } from "./id-token-hint";
import { forgetUser, saveSession, userLabel } from "./sso";

/** The endpoint's path (discovery's end_session_endpoint). */
export const END_SESSION_PATH = "/api/logout";

/** The client metadata key that lists post-logout redirect URIs (the RP-Initiated Logout §3.1 metadata name). */
export const POST_LOGOUT_REDIRECT_URIS = "post_logout_redirect_uris";

/** How long a confirmation page's answer is accepted. */
const CONFIRM_TTL_SECONDS = 600;
/** Client metadata changes rarely; a minute of caching spares an Authlete call per logout. */
const CLIENT_TTL_MS = 60_000;

const clientCache = new WeakMap<AuthleteClient, Map<string, { at: number; uris: string[] }>>();

/** The post-logout redirect URIs registered in a client's Authlete metadata. */
export function postLogoutRedirectUris(client: ClientDetails): string[] {
  const uris = new Set<string>();
  for (const a of client.attributes ?? []) {
    if (a.key === POST_LOGOUT_REDIRECT_URIS) for (const u of a.value.split(/\s+/)) if (u) uris.add(u);
  }
  if (client.customMetadata) {
    try {
      const v = (JSON.parse(client.customMetadata) as Record<string, unknown>)[POST_LOGOUT_REDIRECT_URIS];
      const list = Array.isArray(v) ? v : typeof v === "string" ? v.split(/\s+/) : [];
      for (const u of list) if (typeof u === "string" && u) uris.add(u);
    } catch {
      // not JSON: nothing registered there
    }
  }
  return [...uris];
}

async function registeredUris(clientId: string, deps: Deps): Promise<string[]> {
  let byClient = clientCache.get(deps.authlete);
  if (!byClient) clientCache.set(deps.authlete, (byClient = new Map()));
  const now = deps.now();
  const hit = byClient.get(clientId);
  if (hit && now - hit.at < CLIENT_TTL_MS) return hit.uris;
  let uris: string[];
  try {
    uris = postLogoutRedirectUris(await deps.authlete.clientGet(clientId));
  } catch (e) {
    // An unknown client registered nothing; anything else is an outage for the caller to report.
    if (!(e instanceof AuthleteApiError && e.status === 404)) throw e;
    uris = [];
  }
  if (byClient.size > 1000) byClient.clear();
  byClient.set(clientId, { at: now, uris });
  return uris;
}

/** Forgets cached client metadata (tests). */
export function clearLogoutClientCache(authlete: AuthleteClient): void {
  clientCache.delete(authlete);
}

async function readParameters(request: Request): Promise<URLSearchParams | "notForm" | "tooLarge"> {
  if (request.method !== "POST") return new URL(request.url).searchParams;
  if (!isFormRequest(request)) return "notForm";
  const read = await readBody(request);
  if ("error" in read) return read.error === "too_large" ? "tooLarge" : "notForm";
  return new URLSearchParams(read.body);
}

function one(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name);
  return v === null || v === "" ? undefined : v;
}

/** GET and POST /api/logout. */
export async function handleEndSessionRequest(request: Request, deps: Deps = defaultDeps()): Promise<Response> {
  const acceptLanguage = request.headers.get("accept-language");
  const params = await readParameters(request);
  if (typeof params === "string") return errorPage(params, negotiateLocale({ acceptLanguage }));
  const locale: Locale = negotiateLocale({ uiLocales: one(params, "ui_locales"), acceptLanguage });

  try {
    const store = await deps.cookies();
    const session = await getSession(store);
    const hintToken = one(params, "id_token_hint");
    const clientIdParam = one(params, "client_id");

    let hint: { sub: string; aud: string[]; azp?: string } | undefined;
    if (hintToken) {
      // §2: client_id, when given, must be an audience of the hint.
      const verified = await verifyIdTokenHint(hintToken, deps, clientIdParam ? [clientIdParam] : undefined);
      if ("invalid" in verified) {
        log.info("logout", { result: "invalid_hint", why: verified.why });
        return logoutInvalidPage(locale);
      }
      hint = { sub: verified.sub, aud: verified.aud, azp: typeof verified.claims.azp === "string" ? verified.claims.azp : undefined };
    }

    const clientId = clientIdParam ?? (hint?.aud.length === 1 ? hint.aud[0] : hint?.azp);
    const requestedUri = one(params, "post_logout_redirect_uri");
    let redirectTo: string | undefined;
    if (requestedUri && clientId && (await registeredUris(clientId, deps)).includes(requestedUri)) {
      const url = new URL(requestedUri);
      const state = one(params, "state");
      if (state !== undefined) url.searchParams.append("state", state);
      redirectTo = url.href;
    }

    const user = session.user;
    const tied = !user || (hint !== undefined && hint.sub === user.sub);
    if (user && !tied) {
      const answer = one(params, "confirm");
      const confirmed = answer !== undefined && (await confirmationValid(one(params, "confirm_token"), user.sid, deps));
      if (!confirmed) {
        const fields: Record<string, string> = { confirm_token: await confirmationToken(user.sid, deps) };
        for (const name of ["id_token_hint", "client_id", "post_logout_redirect_uri", "state", "ui_locales"]) {
          const v = one(params, name);
          if (v !== undefined) fields[name] = v;
        }
        log.info("logout", { result: "confirm" });
        return logoutConfirmPage(locale, userLabel(user), fields);
      }
      if (answer !== "logout") {
        log.info("logout", { result: "stayed" });
        return stayedSignedInPage(locale);
      }
    }

    const forgotten = forgetUser(session);
    await saveSession(session);
    log.info("logout", { result: forgotten ? "logged_out" : "not_signed_in", redirect: redirectTo !== undefined, requestedRedirect: requestedUri !== undefined });
    if (redirectTo) return new Response(null, { status: 303, headers: { Location: redirectTo, ...NO_STORE } });
    return loggedOutPage(locale);
  } catch (e) {
    return browserFailure("logout", e, locale);
  }
}

/** A token the confirmation form carries: it binds "Log out" to this sign-in (`sid`) and expires. */
async function confirmationToken(sid: string, deps: Deps): Promise<string> {
  return sealData({ sid, purpose: "logout" }, { password: deps.config.session.password, ttl: CONFIRM_TTL_SECONDS });
}

async function confirmationValid(token: string | undefined, sid: string, deps: Deps): Promise<boolean> {
  if (!token) return false;
  try {
    const data = await unsealData<{ sid?: string; purpose?: string }>(token, { password: deps.config.session.password, ttl: CONFIRM_TTL_SECONDS });
    return data.purpose === "logout" && data.sid === sid;
  } catch {
    return false;
  }
}
