// The authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2) and the user's steps on the login/consent page.
// Authlete parses and validates the request (/auth/authorization); the interaction policy (policy.ts) decides
// whether a page is needed at all and which; we authenticate the user against Cognito and report the outcome
// (/auth/authorization/issue or /fail).
import { authorizationActions, authorizationIssueActions, type BrowserOutcome } from "../authlete/responses";
import type { AuthorizationFailReason, AuthorizationIssueResponse } from "../authlete/types";
import { signIn, type SignInFailure } from "../cognito/authenticate";
import { evenFailureTiming } from "../cognito/failure-timing";
import type { UserClaims } from "../cognito/claims";
import { userStanding } from "../cognito/users";
import type { CookieStore } from "../session";
import { isFormRequest, readBody } from "../http";
import { fromUiLocales, negotiateLocale, uiLocalesParameter, type Locale } from "../i18n";
import type { Messages } from "../i18n";
import { log } from "../log";
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
  type LoginState,
  type PendingAuthorization,
  type Session,
} from "../session";
import { browserFailure, browserResponse, logAuthleteOutcome, logFailure } from "./browser";
import { defaultDeps, type Deps } from "./deps";
import { verifyIdTokenHint } from "./id-token-hint";
import { clientAudiences, issueBody, newId, pendingFromResponse, rawRequestParameters } from "./interaction";
import { interactionPolicy, type PolicyDecision, type PolicyProgress } from "./policy";
import { forgetUser, recordConsent, saveSession, signInUser } from "./sso";
import { startChallenge } from "./challenge";
import { rememberLoginIdForReset } from "./password-reset";
import { openRequestUri } from "./pushed";

