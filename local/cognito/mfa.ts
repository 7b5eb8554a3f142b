// TOTP enrolment: AssociateSoftwareToken and VerifySoftwareToken, with the session of an MFA_SETUP challenge or
// with a signed-in user's access token ("The request takes an access token or a session string, but not both",
// API Reference). Both are public operations: Cognito evaluates no IAM policy for them and the SDK sends them
// unsigned (server.ts, UNSIGNED_OPERATIONS).
//
// The user's MFA preference: SetUserMFAPreference (public, with the user's access token) and
// AdminSetUserMFAPreference (IAM-signed): which factors are on for the user and which one is preferred, the state
// that AdminGetUser reports (UserMFASettingList, PreferredMfaSetting) and the next sign-in's challenge follows.
//
// The session flow, as the API Reference describes MFA_SETUP (AdminInitiateAuth, ChallengeName): "use the session
// returned in this challenge … as an input to AssociateSoftwareToken. Then, use the session returned by
// VerifySoftwareToken as an input to … AdminRespondToAuthChallenge with challenge name MFA_SETUP".

import { openSession, poolOffers } from "./auth";
import { type Ctx } from "./context";
import {
  CognitoError,
  invalidParameter,
  notAuthorized,
  passwordResetRequired,
  SESSION_EXPIRED,
  SESSION_INVALID,
  SESSION_USED,
  USER_DISABLED,
  userNotConfirmed,
} from "./errors";
import type { MfaType, PoolConfig, SessionRecord, UserRecord } from "./model";
import { sha256 } from "./store";
import { verifyJwt } from "./tokens";
import { matchTotpStep, newTotpSecret } from "./totp";
import { poolAndUser } from "./users";
import { Input, type Json } from "./validate";

/** Developer Guide, "TOTP software token MFA": the answer when the pool has not activated TOTP. */
const poolWithoutTotp = () =>
  new CognitoError("SoftwareTokenMFANotFoundException", "Software Token MFA has not been enabled by the userPool.");

/**
 * VerifySoftwareToken with a wrong code: "EnableSoftwareTokenMFAException: This exception is thrown when there is a
 * code mismatch and the service fails to configure the software token TOTP multi-factor authentication (MFA)"
 * (API Reference); the message as real pools word it (aws-amplify-auth-starters#15).
 */
const verifyMismatch = () => new CognitoError("EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA");

const ACCESS_TOKEN_RULE = { min: 1, pattern: "[A-Za-z0-9-_=.]+", sensitive: true } as const;
const SESSION_RULE = { min: 20, max: 2048 } as const;

function oneOf(accessToken: string | undefined, session: string | undefined): void {
  if ((accessToken === undefined) === (session === undefined))
    throw invalidParameter("Provide either AccessToken or Session, not both.");
}

function requireTotp(pool: PoolConfig): void {
  if (!pool.enabledMfas.includes("SOFTWARE_TOKEN_MFA")) throw poolWithoutTotp();
}

/** The MFA_SETUP session at one of `steps`, its pool and user; NotAuthorizedException otherwise (as challenge sessions). */
function setupSession(ctx: Ctx, session: string, steps: readonly string[]): { rec: SessionRecord; pool: PoolConfig; user: UserRecord } {
  const rec = ctx.store.state.sessions[sha256(session)];
  if (!rec || rec.challenge !== "MFA_SETUP") throw notAuthorized(SESSION_INVALID);
  if (rec.usedAt !== undefined) throw notAuthorized(SESSION_USED);
  if (rec.expiresAt <= ctx.now()) throw notAuthorized(SESSION_EXPIRED);
  if (!steps.includes(rec.setup?.step ?? "")) throw notAuthorized(SESSION_INVALID);
  const pool = ctx.store.pool(rec.poolId);
  const user = ctx.store.userByUsername(pool.id, rec.username);
  if (!user) throw notAuthorized(SESSION_INVALID);
  if (!user.enabled) throw notAuthorized(USER_DISABLED);
  ctx.subject(user.username);
  return { rec, pool, user };
}

/** The next session of the enrolment: single-use, valid for the client's AuthSessionValidity like any challenge session. */
async function nextSetupSession(ctx: Ctx, from: SessionRecord, step: "associated" | "verified", secret?: string): Promise<string> {
  const now = ctx.now();
  from.usedAt = now;
  const client = ctx.store.clients.get(from.clientId);
  return openSession(ctx, from, "MFA_SETUP", client?.authSessionValidity ?? 3, now, { setup: { step, ...(secret ? { secret } : {}) } });
}

/**
 * The user an access token names, if this stand-in issued it for that user's pool and it is still good. Access
 * tokens of a disabled user are revoked ("Deactivates a user and revokes all access tokens", AdminDisableUser).
 */
