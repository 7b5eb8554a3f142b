// The steps after the password: answering Cognito's challenges (AdminRespondToAuthChallenge), TOTP enrolment
// in a pool that requires MFA (AssociateSoftwareToken → VerifySoftwareToken → MFA_SETUP), password recovery
// (ForgotPassword → ConfirmForgotPassword) and the pool's password policy (DescribeUserPool, cached).
// Sources: reference/cognito.md §3.2–3.4 and the API reference text shipped with
// @aws-sdk/client-cognito-identity-provider (ChallengeResponseType, AssociateSoftwareToken,
// VerifySoftwareToken, ForgotPassword, ConfirmForgotPassword). Returns our own types; nothing outside
// lib/cognito sees the SDK.
//
// Authorization model (Developer Guide, "Using the Amazon Cognito user pools API and user pool endpoints"):
// AdminRespondToAuthChallenge and DescribeUserPool are IAM-authorized; AssociateSoftwareToken and
// VerifySoftwareToken are authorized by the challenge Session, ForgotPassword and ConfirmForgotPassword by the
// app client ID and SECRET_HASH — Cognito evaluates no IAM policy for those four (README, "IAM").
import {
  AdminRespondToAuthChallengeCommand,
  AssociateSoftwareTokenCommand,
  ConfirmForgotPasswordCommand,
  DescribeUserPoolCommand,
  ForgotPasswordCommand,
  VerifySoftwareTokenCommand,
  type ChallengeNameType,
} from "@aws-sdk/client-cognito-identity-provider";
import { authenticationOutcome, classifyError, secretHash, type CognitoChallenge, type CognitoSettings, type SignInFailure, type SignInResult } from "./authenticate";
import type { CognitoSender } from "./client";


// --- challenge → step (pure) ------------------------------------------------------------------------------------

/** The second factors a user may be asked for or offered (ChallengeNameType values). */
export type MfaFactor = "SOFTWARE_TOKEN_MFA" | "SMS_MFA" | "EMAIL_OTP";
const FACTORS: readonly MfaFactor[] = ["SOFTWARE_TOKEN_MFA", "SMS_MFA", "EMAIL_OTP"];

/** What the page asks for next. */
export type Step =
  /** A one-time code: from an authenticator app (TOTP), or sent by SMS / e-mail to a masked destination. */
  | { kind: "code"; factor: MfaFactor; destination?: string }
  /** SELECT_MFA_TYPE: the factors Cognito offers (MFAS_CAN_CHOOSE), in Cognito's order. */
  | { kind: "select"; options: MfaFactor[] }
  /** NEW_PASSWORD_REQUIRED: a new password plus a value for each attribute in `requiredAttributes`. */
  | { kind: "newPassword"; requiredAttributes: string[] }
  /** MFA_SETUP with TOTP: show the secret from AssociateSoftwareToken, then verify a code. */
  | { kind: "setupTotp" };

/** The ChallengeResponses member that carries each factor's code (ChallengeResponseType). */
export const CODE_FIELD: Record<MfaFactor, string> = {
  SOFTWARE_TOKEN_MFA: "SOFTWARE_TOKEN_MFA_CODE",
  SMS_MFA: "SMS_MFA_CODE",
  EMAIL_OTP: "EMAIL_OTP_CODE",
};

/** Code lengths: TOTP (RFC 6238 as Cognito uses it) and SMS codes have 6 digits, e-mail OTP codes 8. */
export const CODE_DIGITS: Record<MfaFactor, number> = { SOFTWARE_TOKEN_MFA: 6, SMS_MFA: 6, EMAIL_OTP: 8 };

/** Attribute names as Cognito spells them (`email`, `phone_number`, `custom:tenant`). */
const ATTRIBUTE_NAME = /^[A-Za-z0-9_:.-]{1,64}$/;

function jsonStringArray(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((x): x is string => typeof x === "string") : undefined;
  } catch {
    return undefined;
  }
}

function isFactor(x: string): x is MfaFactor {
  return (FACTORS as readonly string[]).includes(x);
}

/**
 * Which step a Cognito challenge needs (reference/cognito.md §3.3). Challenges that belong to other flows
 * (SRP, custom auth, device tracking, USER_AUTH) never answer ADMIN_USER_PASSWORD_AUTH and cannot be
 * answered on this page: they are reported as unsupported and the sign-in fails closed.
 */
