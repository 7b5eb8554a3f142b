// The authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2) and the user's decision on the login/consent
// page. Authlete parses and validates the request (/auth/authorization); we show the page, authenticate the
// user against Cognito and report the outcome (/auth/authorization/issue or /fail).
import { AuthleteApiError } from "../authlete/client";
import { authorizationActions, authorizationIssueActions, type BrowserOutcome } from "../authlete/responses";
import type { AuthorizationFailReason } from "../authlete/types";
import { signIn, type SignInFailure } from "../cognito/authenticate";
import type { UserClaims } from "../cognito/claims";
import { isFormRequest, readBody } from "../http";
import { fromAcceptLanguage, fromUiLocales, negotiateLocale, uiLocalesParameter, type Locale } from "../i18n";
import type { Messages } from "../i18n";
import { describeError, log } from "../log";
import { errorPage } from "../pages/html";
import {
  clearPending,
  FORM_POST_PATH,
  getSession,
  LOGIN_PAGE_PATH,
  readPending,
  saveFormPost,
  savePending,
  saveRequestLocale,
  takeFormPost,
  type PendingAuthorization,
  type Session,
} from "../session";
import { browserResponse, logAuthleteOutcome } from "./browser";
import { defaultDeps, type Deps } from "./deps";
import { startChallenge } from "./challenge";
import { decideWithoutInteraction, issueBody, newId, pendingFromResponse, recordGrant } from "./interaction";
import { startPasswordReset } from "./password-reset";

/** GET and POST /api/authorization. `parameters` is the raw query string or form body. */
export async function handleAuthorizationRequest(request: Request, deps: Deps = defaultDeps()): Promise<Response> {
  const acceptLanguage = request.headers.get("accept-language");
  let parameters: string;
  if (request.method === "POST") {
    // OIDC Core §3.1.2.1: POST uses form serialization.
    if (!isFormRequest(request)) return errorPage("notForm", negotiateLocale({ acceptLanguage }));
    const read = await readBody(request);
    if ("error" in read) return errorPage(read.error === "too_large" ? "tooLarge" : "notForm", negotiateLocale({ acceptLanguage }));
    parameters = read.body;
  } else {
    parameters = new URL(request.url).search.slice(1);
  }
  // The request's own ui_locales choose the language of every page it leads to (OIDC Core §3.1.2.1).
  const requested = fromUiLocales(uiLocalesParameter(parameters));
  const locale = requested ?? fromAcceptLanguage(acceptLanguage) ?? "en";

  try {
    const { authlete } = deps;
    const res = await authlete.authorization({ parameters });
    const mapped = authorizationActions[res.action](res);
    if (!("interaction" in mapped)) {
      log.info("authorization", { action: res.action });
      logAuthleteOutcome("authorization", "/auth/authorization", mapped);
      return browserResponse(mapped, locale);
    }

    const store = await deps.cookies();
    const session = await getSession(store);
    const now = deps.now();
    if (mapped.interaction === "NO_INTERACTION") {
      const decision = decideWithoutInteraction(res, session.user, session.grants, Math.floor(now / 1000));
      let outcome: BrowserOutcome;
      if ("fail" in decision) {
        const failed = await authlete.authorizationFail({ ticket: res.ticket ?? "", reason: decision.fail });
        outcome = authorizationIssueActions[failed.action](failed);
        logAuthleteOutcome("authorization", "/auth/authorization/fail", outcome);
      } else {
        const pending = pendingFromResponse(res, now);
        const issued = await authlete.authorizationIssue(issueBody(pending.ticket, decision.issue, pending.claims, pending.userinfoClaims, deps.config.acr));
        outcome = authorizationIssueActions[issued.action](issued);
        logAuthleteOutcome("authorization", "/auth/authorization/issue", outcome);
      }
      log.info("authorization", { action: res.action, result: "fail" in decision ? decision.fail : "issued" });
      return browserResponse(outcome, locale);
    }

    // INTERACTION: remember what the page shows in a cookie of this browser's, and send the user there.
    const pending = pendingFromResponse(res, now);
    await savePending(pending, store);
    if (requested) await saveRequestLocale(pending.id, requested, store);
    log.info("authorization", { action: res.action });
    return new Response(null, { status: 303, headers: { Location: `${LOGIN_PAGE_PATH}/${pending.id}`, "Cache-Control": "no-store" } });
  } catch (e) {
    return browserFailure("authorization", e, locale);
  }
}