function userFromAccessToken(ctx: Ctx, token: string): { pool: PoolConfig; user: UserRecord } {
  const payload = verifyJwt(ctx.key, token);
  const pool = [...ctx.store.pools.values()].find((p) => payload?.iss === ctx.issuer(p.id));
  if (!payload || !pool || payload.token_use !== "access" || typeof payload.username !== "string") throw notAuthorized("Invalid Access Token");
  if (!String(payload.scope ?? "").split(" ").includes("aws.cognito.signin.user.admin")) throw notAuthorized("Access Token does not have required scopes");
  if (typeof payload.exp !== "number" || payload.exp * 1000 <= ctx.now()) throw notAuthorized("Access Token has expired");
  const user = ctx.store.userByUsername(pool.id, payload.username);
  if (!user || !user.enabled) throw notAuthorized("Access Token has been revoked");
  ctx.subject(user.username);
  return { pool, user };
}

export async function associateSoftwareToken(ctx: Ctx, body: Json): Promise<Json> {
  const v = new Input(body);
  const accessToken = v.str("AccessToken", ACCESS_TOKEN_RULE);
  const session = v.str("Session", SESSION_RULE);
  v.done();
  oneOf(accessToken, session);
  const secret = newTotpSecret();
  if (session !== undefined) {
    const { rec, pool } = setupSession(ctx, session, ["challenge", "associated"]);
    requireTotp(pool);
    const next = await nextSetupSession(ctx, rec, "associated", secret);
    ctx.note("secret issued for MFA_SETUP");
    return { SecretCode: secret, Session: next };
  }
  const { pool, user } = userFromAccessToken(ctx, accessToken!);
  requireTotp(pool);
  // "Calling AssociateSoftwareToken immediately disassociates the existing software token from the user account. If
  // the user doesn't subsequently verify the software token, their account is essentially set up to authenticate
  // without MFA" (Developer Guide, "TOTP software token MFA").
  delete user.mfa.totpSecret;
  delete user.mfa.totpLastStep;
  user.mfa.pendingTotpSecret = secret;
  user.modifiedAt = ctx.now();
  await ctx.store.save();
  ctx.note("secret issued; previous token disassociated");
  return { SecretCode: secret };
}

export async function verifySoftwareToken(ctx: Ctx, body: Json): Promise<Json> {
  const v = new Input(body);
  const accessToken = v.str("AccessToken", ACCESS_TOKEN_RULE);
  const session = v.str("Session", SESSION_RULE);
  const code = v.req("UserCode", { min: 6, max: 6, pattern: "[0-9]+", sensitive: true });
  const deviceName = v.str("FriendlyDeviceName", { max: 131072 });
  v.done();
  oneOf(accessToken, session);
  const now = ctx.now();

  if (session !== undefined) {
    const { rec, pool, user } = setupSession(ctx, session, ["associated"]);
    requireTotp(pool);
    // A wrong code leaves the session usable: "If the code is wrong, the verification cannot be finished and your
    // user can either try again or cancel" (Developer Guide, "TOTP software token MFA").
    const step = matchTotpStep(rec.setup!.secret!, code, now);
    if (step === undefined) throw verifyMismatch();
    enrol(user, rec.setup!.secret!, step, deviceName, now);
    // The enrolment is what MFA_SETUP asked for: from now on the token is the user's factor.
    if (!user.mfa.enabled.includes("SOFTWARE_TOKEN_MFA")) user.mfa.enabled.push("SOFTWARE_TOKEN_MFA");
    user.mfa.preferred ??= "SOFTWARE_TOKEN_MFA";
    const next = await nextSetupSession(ctx, rec, "verified");
    ctx.note("software token verified");
    return { Status: "SUCCESS", Session: next };
  }

  const { pool, user } = userFromAccessToken(ctx, accessToken!);
  requireTotp(pool);
  const pending = user.mfa.pendingTotpSecret;
  if (!pending) throw new CognitoError("SoftwareTokenMFANotFoundException", "Software Token MFA has not been enabled by the user.");
  const step = matchTotpStep(pending, code, now);
  if (step === undefined) throw verifyMismatch();
  // "Marks the user's software token MFA status as verified" (API Reference); turning it on as the user's MFA
  // is SetUserMFAPreference's job (below).
  enrol(user, pending, step, deviceName, now);
  await ctx.store.save();
  ctx.note("software token verified");
  return { Status: "SUCCESS" };
}

/** The verified token becomes the user's; its code is spent (RFC 6238 §5.2: not accepted a second time). */
function enrol(user: UserRecord, secret: string, step: number, deviceName: string | undefined, now: number): void {
  user.mfa.totpSecret = secret;
  user.mfa.totpLastStep = step;
  delete user.mfa.pendingTotpSecret;
  if (deviceName !== undefined) user.mfa.totpDeviceName = deviceName;
  user.modifiedAt = now;
}

// --- SetUserMFAPreference / AdminSetUserMFAPreference

/** The request's settings members and the factor each one is about (API Reference, AdminSetUserMFAPreference). */
const SETTINGS: readonly (readonly [member: string, factor: MfaType])[] = [
  ["SMSMfaSettings", "SMS_MFA"],
  ["SoftwareTokenMfaSettings", "SOFTWARE_TOKEN_MFA"],
  ["EmailMfaSettings", "EMAIL_OTP"],
];