export function challengeStep(challenge: Pick<CognitoChallenge, "name" | "parameters">): { step: Step } | { unsupported: string } {
  const p = challenge.parameters;
  switch (challenge.name) {
    case "SOFTWARE_TOKEN_MFA":
      return { step: { kind: "code", factor: "SOFTWARE_TOKEN_MFA" } };
    case "SMS_MFA":
    case "EMAIL_OTP": {
      // CODE_DELIVERY_DESTINATION is already masked by Cognito ("+*******0101", "e***@e***.com").
      const destination = p.CODE_DELIVERY_DESTINATION?.slice(0, 100) || undefined;
      return { step: { kind: "code", factor: challenge.name, destination } };
    }
    case "SELECT_MFA_TYPE": {
      const options = [...new Set((jsonStringArray(p.MFAS_CAN_CHOOSE) ?? []).filter(isFactor))];
      return options.length > 0 ? { step: { kind: "select", options } } : { unsupported: `SELECT_MFA_TYPE offers no known factor (${p.MFAS_CAN_CHOOSE ?? "none"})` };
    }
    case "NEW_PASSWORD_REQUIRED": {
      // Entries may carry a `userAttributes.` prefix (amazon-cognito-identity-js strips it too).
      const names = (jsonStringArray(p.requiredAttributes) ?? []).map((n) => (n.startsWith("userAttributes.") ? n.slice("userAttributes.".length) : n));
      return { step: { kind: "newPassword", requiredAttributes: [...new Set(names.filter((n) => ATTRIBUTE_NAME.test(n)))].slice(0, 20) } };
    }
    case "MFA_SETUP": {
      // MFAS_CAN_SETUP lists the factors the pool allows. Only TOTP can be enrolled inside a sign-in; SMS or
      // e-mail MFA needs a phone number or address written to the user first (API reference, MFA_SETUP).
      const canSetup = jsonStringArray(p.MFAS_CAN_SETUP);
      return !canSetup || canSetup.includes("SOFTWARE_TOKEN_MFA") ? { step: { kind: "setupTotp" } } : { unsupported: `MFA_SETUP without SOFTWARE_TOKEN_MFA (${p.MFAS_CAN_SETUP})` };
    }
    default:
      return { unsupported: challenge.name };
  }
}

// --- answering --------------------------------------------------------------------------------------------------

/** Why a step's answer was refused, beyond the password step's reasons. */
export type StepFailure =
  | SignInFailure
  /** CodeMismatchException (and VerifySoftwareToken's EnableSoftwareTokenMFAException or Status ERROR). */
  | "code_mismatch"
  /** ExpiredCodeException: the SMS / e-mail / reset code is too old. */
  | "code_expired"
  /** NotAuthorizedException "Invalid session for the user, session is expired." (AuthSessionValidity passed). */
  | "session_expired"
  /** The Session is no longer usable (used, unknown, the user disabled meanwhile). */
  | "session_invalid"
  /** InvalidPasswordException: the new password breaks the pool's policy. */
  | "invalid_password"
  /** PasswordHistoryPolicyViolationException. */
  | "password_reused"
  /** InvalidParameterException on an answer: a value the user typed (an attribute) was refused. */
  | "invalid_input"
  /** AliasExistsException: the e-mail or phone number given belongs to another account. */
  | "alias_exists";

export type StepResult = SignInResult | { kind: "failure"; reason: StepFailure; detail?: string };

/** Maps an exception of the step operations (matched on `name`, as classifyError does). */
export function classifyStepError(e: unknown): { reason: StepFailure; detail: string } {
  const name = e instanceof Error ? e.name : "Unknown";
  const message = e instanceof Error ? e.message : String(e);
  const detail = `${name}: ${message}`.slice(0, 200);
  switch (name) {
    case "CodeMismatchException":
    case "EnableSoftwareTokenMFAException":
      return { reason: "code_mismatch", detail: name };
    case "ExpiredCodeException":
      return { reason: "code_expired", detail: name };
    case "TooManyFailedAttemptsException":
    case "LimitExceededException":
      return { reason: "too_many_attempts", detail: name };
    case "InvalidPasswordException":
      return { reason: "invalid_password", detail };
    case "PasswordHistoryPolicyViolationException":
      return { reason: "password_reused", detail: name };
    case "AliasExistsException":
      return { reason: "alias_exists", detail: name };
    case "InvalidParameterException":
      return { reason: "invalid_input", detail };
    case "UserNotFoundException":
      return { reason: "session_invalid", detail: name };
    case "NotAuthorizedException":
      if (/password attempts exceeded/i.test(message)) return { reason: "too_many_attempts", detail };
      if (/secret hash/i.test(message)) return { reason: "misconfigured", detail };
      if (/expired/i.test(message)) return { reason: "session_expired", detail };
      return { reason: "session_invalid", detail };
    default:
      return classifyError(e);
  }
}

