// The steps of a sign-in after the password: whatever challenge Cognito answers AdminInitiateAuth with (MFA
// codes, choosing a factor, a new password, TOTP enrolment) is asked on the login page, answered with
// AdminRespondToAuthChallenge, and only Cognito's AuthenticationResult signs the user in (completeSignIn).
//
// State between the steps — Cognito's Session, the username to answer with, the challenge, the pending request
// it belongs to — lives in a sealed, HttpOnly cookie next to the pending request's (`as_step`, Path
// /authorize/{id}): the Session alone is about 1 KB, so it gets a cookie of its own rather than pushing the
// pending request's cookie towards the 4 KB limit. It expires with Cognito's Session (the app client's
// AuthSessionValidity, COGNITO_AUTH_SESSION_SECONDS). Nothing is written to the login session until the last
// step succeeds, so an abandoned or failed step leaves no sign-in behind.
import type { CognitoChallenge, SignInResult } from "../cognito/authenticate";
import {
  associateSoftwareToken,
  challengeStep,
  CODE_DIGITS,
  CODE_FIELD,
  passwordPolicy,
  passwordProblem,
  respondToChallenge,
  verifySoftwareToken,
  type MfaFactor,
  type PasswordPolicy,
  type Step,
  type StepFailure,
  type StepResult,
} from "../cognito/challenges";
import type { Messages } from "../i18n";
import { log } from "../log";
import { clearRequestCookie, isRequestId, LOGIN_PAGE_PATH, readPending, readRequestCookie, sealForRequest, setRequestCookie, type CookieStore } from "../session";
import { deriveAmr, type ProvenFactor } from "./amr";
import { completeSignIn } from "./authorization";
import { defaultDeps, type Deps } from "./deps";

export const STEP_COOKIE = "as_step";

/** What the next step needs, sealed in the step cookie. */
export interface ChallengeState {
  /** The pending authorization request this sign-in belongs to (the cookie's path carries it too). */
  id: string;
  /** The Cognito challenge being asked (ChallengeName). */
  name: string;
  /** Cognito's Session for the answer (after AssociateSoftwareToken: the Session it returned). */
  session: string;
  /** USERNAME of the answers: USER_ID_FOR_SRP when Cognito sent it, else what the user typed. */
  username: string;
  /** What the user typed as login ID (the authenticator app's account label). */
  loginId: string;
  step: Step;
  /** Second factors answered so far in this sign-in (for amr). */
  factors: ProvenFactor[];
  /** Milliseconds since the epoch: when Cognito's Session expires. */
  expiresAt: number;
  /** MFA_SETUP: the new TOTP secret (base32) from AssociateSoftwareToken, shown until it is verified. */
  totpSecret?: string;
}

/** Messages of the challenge namespace a step or the password step shows. */
export type ChallengeMessage = keyof Messages["challenge"];

/** What a step's form shows after an answer that keeps the user on the step. */
export interface StepState {
  error?: ChallengeMessage;
  /** The pending request is gone (used, expired): the page shows the "expired" view. */
  expired?: boolean;
}

export type StepResultForPage = { redirectTo: string } | { state: StepState };

/** Notices the password step can show after a step ended (`?notice=` on the page URL; anything else is ignored). */
export const STEP_NOTICES = ["stepExpired", "stepInvalid", "codeExpired", "tooManyAttempts", "unsupported", "differentSubject", "serverError", "unavailable"] as const;
export type StepNotice = (typeof STEP_NOTICES)[number];

export function isStepNotice(x: unknown): x is StepNotice {
  return typeof x === "string" && (STEP_NOTICES as readonly string[]).includes(x);
}

/** The login page of a pending request, optionally with a notice for the password step. */
export function pagePath(id: string, notice?: string): string {
  return `${LOGIN_PAGE_PATH}/${id}${notice ? `?notice=${encodeURIComponent(notice)}` : ""}`;
}

// --- the step cookie ----------------------------------------------------------------------------------------------

async function saveStep(state: ChallengeState, store: CookieStore): Promise<void> {
  // The cookie outlives Cognito's Session on purpose (as long as the pending request): a late answer can then
  // be told "this step expired" instead of silently landing on an empty password form.
  await setRequestCookie(STEP_COOKIE, state.id, await sealForRequest(state), store);
}