/** One settings object of the request: the factor's new state. An absent `Enabled` or `PreferredMfa` counts as false. */
interface FactorSetting {
  factor: MfaType;
  enabled: boolean;
  preferred: boolean;
}

interface MfaPreference {
  settings: FactorSetting[];
  /** WebAuthnMfaSettings.Enabled (passkey MFA), which no pool here can activate. */
  passkey?: boolean;
}

function readPreference(v: Input): MfaPreference {
  const settings: FactorSetting[] = [];
  for (const [member, factor] of SETTINGS) {
    const s = v.flags(member, ["Enabled", "PreferredMfa"] as const);
    if (s) settings.push({ factor, enabled: s.Enabled === true, preferred: s.PreferredMfa === true });
  }
  const passkey = v.flags("WebAuthnMfaSettings", ["Enabled"] as const)?.Enabled;
  return passkey === undefined ? { settings } : { settings, passkey };
}

/** Why `user` cannot have `factor` turned on in `pool`, if anything stops it. */
function cannotEnable(pool: PoolConfig, user: UserRecord, factor: MfaType): string | undefined {
  if (!poolOffers(pool, factor)) return `${factor} is not enabled for the user pool.`;
  switch (factor) {
    // Observed wording (amplify-js#618, #5766).
    case "SMS_MFA":
      return user.attributes.phone_number ? undefined : "User does not have a phone_number set to turn on SMS MFA";
    case "EMAIL_OTP":
      return user.attributes.email ? undefined : "User does not have an email set to turn on EMAIL_OTP MFA";
    // "Users must register a TOTP authenticator before they set this as their preferred MFA method" (API Reference,
    // SetUserMFAPreference). The two wordings are observed ones (amplify-js#944, #1812; Amplify matches on both).
    case "SOFTWARE_TOKEN_MFA":
      if (user.mfa.totpSecret) return undefined;
      return user.mfa.pendingTotpSecret ? "User has not verified software token mfa" : "User has not set up software token mfa";
  }
}

/**
 * Applies a preference to `user`: each settings object present turns its factor on or off and makes it preferred or
 * not; an absent one leaves its factor alone. "Only one factor can be set as preferred" (API Reference). Nothing
 * changes unless the whole request is acceptable.
 */
async function setMfaPreference(ctx: Ctx, pool: PoolConfig, user: UserRecord, pref: MfaPreference): Promise<void> {
  // Both operations list UserNotConfirmedException and PasswordResetRequiredException (API Reference).
  if (user.status === "UNCONFIRMED") throw userNotConfirmed();
  if (user.status === "RESET_REQUIRED") throw passwordResetRequired();
  // WebAuthnMfaSettings: "To activate this setting, the FactorConfiguration of your user pool WebAuthnConfiguration must
  // be MULTI_FACTOR_WITH_USER_VERIFICATION" (API Reference); no pool of the stand-in has a WebAuthnConfiguration.
  if (pref.passkey) throw invalidParameter("Passkey MFA is not enabled for the user pool.");
  if (pref.settings.filter((s) => s.preferred).length > 1) throw invalidParameter("Only one MFA type can be set as preferred.");
  for (const s of pref.settings) {
    if (s.preferred && !s.enabled) throw invalidParameter(`${s.factor} must be enabled to be the preferred MFA.`);
    const refusal = s.enabled ? cannotEnable(pool, user, s.factor) : undefined;
    if (refusal) throw invalidParameter(refusal);
  }
  const enabled = new Set(user.mfa.enabled);
  let preferred = user.mfa.preferred;
  for (const s of pref.settings) {
    if (s.enabled) enabled.add(s.factor);
    else enabled.delete(s.factor);
    if (s.preferred) preferred = s.factor;
    else if (preferred === s.factor) preferred = undefined;
  }
  user.mfa.enabled = [...enabled];
  if (preferred) user.mfa.preferred = preferred;
  else delete user.mfa.preferred;
  user.modifiedAt = ctx.now();
  await ctx.store.save();
  ctx.note(`MFA ${user.mfa.enabled.join(",") || "none"}, preferred ${preferred ?? "none"}`);
}

export async function adminSetUserMFAPreference(ctx: Ctx, body: Json): Promise<Json> {
  let pref: MfaPreference = { settings: [] };
  const { pool, user } = poolAndUser(ctx, body, (v) => {
    pref = readPreference(v);
  });
  await setMfaPreference(ctx, pool, user, pref);
  return {};
}

export async function setUserMFAPreference(ctx: Ctx, body: Json): Promise<Json> {
  const v = new Input(body);
  const accessToken = v.req("AccessToken", ACCESS_TOKEN_RULE);
  const pref = readPreference(v);
  v.done();
  const { pool, user } = userFromAccessToken(ctx, accessToken);
  await setMfaPreference(ctx, pool, user, pref);
  return {};
}