export interface ChallengeAnswer {
  /** The challenge being answered (ChallengeName). */
  name: string;
  session: string;
  /** USERNAME of the answer: the real username (USER_ID_FOR_SRP) when Cognito gave one, else the login ID. */
  username: string;
  /** Challenge-specific members (SMS_MFA_CODE, ANSWER, NEW_PASSWORD, userAttributes.*); USERNAME and SECRET_HASH are added. */
  responses: Record<string, string>;
}

function withSecretHash(settings: CognitoSettings, username: string, values: Record<string, string>): Record<string, string> {
  // SECRET_HASH is required in every challenge response of an app client with a secret, computed over the
  // USERNAME sent in that response (ChallengeResponseType; reference/cognito.md §3.2).
  return settings.clientSecret ? { ...values, SECRET_HASH: secretHash(settings.clientSecret, username, settings.clientId) } : values;
}

/** AdminRespondToAuthChallenge: tokens, the next challenge, or why the answer was refused. */
export async function respondToChallenge(client: CognitoSender, settings: CognitoSettings, answer: ChallengeAnswer, now: () => number = Date.now): Promise<StepResult> {
  let out;
  try {
    out = await client.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: settings.userPoolId,
        ClientId: settings.clientId,
        ChallengeName: answer.name as ChallengeNameType,
        Session: answer.session,
        ChallengeResponses: withSecretHash(settings, answer.username, { ...answer.responses, USERNAME: answer.username }),
      }),
      { abortSignal: AbortSignal.timeout(settings.timeoutMs) },
    );
  } catch (e) {
    return { kind: "failure", ...classifyStepError(e) };
  }
  return authenticationOutcome(client, settings, out, answer.username, now);
}

/** AssociateSoftwareToken with the MFA_SETUP Session: the new TOTP secret (base32) and the Session to verify with. */
export async function associateSoftwareToken(
  client: CognitoSender,
  settings: CognitoSettings,
  session: string,
): Promise<{ kind: "associated"; secret: string; session: string } | { kind: "failure"; reason: StepFailure; detail?: string }> {
  try {
    const out = await client.send(new AssociateSoftwareTokenCommand({ Session: session }), { abortSignal: AbortSignal.timeout(settings.timeoutMs) });
    if (!out.SecretCode || !out.Session) return { kind: "failure", reason: "unavailable", detail: "AssociateSoftwareToken without SecretCode or Session" };
    return { kind: "associated", secret: out.SecretCode, session: out.Session };
  } catch (e) {
    return { kind: "failure", ...classifyStepError(e) };
  }
}

/** VerifySoftwareToken: the user's first code; its Session answers the MFA_SETUP challenge. */
export async function verifySoftwareToken(
  client: CognitoSender,
  settings: CognitoSettings,
  session: string,
  code: string,
): Promise<{ kind: "verified"; session: string } | { kind: "failure"; reason: StepFailure; detail?: string }> {
  try {
    const out = await client.send(new VerifySoftwareTokenCommand({ Session: session, UserCode: code }), {
      abortSignal: AbortSignal.timeout(settings.timeoutMs),
    });
    if (out.Status !== "SUCCESS") return { kind: "failure", reason: "code_mismatch", detail: `Status ${out.Status ?? "missing"}` };
    if (!out.Session) return { kind: "failure", reason: "unavailable", detail: "VerifySoftwareToken without Session" };
    return { kind: "verified", session: out.Session };
  } catch (e) {
    return { kind: "failure", ...classifyStepError(e) };
  }
}

// --- password recovery ------------------------------------------------------------------------------------------

/**
 * ForgotPassword. With PreventUserExistenceErrors ENABLED, Cognito answers an unknown user with a simulated
 * delivery or an InvalidParameterException (Developer Guide, "Managing user existence error responses"); with
 * LEGACY, UserNotFoundException. None of these may show on the page, so all of them — and a user without a
 * verified address — count as "sent". Only attempt limits, throttling and outages are told apart.
 */
export async function forgotPassword(
  client: CognitoSender,
  settings: CognitoSettings,
  username: string,
): Promise<{ kind: "sent"; detail?: string } | { kind: "failure"; reason: StepFailure; detail?: string }> {
  try {
    await client.send(
      new ForgotPasswordCommand({
        ClientId: settings.clientId,
        Username: username,
        ...(settings.clientSecret ? { SecretHash: secretHash(settings.clientSecret, username, settings.clientId) } : {}),
      }),
      { abortSignal: AbortSignal.timeout(settings.timeoutMs) },
    );
    return { kind: "sent" };
  } catch (e) {
    const name = e instanceof Error ? e.name : "";
    const message = e instanceof Error ? e.message : "";
    if (name === "UserNotFoundException" || name === "InvalidParameterException" || name === "CodeDeliveryFailureException" || name === "UserNotConfirmedException") {
      return { kind: "sent", detail: name };
    }
    if (name === "NotAuthorizedException" && !/secret hash/i.test(message)) return { kind: "sent", detail: name };
    return { kind: "failure", ...classifyStepError(e) };
  }
}