export async function clearStep(id: string, store: CookieStore): Promise<void> {
  if (store.get(STEP_COOKIE)) await clearRequestCookie(STEP_COOKIE, id, store);
}

/** The step state of pending request `id`, whether or not Cognito's Session has expired meanwhile. */
export async function readStep(id: string, store: CookieStore): Promise<ChallengeState | undefined> {
  const data = await readRequestCookie<ChallengeState>(STEP_COOKIE, id, store);
  return data && typeof data.session === "string" && data.step ? data : undefined;
}

// --- starting a step ---------------------------------------------------------------------------------------------

/** The notice for a failure that ends the step (no step to stay on). */
function noticeFor(reason: StepFailure): StepNotice {
  switch (reason) {
    case "session_expired":
      return "stepExpired";
    case "code_expired":
      return "codeExpired";
    case "too_many_attempts":
      return "tooManyAttempts";
    case "unavailable":
    case "misconfigured":
    case "throttled":
      return "unavailable";
    default:
      return "stepInvalid";
  }
}

/** Where a step ends when the answer cannot continue it: back to the password step, with a notice. */
async function endStep(id: string, notice: StepNotice, store: CookieStore, fields: Record<string, string | undefined>): Promise<{ redirectTo: string }> {
  await clearStep(id, store);
  log.info("challenge", { result: notice, ...fields });
  return { redirectTo: pagePath(id, notice) };
}

/**
 * Cognito answered a password (or a previous step) with a challenge: remember it in the step cookie and show
 * its step. MFA_SETUP first asks AssociateSoftwareToken for the secret to show (the Session authorizes it).
 */
export async function startChallenge(
  id: string,
  loginId: string,
  challenge: CognitoChallenge,
  deps: Deps,
  previous?: Pick<ChallengeState, "username" | "factors">,
): Promise<{ redirectTo: string }> {
  const store = await deps.cookies();
  const mapped = challengeStep(challenge);
  if ("unsupported" in mapped) {
    // Not a user error and not answerable here (reference/cognito.md §3.3): fail closed.
    log.error("challenge", { result: "unsupported", challenge: mapped.unsupported });
    await clearStep(id, store);
    return { redirectTo: pagePath(id, "unsupported") };
  }
  const settings = deps.config.cognito;
  let session = challenge.session;
  let totpSecret: string | undefined;
  if (mapped.step.kind === "setupTotp") {
    const associated = await associateSoftwareToken(deps.cognito, settings, session);
    if (associated.kind === "failure") {
      const notice = noticeFor(associated.reason);
      const fields = { challenge: challenge.name, reason: associated.reason, detail: associated.detail };
      if (notice === "unavailable") log.error("challenge", fields);
      return endStep(id, notice, store, fields);
    }
    session = associated.session;
    totpSecret = associated.secret;
  }
  const state: ChallengeState = {
    id,
    name: challenge.name,
    session,
    // Challenge answers go to the real username (USER_ID_FOR_SRP) rather than an alias (reference/cognito.md §3.2).
    username: challenge.parameters.USER_ID_FOR_SRP || previous?.username || loginId,
    loginId,
    step: mapped.step,
    factors: previous?.factors ?? [],
    // Every challenge comes with a new Session, valid for the app client's AuthSessionValidity.
    expiresAt: deps.now() + settings.authSessionSeconds * 1000,
    totpSecret,
  };
  await saveStep(state, store);
  log.info("challenge", { result: "started", challenge: challenge.name });
  return { redirectTo: pagePath(id) };
}

// --- answering a step --------------------------------------------------------------------------------------------

const PASSWORD_MAX = 256;
const ATTRIBUTE_MAX = 2048;

/**
 * The new password and its confirmation from a step's or the reset page's form: the password, or what is wrong
 * (missing, longer than Cognito takes, or the two differ). The pool's policy is Cognito's to check.
 */
export function readNewPassword(form: FormData): { password: string } | { error: "enterNewPassword" | "passwordsDiffer" } {
  const password = String(form.get("newPassword") ?? "");
  const confirmation = String(form.get("confirmPassword") ?? "");
  if (!password || !confirmation || password.length > PASSWORD_MAX) return { error: "enterNewPassword" };
  if (password !== confirmation) return { error: "passwordsDiffer" };
  return { password };
}

