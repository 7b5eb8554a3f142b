// The authorization endpoint (RFC 6749 §3.1, OIDC Core §3.1.2) and the user's decision on the login/consent
// page. Authlete parses and validates the request (/auth/authorization); we show the page, authenticate the
// user against Cognito and report the outcome (/auth/authorization/issue or /fail).
import { authleteFromConfig, AuthleteApiError } from "../authlete/client";
import {
  authorizationActions,
  authorizationIssueActions,
  expiredPage,
  issueOutcomeResponse,
  serverErrorPage,
  unavailablePage,
  type IssueOutcome,
} from "../authlete/responses";
import type { AuthorizationFailReason } from "../authlete/types";
import { signIn, type SignInFailure } from "../cognito/authenticate";
import { cognitoClient } from "../cognito/client";
import { getConfig } from "../config";
import { htmlPage, isFormRequest, readFormBody } from "../http";
import { describeError, log } from "../log";
import {
  clearPending,
  FORM_POST_PATH,
  getSession,
  LOGIN_PAGE_PATH,
  readPending,
  saveFormPost,
  savePending,
  takeFormPost,
  type PendingAuthorization,
  type Session,
} from "../session";
import { decideWithoutInteraction, issueBody, newId, pendingFromResponse, recordGrant } from "./interaction";

/** GET and POST /api/authorization. `parameters` is the raw query string or form body. */
export async function handleAuthorizationRequest(request: Request): Promise<Response> {
  let parameters: string;
  if (request.method === "POST") {
    // OIDC Core §3.1.2.1: POST uses form serialization.
    const body = isFormRequest(request) ? await readFormBody(request) : undefined;
    if (body === undefined) {
      return htmlPage(400, "This sign-in request can't be processed", "The request must be sent as an HTML form (application/x-www-form-urlencoded) of reasonable size.");
    }
    parameters = body;
  } else {
    parameters = new URL(request.url).search.slice(1);
  }

  try {
    const authlete = authleteFromConfig(getConfig());
    const res = await authlete.authorization({ parameters });
    const mapped = authorizationActions[res.action](res);
    if (mapped instanceof Response) {
      log.info("authorization", { action: res.action });
      return mapped;
    }

    const session = await getSession();
    const now = Date.now();
    if (mapped.interaction === "NO_INTERACTION") {
      const decision = decideWithoutInteraction(res, session.user, session.grants, Math.floor(now / 1000));
      let outcome: IssueOutcome;
      if ("fail" in decision) {
        const failed = await authlete.authorizationFail({ ticket: res.ticket ?? "", reason: decision.fail });
        outcome = authorizationIssueActions[failed.action](failed);
      } else {
        const pending = pendingFromResponse(res, now);
        const issued = await authlete.authorizationIssue(issueBody(pending.ticket, decision.issue, pending.claims, pending.userinfoClaims));
        outcome = authorizationIssueActions[issued.action](issued);
      }
      log.info("authorization", { action: res.action, result: "fail" in decision ? decision.fail : "issued" });
      return issueOutcomeResponse(outcome);
    }

    // INTERACTION: remember what the page shows in a cookie of this browser's, and send the user there.
    const pending = pendingFromResponse(res, now);
    await savePending(pending);
    log.info("authorization", { action: res.action });
    return new Response(null, { status: 303, headers: { Location: `${LOGIN_PAGE_PATH}/${pending.id}`, "Cache-Control": "no-store" } });
  } catch (e) {
    return browserFailure("authorization", e);
  }
}

function browserFailure(event: string, e: unknown): Response {
  if (e instanceof AuthleteApiError) {
    log.error(event, { upstream: "authlete", kind: e.kind, path: e.path, status: e.status, resultCode: e.resultCode });
    return e.unavailable ? unavailablePage() : serverErrorPage();
  }
  log.error(event, { error: describeError(e) });
  return serverErrorPage();
}

// --- the user's decision (server action on the login/consent page) --------------------------------------------

export interface DecisionState {
  /** Message shown above the form (role=alert). */
  error?: string;
  /** The login ID the user typed, to refill the field after an error. */
  loginId?: string;
  /** The request is gone (used, expired, unknown): the page shows the "expired" view. */
  expired?: boolean;
}

export type DecisionResult = { redirectTo: string } | { state: DecisionState };