function logFailure(event: string, e: unknown): void {
  if (e instanceof AuthleteApiError) {
    log.error(event, { upstream: "authlete", kind: e.kind, path: e.path, status: e.status, resultCode: e.resultCode });
  } else {
    log.error(event, { error: describeError(e) });
  }
}

function browserFailure(event: string, e: unknown, locale: Locale): Response {
  logFailure(event, e);
  return errorPage(e instanceof AuthleteApiError && e.unavailable ? "unavailable" : "serverError", locale);
}

// --- the user's decision (server action on the login/consent page) --------------------------------------------

/** A message of the sign-in page's catalogue (the page renders it in the user's language). */
export type SignInMessage = keyof Messages["signIn"];

export interface DecisionState {
  /** Message shown above the form (role=alert). */
  error?: SignInMessage;
  /** The login ID the user typed, to refill the field after an error. */
  loginId?: string;
  /** The request is gone (used, expired, unknown): the page shows the "expired" view. */
  expired?: boolean;
}

export type DecisionResult = { redirectTo: string } | { state: DecisionState };

const SIGN_IN_MESSAGES: Record<SignInFailure, SignInMessage> = {
  // One message for wrong password, unknown user and disabled user: nothing reveals which accounts exist.
  invalid_credentials: "invalidCredentials",
  too_many_attempts: "tooManyAttempts",
  not_confirmed: "notConfirmed",
  password_reset_required: "passwordResetRequired",
  rejected: "rejected",
  throttled: "throttled",
  unavailable: "unavailable",
  misconfigured: "unavailable",
};

/** Where to send the browser once Authlete has answered issue/fail. */
async function finish(session: Session, pending: PendingAuthorization, outcome: BrowserOutcome, deps: Deps): Promise<DecisionResult> {
  await session.save();
  switch (outcome.kind) {
    case "redirect":
      return { redirectTo: outcome.location };
    case "form":
      // A server action cannot answer with HTML; park the auto-submitting page for one GET.
      await saveFormPost(pending.id, outcome.html, await deps.cookies());
      return { redirectTo: `${FORM_POST_PATH}/${pending.id}` };
    case "expired":
    case "bad_request":
      return { state: { expired: true } };
    case "server_error":
      // Authlete could not process our call (a missing JWK Set, a malformed request of ours): retrying the same
      // call cannot help, so the request is not restored. logAuthleteOutcome has told the operator why.
      return { state: { error: "serverError" } };
  }
}

/**
 * The Authorize / Deny button. Each pending request lives in this browser's cookie for it and is usable once:
 * the cookie is dropped when Authlete is asked (and restored only if Authlete could not be reached, so the
 * ticket is unspent), and Authlete's ticket is single-use as well.
 */