/** The policy's view of a pending request, this browser's session and what happened on the page so far. */
export function policyFor(pending: PendingAuthorization, session: Pick<Session, "user" | "consents" | "accounts">, progress: PolicyProgress, deps: Pick<Deps, "config" | "now">): PolicyDecision {
  return interactionPolicy({
    request: {
      prompts: pending.prompts ?? [],
      maxAge: pending.maxAge,
      subject: pending.subject,
      hint: pending.hint,
      acrs: pending.acrs,
      acrEssential: pending.acrEssential,
      scopes: pending.scopes.map((s) => s.name),
      client: pending.clientId,
    },
    session: { user: session.user, consents: session.consents, accounts: session.accounts },
    progress: { accountChosen: pending.accountChosen, forceSignIn: pending.forceSignIn, ...progress },
    now: Math.floor(deps.now() / 1000),
    sessionTtl: deps.config.session.ttlSeconds,
    acr: deps.config.acr,
  });
}

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
  const locale = negotiateLocale({ chosen: requested, acceptLanguage });

  try {
    const { authlete } = deps;
    // A pushed request's request_uri: ours to open first (pushed.ts).
    const opened = await openRequestUri(parameters, deps.config.session.password);
    if (opened.kind === "foreign" || opened.kind === "expired") {
      log.info("authorization", { requestUri: opened.kind });
      return errorPage(opened.kind === "foreign" ? "badRequest" : "expired", locale);
    }
    if (opened.kind === "pushed") parameters = opened.parameters;
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
    const pending = pendingFromResponse(res, now, locale);
    // What Authlete's response cannot tell: max_age=0 (reported as 0 = absent) and the id_token_hint.
    // For a pushed request only what was pushed counts (RFC 9126 §4), not what the URL adds: our seal, and the
    // payload of an encrypted request object that only Authlete could read.
    const raw =
      opened.kind === "pushed" ? { ...rawRequestParameters("", res.requestObjectPayload), ...opened.raw } : rawRequestParameters(parameters, res.requestObjectPayload);
    if (raw.maxAge !== undefined) pending.maxAge = raw.maxAge;
    if (raw.idTokenHint) {
      const hint = await verifyIdTokenHint(raw.idTokenHint, deps, clientAudiences(res.client));
      if ("invalid" in hint) {
        log.info("authorization", { idTokenHint: "invalid", why: hint.why });
        pending.hint = { invalid: true };
      } else {
        pending.hint = { sub: hint.sub };
        // Interactively the page asks that user to sign in: pre-fill their Login ID when we can name it.
        const known = session.accounts?.find((a) => a.sub === hint.sub)?.loginId;
        const email = typeof hint.claims.email === "string" ? hint.claims.email : undefined;
        if (!pending.subject) pending.loginHint = known ?? email ?? pending.loginHint;
      }
    }
    if (pending.subject) {
      pending.subjectLoginId = session.accounts?.find((a) => a.sub === pending.subject)?.loginId;
    }

    let decision = policyFor(pending, session, {}, deps);
    if (decision.kind === "issue") {
      // SSO: nobody signed in during this request, so Cognito is asked whether the user still may.
      const standing = await sessionUserStanding(session, deps);
      if (standing === "gone") decision = policyFor(pending, session, {}, deps);
      else if (standing === "failure") {
        if (mapped.interaction === "NO_INTERACTION") return browserResponse(await failFor(pending, "SERVER_ERROR", deps), locale);
        return errorPage("unavailable", locale);
      }
    }
    log.info("authorization", { action: res.action, decision: decision.kind, reason: "reason" in decision ? decision.reason : undefined });
    if (decision.kind === "issue" || decision.kind === "fail" || mapped.interaction === "NO_INTERACTION") {
      // No page: SSO with consent remembered, a request that cannot succeed, or prompt=none (for which the
      // policy only ever answers issue or fail; OIDC Core §3.1.2.1 "MUST NOT display any ... pages").
      const outcome =
        decision.kind === "issue"
          ? await issueFor(pending, decision, deps)
          : await failFor(pending, decision.kind === "fail" ? decision.reason : "INTERACTION_REQUIRED", deps);
      return browserResponse(outcome, locale);
    }

    // A page is needed: remember what it shows in a cookie of this browser's, and send the user there.
    await savePending(pending, store);
    if (requested) await saveRequestLocale(pending.id, requested, store);
    return new Response(null, { status: 303, headers: { Location: `${LOGIN_PAGE_PATH}/${pending.id}`, "Cache-Control": "no-store" } });
  } catch (e) {
    return browserFailure("authorization", e, locale);
  }
}

async function issueFor(pending: PendingAuthorization, decision: Extract<PolicyDecision, { kind: "issue" }>, deps: Deps): Promise<BrowserOutcome> {
  const issued = await deps.authlete.authorizationIssue(issueBody(pending.ticket, decision.user, pending.claims, pending.userinfoClaims, decision.acr));
  const outcome = authorizationIssueActions[issued.action](issued);
  logAuthleteOutcome("authorization", "/auth/authorization/issue", outcome);
  return outcome;
}

async function failFor(pending: PendingAuthorization, reason: AuthorizationFailReason, deps: Deps): Promise<BrowserOutcome> {
  const failed = await deps.authlete.authorizationFail({ ticket: pending.ticket, reason });
  const outcome = authorizationIssueActions[failed.action](failed);
  logAuthleteOutcome("authorization", "/auth/authorization/fail", outcome);
  return outcome;
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
  // One message — which also says what to do — for a wrong password, an unknown, disabled, locked-out or
  // reset-required account and a pre-authentication Lambda's refusal: Cognito gives some of these without checking
  // the password (lockout, RESET_REQUIRED, the Lambda), so a message of their own would tell anyone which accounts
  // exist (OWASP Authentication Cheat Sheet, "Authentication and Error Messages"). They answer after the same
  // delay too (cognito/failure-timing.ts).
  invalid_credentials: "invalidCredentials",
  too_many_attempts: "invalidCredentials",
  password_reset_required: "invalidCredentials",
  rejected: "invalidCredentials",
  // Cognito checks the password before it says "not confirmed" (and before any challenge).
  not_confirmed: "notConfirmed",
  throttled: "throttled",
  unavailable: "unavailable",
  misconfigured: "unavailable",
};

