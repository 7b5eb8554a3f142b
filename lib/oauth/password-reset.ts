// Password recovery inside a pending authorization request: ForgotPassword sends a code, ConfirmForgotPassword
// sets the new password, and the user goes back to the sign-in step with a notice. Reached from the "Forgot
// password?" link — which is also the way out for a user whose password an administrator reset (Cognito's
// PasswordResetRequiredException reads like a wrong password on the sign-in page, see authorization.ts, so it
// reveals no account; the failed sign-in leaves its Login ID for this page, as every failed sign-in does).
//
// Nothing here signs anyone in. Every answer reads the same whether or not an account exists for the login ID
// (lib/cognito/challenges.ts, forgotPassword / confirmForgotPassword).
import { confirmForgotPassword, forgotPassword, passwordProblem } from "../cognito/challenges";
import type { Messages } from "../i18n";
import { log } from "../log";
import { clearRequestCookie, isRequestId, LOGIN_PAGE_PATH, readPending, readRequestCookie, sealForRequest, setRequestCookie, type CookieStore } from "../session";
import { pagePath, readNewPassword, type ChallengeMessage } from "./challenge";
import { defaultDeps, type Deps } from "./deps";

/** The Login ID of the last failed sign-in of a request, so the reset page can start with it. */
export const RESET_COOKIE = "as_reset";

export function resetPath(id: string): string {
  return `${LOGIN_PAGE_PATH}/${id}/forgot-password`;
}

export type ResetMessage = keyof Messages["passwordReset"];

export interface ResetState {
  /** request: ask for the login ID and send a code; confirm: the code and the new password. */
  stage: "request" | "confirm";
  loginId?: string;
  /** A code was requested (the page says where it may have gone, the same words for every login ID). */
  sent?: boolean;
  error?: ResetMessage;
  /** The new password was refused for a reason the challenge namespace words (policy, history). */
  problem?: ChallengeMessage;
  expired?: boolean;
}

export type ResetResult = { redirectTo: string } | { state: ResetState };

interface ResetCookie {
  id: string;
  loginId: string;
}

/**
 * A sign-in of request `id` failed like a wrong password: remember the typed Login ID (sealed, on the request's
 * path) so that "Forgot password?" starts with it. Done for every such failure alike — wrong password, unknown,
 * disabled, locked-out or reset-required account — so it tells nobody which one it was.
 */
export async function rememberLoginIdForReset(id: string, loginId: string, deps: Deps): Promise<void> {
  if (!isRequestId(id)) return;
  await setRequestCookie(RESET_COOKIE, id, await sealForRequest({ id, loginId } satisfies ResetCookie), await deps.cookies());
}

/** The Login ID the last failed sign-in left for the reset page of request `id`. */
export async function resetLoginId(id: string, store: CookieStore): Promise<string | undefined> {
  const data = await readRequestCookie<ResetCookie>(RESET_COOKIE, id, store);
  return typeof data?.loginId === "string" ? data.loginId : undefined;
}

const LOGIN_MAX = 128;

/**
 * The reset page's form (server action). `op`: "send" (and "resend") asks ForgotPassword for a code; "have-code"
 * moves to the code form without sending one (an administrator's reset already sent it); "confirm" calls
 * ConfirmForgotPassword.
 */
export async function resetPassword(id: string, form: FormData, deps: Deps = defaultDeps()): Promise<ResetResult> {
  const store = await deps.cookies();
  const pending = await readPending(id, deps.now(), store);
  if (!pending) return { state: { stage: "request", expired: true } };
  const settings = deps.config.cognito;
  const op = String(form.get("op") ?? "");
  const loginId = String(form.get("loginId") ?? "").trim();
  if (!loginId || loginId.length > LOGIN_MAX) return { state: { stage: "request", error: "enterLoginId", loginId: loginId.slice(0, LOGIN_MAX) } };

  if (op === "have-code") return { state: { stage: "confirm", loginId } };

  if (op === "send" || op === "resend") {
    const sent = await forgotPassword(deps.cognito, settings, loginId);
    if (sent.kind === "sent") {
      // `detail` says whether Cognito hid an unknown user; it goes to the log only, never to the page.
      log.info("password_reset", { result: "code_requested", detail: sent.detail });
      return { state: { stage: "confirm", loginId, sent: true } };
    }
    const stage = op === "send" ? "request" : "confirm";
    return { state: { stage, loginId, error: failureMessage(sent.reason, sent.detail) } };
  }

  if (op === "confirm") {
    const code = String(form.get("code") ?? "").replace(/\s/g, "");
    if (!/^[0-9A-Za-z]{1,16}$/.test(code)) return { state: { stage: "confirm", loginId, error: "enterCode" } };
    const read = readNewPassword(form);
    if ("error" in read) return { state: { stage: "confirm", loginId, error: read.error } };
    const done = await confirmForgotPassword(deps.cognito, settings, loginId, code, read.password);
    if (done.kind === "confirmed") {
      await clearRequestCookie(RESET_COOKIE, id, store);
      log.info("password_reset", { result: "password_changed" });
      return { redirectTo: pagePath(id, "passwordChanged") };
    }
    log.info("password_reset", { result: done.reason });
    if (done.reason === "invalid_password") return { state: { stage: "confirm", loginId, problem: `password_${passwordProblem(done.detail)}` } };
    if (done.reason === "password_reused") return { state: { stage: "confirm", loginId, problem: "passwordReused" } };
    return { state: { stage: "confirm", loginId, error: failureMessage(done.reason, done.detail) } };
  }
  return { state: { stage: "request", loginId } };
}

function failureMessage(reason: string, detail: string | undefined): ResetMessage {
  switch (reason) {
    case "code_mismatch":
      return "wrongCode";
    case "code_expired":
      return "codeExpired";
    case "too_many_attempts":
      return "tooManyAttempts";
    case "throttled":
      return "throttled";
    default:
      log.error("password_reset", { result: reason, detail });
      return "unavailable";
  }
}