/** Digits only (spaces and dashes people type from an app or an SMS are dropped), of the expected length. */
function readCode(form: FormData, digits: number): string | undefined {
  const code = String(form.get("code") ?? "").replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${digits}}$`).test(code) ? code : undefined;
}

/** Where a refused answer leads: an error on the same step, or back to the password step. */
async function endFailure(
  id: string,
  failure: { reason: StepFailure; detail?: string },
  store: CookieStore,
  challenge: string,
  step: Step | undefined,
): Promise<StepResultForPage> {
  const fields = { challenge, reason: failure.reason };
  switch (failure.reason) {
    case "code_mismatch":
      log.info("challenge", { result: "wrong_code", challenge });
      return { state: { error: "wrongCode" } };
    case "invalid_password":
      log.info("challenge", { result: "invalid_password", challenge });
      return { state: { error: `password_${passwordProblem(failure.detail)}` } };
    case "password_reused":
      return { state: { error: "passwordReused" } };
    case "alias_exists":
      return { state: { error: "aliasExists" } };
    case "invalid_input":
      if (step?.kind === "newPassword") {
        log.info("challenge", { result: "invalid_input", challenge, detail: failure.detail });
        return { state: { error: "invalidInput" } };
      }
      log.error("challenge", { ...fields, detail: failure.detail });
      return { state: { error: "unavailable" } };
    case "throttled":
      log.warn("challenge", fields);
      return { state: { error: "throttled" } };
    case "unavailable":
    case "misconfigured":
      log.error("challenge", { ...fields, detail: failure.detail });
      // The Session may still be good: the user can try the same step again.
      return { state: { error: "unavailable" } };
    case "code_expired":
      return endStep(id, "codeExpired", store, fields);
    case "session_expired":
      return endStep(id, "stepExpired", store, fields);
    case "too_many_attempts":
      return endStep(id, "tooManyAttempts", store, fields);
    default:
      // session_invalid, and anything that says this user cannot go on (disabled meanwhile, not confirmed …).
      return endStep(id, "stepInvalid", store, fields);
  }
}

/** After an answer: the next challenge, a sign-in, or a refusal. */
async function continueAfter(
  state: ChallengeState,
  result: StepResult | SignInResult,
  factors: ProvenFactor[],
  store: CookieStore,
  deps: Deps,
): Promise<StepResultForPage> {
  const { id } = state;
  if (result.kind === "failure") return endFailure(id, result, store, state.name, state.step);
  if (result.kind === "challenge") {
    log.info("challenge", { result: "answered", challenge: state.name, next: result.challenge.name });
    return startChallenge(id, state.loginId, result.challenge, deps, { username: state.username, factors });
  }
  // AuthenticationResult: now, and only now, the user is signed in.
  await clearStep(id, store);
  log.info("challenge", { result: "answered", challenge: state.name });
  const signedIn = { subject: result.subject, claims: result.claims, authTime: result.authTime, loginId: state.loginId, amr: deriveAmr(factors) };
  const done = await completeSignIn(id, signedIn, deps);
  if ("redirectTo" in done) return done;
  if (done.state.expired) return { state: { expired: true } };
  // The step's Session is spent; whatever went wrong, the user starts again from the password.
  const notice: StepNotice = done.state.error === "differentSubject" ? "differentSubject" : done.state.error === "unavailable" ? "unavailable" : "serverError";
  return { redirectTo: pagePath(id, notice) };
}

/**
 * A step's form (server action): Cancel, or the answer to the current challenge. Every path either stays on the
 * step with an error, moves to the next step, ends on the password step with a notice, or — after Cognito's
 * AuthenticationResult — signs in and returns to the client.
 */
export async function answerStep(id: string, form: FormData, deps: Deps = defaultDeps()): Promise<StepResultForPage> {
  const store = await deps.cookies();
  const pending = await readPending(id, deps.now(), store);
  if (!pending) {
    if (isRequestId(id)) await clearStep(id, store);
    return { state: { expired: true } };
  }
  const state = await readStep(id, store);
  if (!state) {
    log.info("challenge", { result: "no_step" });
    return { redirectTo: pagePath(id, "stepExpired") };
  }
  if (form.get("op") === "cancel") {
    await clearStep(id, store);
    log.info("challenge", { result: "cancelled", challenge: state.name });
    return { redirectTo: pagePath(id) };
  }
  if (deps.now() >= state.expiresAt) return endStep(id, "stepExpired", store, { challenge: state.name, reason: "local_expiry" });

  const { cognito, config } = deps;
  const settings = config.cognito;
  const answer = (responses: Record<string, string>, name = state.name, session = state.session) =>
    respondToChallenge(cognito, settings, { name, session, username: state.username, responses }, deps.now);

  switch (state.step.kind) {
    case "code": {
      const factor: MfaFactor = state.step.factor;
      const code = readCode(form, CODE_DIGITS[factor]);
      if (!code) return { state: { error: "enterCode" } };
      const result = await answer({ [CODE_FIELD[factor]]: code });
      return continueAfter(state, result, [...state.factors, factor], store, deps);
    }
    case "select": {
      const choice = String(form.get("factor") ?? "");
      const option = state.step.options.find((o) => o === choice);
      if (!option) return { state: { error: "chooseOption" } };
      // SELECT_MFA_TYPE is answered with the chosen factor's challenge name (ChallengeResponseType, ANSWER).
      return continueAfter(state, await answer({ ANSWER: option }), state.factors, store, deps);
    }
    case "newPassword": {
      const read = readNewPassword(form);
      if ("error" in read) return { state: { error: read.error } };
      const responses: Record<string, string> = { NEW_PASSWORD: read.password };
      for (const name of state.step.requiredAttributes) {
        const value = String(form.get(`attr.${name}`) ?? "").trim();
        if (!value || value.length > ATTRIBUTE_MAX) return { state: { error: "fillAttributes" } };
        responses[`userAttributes.${name}`] = value;
      }
      return continueAfter(state, await answer(responses), state.factors, store, deps);
    }
    case "setupTotp": {
      const code = readCode(form, CODE_DIGITS.SOFTWARE_TOKEN_MFA);
      if (!code) return { state: { error: "enterCode" } };
      const verified = await verifySoftwareToken(cognito, settings, state.session, code);
      if (verified.kind === "failure") return endFailure(id, verified, store, "MFA_SETUP", state.step);
      // The Session VerifySoftwareToken returned answers MFA_SETUP (API reference, ChallengeResponseType).
      // A factor enrolled in this very sign-in proves nothing beyond the password, so it adds nothing to amr.
      return continueAfter(state, await answer({}, "MFA_SETUP", verified.session), state.factors, store, deps);
    }
  }
}

// --- what the page shows ----------------------------------------------------------------------------------------

/** The `otpauth://` URI of an authenticator-app entry (Google Authenticator "Key Uri Format"). */
export function otpauthUri(issuerLabel: string, account: string, secret: string): string {
  const label = `${encodeURIComponent(issuerLabel)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({ secret, issuer: issuerLabel, algorithm: "SHA1", digits: "6", period: "30" });
  return `otpauth://totp/${label}?${params}`;
}

/** A base32 secret in groups of four, as people copy it into an app ("JBSW Y3DP EHPK 3PXP"). */
export function groupSecret(secret: string): string {
  return secret.replace(/\s+/g, "").match(/.{1,4}/g)?.join(" ") ?? "";
}

/** The pool's password policy for hints (cached; undefined when unreadable). */
export async function policyHints(deps: Deps = defaultDeps()): Promise<PasswordPolicy | undefined> {
  return passwordPolicy(deps.cognito, deps.config.cognito, deps.now);
}

/**
 * The page's view of request `id`'s step: the state to render, or `expired` when a step was under way and
 * Cognito's Session has run out (the password step then says so).
 */
export async function stepForPage(id: string, deps: Deps = defaultDeps()): Promise<{ state?: ChallengeState; expired: boolean }> {
  const state = await readStep(id, await deps.cookies());
  if (!state) return { expired: false };
  return deps.now() < state.expiresAt ? { state, expired: false } : { expired: true };
}