/** Where to send the browser once Authlete has answered issue/fail. */
async function finish(session: Session, pending: PendingAuthorization, outcome: BrowserOutcome, deps: Deps): Promise<DecisionResult> {
  await saveSession(session);
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

/** One pending request being worked on in a server action. */
interface Flow {
  id: string;
  pending: PendingAuthorization;
  session: Session;
  store: CookieStore;
  deps: Deps;
}

/**
 * Reports the outcome to Authlete (issue or fail) and sends the browser on. Each pending request lives in this
 * browser's cookie for it and is usable once: the cookie is dropped before Authlete is asked and restored only if
 * Authlete could not be reached (the ticket is then unspent); Authlete's ticket is single-use as well.
 */
async function settle(flow: Flow, endpoint: "/auth/authorization/issue" | "/auth/authorization/fail", call: () => Promise<AuthorizationIssueResponse>): Promise<DecisionResult> {
  // Once Authlete has acted on the ticket, a later failure (saving the cookie) must not offer a retry.
  let spent = false;
  try {
    await clearPending(flow.id, flow.store);
    const answer = await call();
    spent = true;
    const outcome = authorizationIssueActions[answer.action](answer);
    logAuthleteOutcome("decision", endpoint, outcome);
    return await finish(flow.session, flow.pending, outcome, flow.deps);
  } catch (e) {
    logFailure("decision", e);
    if (spent) return { state: { error: "serverError" } };
    // Authlete did not answer: keep the request (its ticket is unspent) and the user may try again; a sign-in
    // that succeeded is kept too.
    try {
      await savePending(flow.pending, flow.store);
      await saveSession(flow.session);
    } catch (again) {
      logFailure("decision", again);
    }
    return { state: { error: "unavailable" } };
  }
}

/** The page again (after a step that changed what it shows). */
async function showPage(flow: Flow): Promise<DecisionResult> {
  await savePending(flow.pending, flow.store);
  await saveSession(flow.session);
  return { redirectTo: `${LOGIN_PAGE_PATH}/${flow.id}` };
}

/**
 * Whether the browser's signed-in user may still get an answer without a password: one AdminGetUser by `sub`
 * (lib/cognito/users.ts), asked before every issue that no sign-in of this request stands behind (SSO, the consent
 * page, the account chooser). A user disabled or deleted in Cognito would otherwise keep getting codes for up to
 * SESSION_TTL_SECONDS; such a user is forgotten on this browser (as by logout), their tokens are revoked in Authlete
 * and the request goes on as for nobody signed in. If Cognito cannot say, nothing is issued ("failure": the caller answers that the service is
 * unavailable). The same check guards the refresh-token grant (endpoints.ts).
 */
async function sessionUserStanding(session: Session, deps: Deps): Promise<"active" | "gone" | "failure"> {
  const user = session.user;
  if (!user) return "active";
  const standing = await userStanding(deps.cognito, deps.config.cognito, user.sub);
  switch (standing.kind) {
    case "active":
      return "active";
    case "disabled":
    case "deleted": {
      forgetUser(session);
      await saveSession(session);
      // As the refresh grant does: every token of theirs goes too, or an access token would live on to its expiry.
      // If Authlete cannot do it now, the browser still forgets the user; the next refresh tries again.
      let revoked: number | undefined;
      try {
        revoked = (await deps.authlete.tokenRevoke({ subject: user.sub })).count;
      } catch (e) {
        logFailure("sso", e);
      }
      log.warn("sso", { result: `user_${standing.kind}`, revoked });
      return "gone";
    }
    case "failure":
      log.error("sso", { upstream: "cognito", result: standing.reason, detail: standing.detail });
      return "failure";
  }
}

/**
 * Acts on the policy's answer for this request: issue, fail, or the page that is still needed. `signedInNow`: a
 * Cognito sign-in of this request stands behind an issue (else the session's user is checked first).
 */
async function proceed(flow: Flow, decision: PolicyDecision, consented: boolean, signedInNow = false): Promise<DecisionResult> {
  const { pending, session, deps } = flow;
  switch (decision.kind) {
    case "issue": {
      if (!signedInNow) {
        const standing = await sessionUserStanding(session, deps);
        if (standing === "failure") return { state: { error: "unavailable" } };
        if (standing === "gone") return showPage(flow);
      }
      const { user, acr } = decision;
      if (consented) session.consents = recordConsent(session.consents, user.sub, pending.clientId, pending.scopes.map((s) => s.name));
      log.info("decision", { result: "issue", consented });
      return settle(flow, "/auth/authorization/issue", () =>
        deps.authlete.authorizationIssue(issueBody(pending.ticket, user, pending.claims, pending.userinfoClaims, acr)),
      );
    }
    case "fail":
      log.info("decision", { result: "fail", reason: decision.reason });
      return settle(flow, "/auth/authorization/fail", () => deps.authlete.authorizationFail({ ticket: pending.ticket, reason: decision.reason }));
    default:
      return showPage(flow);
  }
}

async function openFlow(id: string, deps: Deps): Promise<Flow | undefined> {
  const store = await deps.cookies();
  const pending = await readPending(id, deps.now(), store);
  if (!pending) return undefined;
  return { id, pending, session: await getSession(store), store, deps };
}

/**
 * The buttons of the login/consent page (its server action). `decision`:
 * - `authorize` on the sign-in form (`step=sign_in`): Login ID + password → Cognito → completeSignIn;
 * - `authorize` on the consent page (`step=consent`): the signed-in user consents;
 * - `deny`: access_denied to the client (OIDC Core §3.1.2.6);
 * - `another`: "Use another account" — the sign-in form, whoever is signed in;
 * - `choose` (+ `account` = a sub): a pick in the account chooser (prompt=select_account).
 */
export async function decide(id: string, form: FormData, deps: Deps = defaultDeps()): Promise<DecisionResult> {
  const flow = await openFlow(id, deps);
  if (!flow) return { state: { expired: true } };
  const { pending, session } = flow;

  const decision = form.get("decision") ?? (form.has("account") ? "choose" : null);
  switch (decision) {
    case "deny":
      log.info("decision", { result: "denied" });
      return settle(flow, "/auth/authorization/fail", () => deps.authlete.authorizationFail({ ticket: pending.ticket, reason: "DENIED" satisfies AuthorizationFailReason }));
    case "another":
      pending.forceSignIn = true;
      pending.accountChosen = undefined;
      pending.loginHint = undefined;
      return showPage(flow);
    case "choose": {
      const sub = String(form.get("account") ?? "");
      if (session.user && session.user.sub === sub) {
        pending.accountChosen = true;
        return proceed(flow, policyFor(pending, session, {}, deps), false);
      }
      // A signed-out account: its sign-in form, pre-filled.
      pending.forceSignIn = true;
      pending.loginHint = session.accounts?.find((a) => a.sub === sub)?.loginId;
      return showPage(flow);
    }
    default:
      // `authorize` (also what Enter in a field submits: the form's first button).
      if (form.get("step") === "consent") return proceed(flow, policyFor(pending, session, { consented: true }, deps), true);
      return passwordSignIn(flow, form);
  }
}

async function passwordSignIn(flow: Flow, form: FormData): Promise<DecisionResult> {
  const { pending, deps } = flow;
  // A demanded user (claims `sub`) locks the Login ID: whatever the form says, only that account is tried.
  const locked = pending.subject ? (pending.subjectLoginId ?? pending.subject) : undefined;
  const loginId = locked ?? String(form.get("loginId") ?? "").trim();
  const password = String(form.get("password") ?? "");
  if (!loginId || !password) return { state: { error: "enterCredentials", loginId } };

  const result = await evenFailureTiming(() => signIn(deps.cognito, deps.config.cognito, loginId, password, deps.now));
  // A challenge (MFA, new password) is a step of its own, never a sign-in (lib/oauth/challenge.ts).
  if (result.kind === "challenge") return startChallenge(flow.id, loginId, result.challenge, deps);
  // PasswordResetRequiredException is not sent to the reset page: Cognito gives it for any password (the password
  // of a RESET_REQUIRED user is deactivated), so going there would tell anyone the account exists. It reads like a
  // wrong password, whose message points to "Forgot password?" — the recovery path (ForgotPassword →
  // ConfirmForgotPassword) — and, for every such failure alike, the reset page starts with the typed Login ID.
  if (result.kind !== "success") {
    const logFields = { result: result.reason };
    if (result.reason === "unavailable" || result.reason === "misconfigured") {
      log.error("login", { ...logFields, detail: result.detail });
    } else {
      log.info("login", logFields);
    }
    const message = SIGN_IN_MESSAGES[result.reason];
    if (message === "invalidCredentials") await rememberLoginIdForReset(flow.id, loginId, deps);
    return { state: { error: message, loginId } };
  }
  return completeSignIn(flow.id, { subject: result.subject, claims: result.claims, authTime: result.authTime, loginId, amr: ["pwd"] }, deps);
}

/** A successful Cognito sign-in (password, or password + the challenges Cognito asked for). */
export interface SignedIn {
  /** The Cognito `sub` (our Authlete subject). */
  subject: string;
  claims: UserClaims;
  /** Seconds since the epoch of the sign-in. */
  authTime: number;
  /** What the user typed as Login ID (shown later as "Signed in as …"). */
  loginId: string;
  /** RFC 8176 authentication method references, e.g. ["pwd"] or ["pwd", "otp", "mfa"]; absent = password only. */
  amr?: string[];
}

/**
 * Completes a sign-in for pending request `id` once Cognito has said yes, then issues or fails the request as the
 * interaction policy decides (the user pressed Authorize on the sign-in form, so consent is given). The password
 * step calls it directly; a challenge step (MFA, new password) calls it when Cognito's last answer is an
 * AuthenticationResult, with the `amr` the challenges met.
 *
 * A user the request cannot accept (the client demanded another `sub`, or its id_token_hint names another user)
 * is refused without touching the session. Otherwise the browser's session becomes this user's: another user's
 * sign-in ends here (their consents stay keyed to them), and an essential acr this sign-in did not meet ends the
 * request with ACR_NOT_SATISFIED rather than another attempt.
 */
export async function completeSignIn(id: string, signedIn: SignedIn, deps: Deps = defaultDeps()): Promise<DecisionResult> {
  const flow = await openFlow(id, deps);
  if (!flow) return { state: { expired: true } };
  const { pending, session } = flow;
  const user: LoginState = {
    sub: signedIn.subject,
    authTime: signedIn.authTime,
    claims: signedIn.claims,
    sid: newId(),
    amr: signedIn.amr,
    loginId: signedIn.loginId,
  };
  pending.forceSignIn = undefined;
  const decision = policyFor(pending, { ...session, user }, { signedInNow: true, consented: true }, deps);
  if (decision.kind === "sign_in") {
    // OIDC Core §5.5.1 (`sub` demanded) and §3.1.2.1 (id_token_hint): keep asking until that user signs in.
    log.info("login", { result: "different_subject" });
    return { state: { error: "differentSubject", loginId: signedIn.loginId } };
  }
  signInUser(session, user);
  log.info("login", { result: "success", decision: decision.kind });
  return proceed(flow, decision, true, true);
}

/** GET /api/authorization/form/{id}: serves a parked form_post page once. */
export async function serveFormPost(request: Request, id: string, deps: Deps = defaultDeps()): Promise<Response> {
  const html = await takeFormPost(id, await deps.cookies());
  return html ? browserResponse({ kind: "form", html }, "en") : errorPage("expired", negotiateLocale({ acceptLanguage: request.headers.get("accept-language") }));
}