const SIGN_IN_MESSAGES: Record<SignInFailure | "challenge", string> = {
  // One message for wrong password, unknown user and disabled user: nothing reveals which accounts exist.
  invalid_credentials: "Incorrect login ID or password.",
  too_many_attempts: "Too many failed sign-in attempts. Wait a few minutes, then try again.",
  not_confirmed: "This account has not been confirmed yet. Contact your administrator.",
  password_reset_required: "You must reset your password before you can sign in. Contact your administrator.",
  rejected: "Sign-in was refused for this account. Contact your administrator.",
  throttled: "The sign-in service is busy right now. Please try again in a moment.",
  unavailable: "The sign-in service is temporarily unavailable. Please try again in a moment.",
  misconfigured: "The sign-in service is temporarily unavailable. Please try again in a moment.",
  challenge:
    "This account needs an additional verification step (such as a one-time code or a new password) that this server does not offer yet. Contact your administrator.",
};

/** Where to send the browser once Authlete has answered issue/fail. */
async function finish(session: Session, pending: PendingAuthorization, outcome: IssueOutcome): Promise<DecisionResult> {
  await session.save();
  switch (outcome.kind) {
    case "redirect":
      return { redirectTo: outcome.location };
    case "form":
      // A server action cannot answer with HTML; park the auto-submitting page for one GET.
      await saveFormPost(pending.id, outcome.html);
      return { redirectTo: `${FORM_POST_PATH}/${pending.id}` };
    case "expired":
      return { state: { expired: true } };
    case "error":
      // Authlete refused the call without spending the ticket (INTERNAL_SERVER_ERROR): let the user retry.
      await savePending(pending);
      return { state: { error: SIGN_IN_MESSAGES.unavailable } };
  }
}

/**
 * The Authorize / Deny button. Each pending request lives in this browser's cookie for it and is usable once:
 * the cookie is dropped when Authlete is asked (and restored only if Authlete could not act on the ticket),
 * and Authlete's ticket is single-use as well.
 */
export async function decide(id: string, form: FormData): Promise<DecisionResult> {
  const pending = await readPending(id);
  if (!pending) return { state: { expired: true } };
  const session = await getSession();
  const authlete = authleteFromConfig(getConfig());

  try {
    if (form.get("decision") === "deny") {
      await clearPending(id);
      const failed = await authlete.authorizationFail({ ticket: pending.ticket, reason: "DENIED" satisfies AuthorizationFailReason });
      log.info("decision", { result: "denied" });
      return finish(session, pending, authorizationIssueActions[failed.action](failed));
    }

    const loginId = String(form.get("loginId") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!loginId || !password) return { state: { error: "Enter your login ID and password.", loginId } };

    const config = getConfig();
    const result = await signIn(cognitoClient(config.cognito), config.cognito, loginId, password);
    if (result.kind !== "success") {
      const reason = result.kind === "challenge" ? "challenge" : result.reason;
      const logFields = { result: reason, challenge: result.kind === "challenge" ? result.challenge : undefined };
      if (result.kind === "failure" && (result.reason === "unavailable" || result.reason === "misconfigured")) {
        log.error("login", { ...logFields, detail: result.detail });
      } else {
        log.info("login", logFields);
      }
      return { state: { error: SIGN_IN_MESSAGES[reason], loginId } };
    }
    if (pending.subject && pending.subject !== result.subject) {
      // The client demanded a specific user (claims request `sub`); keep asking until that user signs in.
      log.info("login", { result: "different_subject" });
      return { state: { error: "Sign in with the account this application asked for.", loginId } };
    }

    session.user = { sub: result.subject, authTime: result.authTime, claims: result.claims, sid: newId() };
    session.grants = recordGrant(session.grants, pending.clientId, pending.scopes.map((s) => s.name));
    await clearPending(id);
    const issued = await authlete.authorizationIssue(issueBody(pending.ticket, session.user, pending.claims, pending.userinfoClaims));
    log.info("login", { result: "success", action: issued.action });
    return finish(session, pending, authorizationIssueActions[issued.action](issued));
  } catch (e) {
    if (e instanceof AuthleteApiError) {
      log.error("decision", { upstream: "authlete", kind: e.kind, path: e.path, status: e.status, resultCode: e.resultCode });
    } else {
      log.error("decision", { error: describeError(e) });
    }
    // Authlete did not answer: keep the request (its ticket may be unspent) and the user may try again.
    await savePending(pending);
    return { state: { error: SIGN_IN_MESSAGES.unavailable } };
  }
}

/** GET /api/authorization/form/{id}: serves a parked form_post page once. */
export async function serveFormPost(id: string): Promise<Response> {
  const html = await takeFormPost(id);
  return html ? issueOutcomeResponse({ kind: "form", html }) : expiredPage();
}