export async function decide(id: string, form: FormData, deps: Deps = defaultDeps()): Promise<DecisionResult> {
  const store = await deps.cookies();
  const pending = await readPending(id, deps.now(), store);
  if (!pending) return { state: { expired: true } };
  const { authlete, config } = deps;

  if (form.get("decision") === "deny") {
    const session = await getSession(store);
    let spent = false;
    try {
      await clearPending(id, store);
      const failed = await authlete.authorizationFail({ ticket: pending.ticket, reason: "DENIED" satisfies AuthorizationFailReason });
      spent = true;
      const outcome = authorizationIssueActions[failed.action](failed);
      logAuthleteOutcome("decision", "/auth/authorization/fail", outcome);
      log.info("decision", { result: "denied" });
      return await finish(session, pending, outcome, deps);
    } catch (e) {
      logFailure("decision", e);
      if (spent) return { state: { error: "serverError" } };
      await savePending(pending, store);
      return { state: { error: "unavailable" } };
    }
  }

  const loginId = String(form.get("loginId") ?? "").trim();
  const password = String(form.get("password") ?? "");
  if (!loginId || !password) return { state: { error: "enterCredentials", loginId } };

  const result = await signIn(deps.cognito, config.cognito, loginId, password, deps.now);
  // A challenge (MFA, new password) is a step of its own, never a sign-in (lib/oauth/challenge.ts).
  if (result.kind === "challenge") return startChallenge(id, loginId, result.challenge, deps);
  if (result.kind === "failure" && result.reason === "password_reset_required") return startPasswordReset(id, loginId, deps);
  if (result.kind !== "success") {
    const logFields = { result: result.reason };
    if (result.reason === "unavailable" || result.reason === "misconfigured") {
      log.error("login", { ...logFields, detail: result.detail });
    } else {
      log.info("login", logFields);
    }
    return { state: { error: SIGN_IN_MESSAGES[result.reason], loginId } };
  }
  return completeSignIn(id, { subject: result.subject, claims: result.claims, authTime: result.authTime, loginId, amr: ["pwd"] }, deps);
}

/** A successful Cognito sign-in (password, or password + the challenges Cognito asked for). */
export interface SignedIn {
  /** The Cognito `sub` (our Authlete subject). */
  subject: string;
  claims: UserClaims;
  /** Seconds since the epoch of the sign-in. */
  authTime: number;
  /** What the user typed as Login ID. */
  loginId: string;
  /** RFC 8176 authentication method references (lib/oauth/amr.ts); absent = password only. */
  amr?: string[];
}

/**
 * Turns an authenticated Cognito user into the signed-in session and answers Authlete: the requested subject
 * is checked, `session.user` is set (only here, after Cognito's AuthenticationResult), the grant recorded and
 * /auth/authorization/issue called with the amr and acr the sign-in met. Shared by the password step and the
 * challenge steps.
 */
export async function completeSignIn(id: string, signedIn: SignedIn, deps: Deps = defaultDeps()): Promise<DecisionResult> {
  const store = await deps.cookies();
  const pending = await readPending(id, deps.now(), store);
  if (!pending) return { state: { expired: true } };
  const { authlete, config } = deps;
  const amr = signedIn.amr ?? ["pwd"];
  if (pending.subject && pending.subject !== signedIn.subject) {
    // The client demanded a specific user (claims request `sub`); keep asking until that user signs in.
    log.info("login", { result: "different_subject" });
    return { state: { error: "differentSubject", loginId: signedIn.loginId } };
  }
  const session = await getSession(store);
  // Once Authlete has acted on the ticket, a later failure (saving the cookie) must not offer a retry.
  let spent = false;
  try {
    session.user = { sub: signedIn.subject, authTime: signedIn.authTime, claims: signedIn.claims, sid: newId(), amr };
    session.grants = recordGrant(session.grants, pending.clientId, pending.scopes.map((s) => s.name));
    await clearPending(id, store);
    const issued = await authlete.authorizationIssue(issueBody(pending.ticket, session.user, pending.claims, pending.userinfoClaims, config.acr));
    spent = true;
    const outcome = authorizationIssueActions[issued.action](issued);
    logAuthleteOutcome("decision", "/auth/authorization/issue", outcome);
    log.info("login", { result: "success", action: issued.action, amr: amr.join(" ") });
    return await finish(session, pending, outcome, deps);
  } catch (e) {
    logFailure("decision", e);
    if (spent) return { state: { error: "serverError" } };
    // Authlete did not answer: keep the request (its ticket is unspent) and the user may try again.
    await savePending(pending, store);
    return { state: { error: "unavailable" } };
  }
}

/** GET /api/authorization/form/{id}: serves a parked form_post page once. */
export async function serveFormPost(request: Request, id: string, deps: Deps = defaultDeps()): Promise<Response> {
  const html = await takeFormPost(id, await deps.cookies());
  return html ? browserResponse({ kind: "form", html }, "en") : errorPage("expired", negotiateLocale({ acceptLanguage: request.headers.get("accept-language") }));
}