/** ConfirmForgotPassword: the code from ForgotPassword and the new password. */
export async function confirmForgotPassword(
  client: CognitoSender,
  settings: CognitoSettings,
  username: string,
  code: string,
  password: string,
): Promise<{ kind: "confirmed" } | { kind: "failure"; reason: StepFailure; detail?: string }> {
  try {
    await client.send(
      new ConfirmForgotPasswordCommand({
        ClientId: settings.clientId,
        Username: username,
        ConfirmationCode: code,
        Password: password,
        ...(settings.clientSecret ? { SecretHash: secretHash(settings.clientSecret, username, settings.clientId) } : {}),
      }),
      { abortSignal: AbortSignal.timeout(settings.timeoutMs) },
    );
    return { kind: "confirmed" };
  } catch (e) {
    const name = e instanceof Error ? e.name : "";
    // An unknown user or one without a pending reset reads like a wrong code: the page never tells them apart.
    if (name === "UserNotFoundException" || name === "UserNotConfirmedException") return { kind: "failure", reason: "code_mismatch", detail: name };
    const c = classifyStepError(e);
    // NotAuthorizedException here means the user may not reset now (disabled); as above, it reads as a wrong code.
    if (c.reason === "session_invalid" || c.reason === "session_expired") return { kind: "failure", reason: "code_mismatch", detail: c.detail };
    return { kind: "failure", ...c };
  }
}

// --- the pool's password policy ----------------------------------------------------------------------------------

export interface PasswordPolicy {
  minimumLength: number;
  requireUppercase: boolean;
  requireLowercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

/** Policy hints change when an administrator edits the pool: re-read hourly, a failed read again after a minute. */
const POLICY_TTL_MS = 60 * 60 * 1000;
const POLICY_FAILURE_TTL_MS = 60 * 1000;
const policies = new Map<string, { policy: PasswordPolicy | undefined; until: number }>();

/**
 * DescribeUserPool's PasswordPolicy, cached per pool for the process: it only phrases hints, and
 * DescribeUserPool has a small request-rate quota of its own (UserPoolRead), so a sign-in page must not spend
 * one call per view. Undefined when the pool cannot be read (the page then shows no hints; Cognito still
 * enforces the policy and InvalidPasswordException is explained in words).
 */
export async function passwordPolicy(client: CognitoSender, settings: CognitoSettings, now: () => number = Date.now): Promise<PasswordPolicy | undefined> {
  const cached = policies.get(settings.userPoolId);
  if (cached && cached.until > now()) return cached.policy;
  let policy: PasswordPolicy | undefined;
  try {
    const out = await client.send(new DescribeUserPoolCommand({ UserPoolId: settings.userPoolId }), { abortSignal: AbortSignal.timeout(settings.timeoutMs) });
    const p = out.UserPool?.Policies?.PasswordPolicy;
    if (p) {
      policy = {
        minimumLength: typeof p.MinimumLength === "number" && p.MinimumLength > 0 ? p.MinimumLength : 8,
        requireUppercase: p.RequireUppercase === true,
        requireLowercase: p.RequireLowercase === true,
        requireNumbers: p.RequireNumbers === true,
        requireSymbols: p.RequireSymbols === true,
      };
    }
  } catch {
    policy = undefined;
  }
  policies.set(settings.userPoolId, { policy, until: now() + (policy ? POLICY_TTL_MS : POLICY_FAILURE_TTL_MS) });
  return policy;
}

/** Forgets cached policies (tests). */
export function clearPasswordPolicyCache(): void {
  policies.clear();
}

/** What an InvalidPasswordException says is wrong, from Cognito's message ("Password not long enough", …). */
export type PasswordProblem = "tooShort" | "needsUppercase" | "needsLowercase" | "needsNumber" | "needsSymbol" | "spaces" | "other";

export function passwordProblem(detail: string | undefined): PasswordProblem {
  const d = detail ?? "";
  if (/not long enough|minimum length|too short/i.test(d)) return "tooShort";
  if (/uppercase/i.test(d)) return "needsUppercase";
  if (/lowercase/i.test(d)) return "needsLowercase";
  if (/numeric|number/i.test(d)) return "needsNumber";
  if (/symbol/i.test(d)) return "needsSymbol";
  if (/regular expression|\^\\S/i.test(d)) return "spaces";
  return "other";
}
