// AdminInitiateAuth and AdminRespondToAuthChallenge, written to reference/cognito.md section 3 and AWS's
// documentation: ExplicitAuthFlows, SECRET_HASH, PreventUserExistenceErrors, disabled / unconfirmed /
// reset-required users, lockout (wrong passwords and wrong MFA codes), temporary passwords, challenges
// (NEW_PASSWORD_REQUIRED, SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, SELECT_MFA_TYPE, MFA_SETUP) with
// single-use sessions that expire after the client's AuthSessionValidity, tokens, and REFRESH_TOKEN_AUTH.
// checkSecretHash, sameCode and sendCode are shared with recovery.ts.

import { createHmac, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import { checkWritableAttributes, findSchemaAttribute, idTokenAttributeClaims, maskedDestination } from "./attributes";
import type { Ctx } from "./context";
import {
  CognitoError,
  codeMismatch,
  INCORRECT_CREDENTIALS,
  invalidParameter,
  notAuthorized,
  PASSWORD_ATTEMPTS_EXCEEDED,
  passwordResetRequired,
  SESSION_EXPIRED,
  SESSION_INVALID,
  SESSION_USED,
  unsupportedOperation,
  USER_DISABLED,
  userNotConfirmed,
  userNotFound,
} from "./errors";
import { type ChallengeName, type ClientConfig, MFA_TYPES, type MfaType, type OutboxChannel, type PoolConfig, type SessionRecord, type UserRecord } from "./model";
import { enforcePolicy, hashPassword, verifyPassword } from "./passwords";
import { sha256 } from "./store";
import { newRefreshToken, newSession, signJwt } from "./tokens";
import { matchTotpStep } from "./totp";
import { CLIENT_ID_RULE, Input, type Json, POOL_ID_RULE } from "./validate";

const AUTH_FLOWS = [
  "USER_SRP_AUTH",
  "REFRESH_TOKEN_AUTH",
  "REFRESH_TOKEN",
  "CUSTOM_AUTH",
  "ADMIN_NO_SRP_AUTH",
  "USER_PASSWORD_AUTH",
  "ADMIN_USER_PASSWORD_AUTH",
  "USER_AUTH",
] as const;

const CHALLENGE_NAMES = [
  "SMS_MFA",
  "EMAIL_OTP",
  "SOFTWARE_TOKEN_MFA",
  "SELECT_MFA_TYPE",
  "MFA_SETUP",
  "PASSWORD_VERIFIER",
  "CUSTOM_CHALLENGE",
  "SELECT_CHALLENGE",
  "DEVICE_SRP_AUTH",
  "DEVICE_PASSWORD_VERIFIER",
  "ADMIN_NO_SRP_AUTH",
  "NEW_PASSWORD_REQUIRED",
  "SMS_OTP",
  "PASSWORD",
  "WEB_AUTHN",
  "PASSWORD_SRP",
] as const;

/** Lockout (Developer Guide, "User pool lockout behavior"): 5 failures → 1 s, then doubling, ≤ 15 min. */
const LOCKOUT_FREE_FAILURES = 5;
const LOCKOUT_MAX_SECONDS = 15 * 60;
const LOCKOUT_RESET_MS = 15 * 60 * 1000;

const SMS_CODE_DIGITS = 6;
/** E-mail OTP codes are 8 digits (observed on real pools); SMS codes 6. */
const EMAIL_CODE_DIGITS = 8;

// --- shared checks

/** Which ExplicitAuthFlows value admits an AuthFlow (ALLOW_* values, or the legacy ones). */
function flowEnabled(client: ClientConfig, flow: string): boolean {
  const f = client.explicitAuthFlows.length
    ? client.explicitAuthFlows
    : ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"];
  const legacyOnly = !f.some((x) => x.startsWith("ALLOW_"));
  switch (flow) {
    case "ADMIN_USER_PASSWORD_AUTH":
    case "ADMIN_NO_SRP_AUTH":
      return f.includes("ALLOW_ADMIN_USER_PASSWORD_AUTH") || f.includes("ADMIN_NO_SRP_AUTH");
    case "REFRESH_TOKEN_AUTH":
    case "REFRESH_TOKEN":
      return f.includes("ALLOW_REFRESH_TOKEN_AUTH") || legacyOnly;
    case "USER_SRP_AUTH":
      return f.includes("ALLOW_USER_SRP_AUTH") || legacyOnly;
    case "CUSTOM_AUTH":
      return f.includes("ALLOW_CUSTOM_AUTH") || f.includes("CUSTOM_AUTH_FLOW_ONLY");
    case "USER_AUTH":
      return f.includes("ALLOW_USER_AUTH");
    default:
      return false;
  }
}

/**
 * SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client ID)), required whenever the client
 * has a secret, computed over the exact USERNAME string of this request.
 */
export function checkSecretHash(
  client: ClientConfig,
  username: string,
  provided: string | undefined,
  mismatch = `Unable to verify secret hash for client ${client.clientId}`,
): void {
  if (!client.clientSecret) return;
  if (provided === undefined || provided === "")
    throw notAuthorized(`Client ${client.clientId} is configured for secret but secret was not received`);
  const expected = createHmac("sha256", client.clientSecret).update(username + client.clientId).digest();
  const given = Buffer.from(provided, "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected) || given.toString("base64") !== provided)
    throw notAuthorized(mismatch);
}

/** Unknown user: UserNotFoundException (LEGACY) or the wrong-password answer (ENABLED). */
function unknownUser(client: ClientConfig): CognitoError {
  return client.preventUserExistenceErrors === "ENABLED" ? notAuthorized(INCORRECT_CREDENTIALS) : userNotFound();
}

/**
 * One failed attempt — a wrong password, or a wrong MFA code: "After five unsuccessful attempts to present an MFA
 * code, Amazon Cognito begins the exponential-timeout lockout process described at Lockout behavior for failed
 * sign-in attempts" (Developer Guide, "Adding MFA to a user pool").
 */
function recordFailure(user: UserRecord, now: number): void {
  const prev = user.lockout;
  const l = prev && now - prev.lastFailureAt <= LOCKOUT_RESET_MS ? prev : { failures: 0, lastFailureAt: 0, lockedUntil: 0 };
  l.failures += 1;
  l.lastFailureAt = now;
  if (l.failures >= LOCKOUT_FREE_FAILURES)
    l.lockedUntil = now + Math.min(2 ** (l.failures - LOCKOUT_FREE_FAILURES), LOCKOUT_MAX_SECONDS) * 1000;
  user.lockout = l;
}

function isLocked(user: UserRecord, now: number): boolean {
  return !!user.lockout && user.lockout.lockedUntil > now;
}

function resolve(ctx: Ctx, poolId: string, clientId: string): { pool: PoolConfig; client: ClientConfig } {
  const pool = ctx.store.pool(poolId);
  return { pool, client: ctx.store.client(pool, clientId) };
}

/**
 * Whether a one-time code someone typed is the one we sent, in constant time. The lengths compared are the
 * bytes' (timingSafeEqual throws on buffers of different sizes; "é12345" is 6 characters but 7 bytes).
 */
export function sameCode(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function randomDigits(n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String(randomInt(10));
  return s;
}

/**
 * "Sends" a new one-time code of `digits` digits by SMS or e-mail: files it in the local outbox under `channel`
 * (the latest message per user and channel, readable at GET /_local/codes) and returns it with the masked
 * destination and the log note that prints it. The code is local test data: printing it is how a developer
 * reads their "SMS" or "e-mail". The caller keeps the code where it will be checked, saves, then notes.
 */
export function sendCode(
  ctx: Ctx,
  pool: PoolConfig,
  user: UserRecord,
  how: { channel: OutboxChannel; purpose: string; medium: "SMS" | "EMAIL"; digits: number },
  now: number,
): { code: string; destination: string; note: string } {
  const code = randomDigits(how.digits);
  const destination = maskedDestination(user, how.medium);
  ctx.store.state.outbox[`${pool.id}/${user.username}/${how.channel}`] = {
    poolId: pool.id,
    username: user.username,
    channel: how.channel,
    purpose: how.purpose,
    deliveryMedium: how.medium,
    destination,
    code,
    sentAt: now,
  };
  return { code, destination, note: `code ${code} sent by ${how.medium === "SMS" ? "SMS" : "e-mail"} to ${destination}` };
}

/**
 * Factors the user can be challenged with now. In an OPTIONAL pool, the ones the user turned on. In a pool that
 * requires MFA, every factor the pool allows that the user can receive: "To set up SMS or email MFA, collect a
 * phone_number or email attribute for the user. Then restart the authentication flow" (API Reference,
 * AdminInitiateAuth, ChallengeName MFA_SETUP) — the attribute is enough; TOTP needs a verified token.
 */
function usableMfas(pool: PoolConfig, user: UserRecord): MfaType[] {
  if (pool.mfaConfiguration === "OFF") return [];
  const candidates = pool.mfaConfiguration === "ON" ? MFA_TYPES : user.mfa.enabled;
  return candidates.filter((m) => {
    if (!poolOffers(pool, m)) return false;
    if (m === "SMS_MFA") return !!user.attributes.phone_number;
    if (m === "EMAIL_OTP") return !!user.attributes.email;
    return !!user.mfa.totpSecret;
  });
}

/**
 * Whether the pool offers `factor` as MFA: MFA not OFF, the factor activated for the pool (SetUserPoolMfaConfig), and
 * e-mail MFA only from the Essentials tier ("To activate this setting, your user pool must be in the Essentials tier
 * or higher", API Reference, EmailMfaSettingsType). Shared with mfa.ts (SetUserMFAPreference).
 */
export function poolOffers(pool: PoolConfig, factor: MfaType): boolean {
  return pool.mfaConfiguration !== "OFF" && pool.enabledMfas.includes(factor) && (factor !== "EMAIL_OTP" || pool.tier !== "LITE");
}

/** MFA_SETUP's MFAS_CAN_SETUP: "The MFA types activated for the user pool" (API Reference, AdminInitiateAuth). */
function setupTypes(pool: PoolConfig): MfaType[] {
  return pool.enabledMfas.filter((m) => poolOffers(pool, m));
}

/** Required schema attributes the user has no value for (asked for in NEW_PASSWORD_REQUIRED). */
function missingRequired(pool: PoolConfig, user: UserRecord): string[] {
  return pool.schema.filter((a) => a.Required && a.Name !== "sub" && !user.attributes[a.Name]).map((a) => a.Name);
}

// --- outcomes

/**
 * Opens a challenge session for `who`: a new Session string whose record (kept under its SHA-256) is good for
 * `validityMinutes` (the app client's AuthSessionValidity) and answered once; `extra` is what answering it needs.
 * Saves the state; returns the Session string. Shared with mfa.ts (the sessions of the MFA_SETUP enrolment).
 */
export async function openSession(
  ctx: Ctx,
  who: Pick<SessionRecord, "poolId" | "clientId" | "username">,
  challenge: ChallengeName,
  validityMinutes: number,
  now: number,
  extra: Pick<SessionRecord, "code" | "mfasCanChoose" | "setup"> = {},
): Promise<string> {
  const session = newSession();
  ctx.store.state.sessions[sha256(session)] = {
    poolId: who.poolId,
    clientId: who.clientId,
    username: who.username,
    challenge,
    issuedAt: now,
    expiresAt: now + validityMinutes * 60_000,
    ...extra,
  };
  ctx.store.prune(now);
  await ctx.store.save();
  return session;
}

async function issueChallenge(
  ctx: Ctx,
  pool: PoolConfig,
  client: ClientConfig,
  user: UserRecord,
  challenge: ChallengeName,
  mfasCanChoose?: MfaType[],
): Promise<Json> {
  const now = ctx.now();
  const extra: Pick<SessionRecord, "code" | "mfasCanChoose" | "setup"> = {};
  const params: Record<string, string> = {};
  let detail = "";
  switch (challenge) {
    case "NEW_PASSWORD_REQUIRED": {
      const { sub: _sub, ...visible } = user.attributes;
      params.USER_ID_FOR_SRP = user.username;
      params.requiredAttributes = JSON.stringify(missingRequired(pool, user).map((n) => `userAttributes.${n}`));
      params.userAttributes = JSON.stringify(visible);
      break;
    }
    case "SMS_MFA":
    case "EMAIL_OTP": {
      const medium = challenge === "SMS_MFA" ? "SMS" : "EMAIL";
      const digits = medium === "SMS" ? SMS_CODE_DIGITS : EMAIL_CODE_DIGITS;
      const sent = sendCode(ctx, pool, user, { channel: medium, purpose: challenge, medium, digits }, now);
      extra.code = sent.code;
      params.CODE_DELIVERY_DELIVERY_MEDIUM = medium;
      params.CODE_DELIVERY_DESTINATION = sent.destination;
      params.USER_ID_FOR_SRP = user.username;
      detail = sent.note;
      break;
    }
    case "SOFTWARE_TOKEN_MFA":
      params.USER_ID_FOR_SRP = user.username;
      break;
    case "SELECT_MFA_TYPE":
      extra.mfasCanChoose = mfasCanChoose ?? [];
      params.MFAS_CAN_CHOOSE = JSON.stringify(extra.mfasCanChoose);
      params.USER_ID_FOR_SRP = user.username;
      break;
    case "MFA_SETUP":
      // A JSON array in a string, like MFAS_CAN_CHOOSE. The session goes to AssociateSoftwareToken (mfa.ts).
      extra.setup = { step: "challenge" };
      params.MFAS_CAN_SETUP = JSON.stringify(setupTypes(pool));
      params.USER_ID_FOR_SRP = user.username;
      break;
  }
  const who = { poolId: pool.id, clientId: client.clientId, username: user.username };
  const session = await openSession(ctx, who, challenge, client.authSessionValidity, now, extra);
  if (detail) ctx.note(detail);
  return { ChallengeName: challenge, Session: session, ChallengeParameters: params };
}

interface TokenOrigin {
  authTime: number;
  originJti: string;
  eventId: string;
}

function mintTokens(ctx: Ctx, pool: PoolConfig, client: ClientConfig, user: UserRecord, origin: TokenOrigin) {
  const iat = Math.floor(ctx.now() / 1000);
  const iss = ctx.issuer(pool.id);
  const sub = user.attributes.sub ?? user.username;
  const idToken = signJwt(ctx.key, {
    sub,
    ...idTokenAttributeClaims(user.attributes),
    iss,
    "cognito:username": user.username,
    origin_jti: origin.originJti,
    aud: client.clientId,
    event_id: origin.eventId,
    token_use: "id",
    auth_time: origin.authTime,
    exp: iat + client.idTokenValidity * 60,
    iat,
    jti: randomUUID(),
  });
  const accessToken = signJwt(ctx.key, {
    sub,
    iss,
    client_id: client.clientId,
    origin_jti: origin.originJti,
    event_id: origin.eventId,
    token_use: "access",
    scope: "aws.cognito.signin.user.admin",
    auth_time: origin.authTime,
    exp: iat + client.accessTokenValidity * 60,
    iat,
    jti: randomUUID(),
    username: user.username,
  });
  return { AccessToken: accessToken, ExpiresIn: client.accessTokenValidity * 60, TokenType: "Bearer", IdToken: idToken };
}

/** A completed sign-in: tokens plus a new refresh token. */
async function signedIn(ctx: Ctx, pool: PoolConfig, client: ClientConfig, user: UserRecord): Promise<Json> {
  const now = ctx.now();
  // "To reset the lockout to its n=0 initial state, your user must … sign in successfully" (Developer Guide,
  // "Lockout behavior for failed sign-in attempts"): tokens, not merely a correct password before an MFA step.
  delete user.lockout;
  const origin: TokenOrigin = { authTime: Math.floor(now / 1000), originJti: randomUUID(), eventId: randomUUID() };
  const tokens = mintTokens(ctx, pool, client, user, origin);
  const refreshToken = newRefreshToken();
  ctx.store.state.refreshTokens[sha256(refreshToken)] = {
    poolId: pool.id,
    clientId: client.clientId,
    username: user.username,
    ...origin,
    issuedAt: now,
    expiresAt: now + client.refreshTokenValidity * 24 * 60 * 60 * 1000,
  };
  ctx.store.prune(now);
  await ctx.store.save();
  ctx.note("signed in");
  return {
    ChallengeParameters: {},
    AuthenticationResult: {
      AccessToken: tokens.AccessToken,
      ExpiresIn: tokens.ExpiresIn,
      TokenType: tokens.TokenType,
      RefreshToken: refreshToken,
      IdToken: tokens.IdToken,
    },
  };
}

/** After the password (or new password): an MFA challenge when the user has a factor, else tokens. */
async function afterPassword(ctx: Ctx, pool: PoolConfig, client: ClientConfig, user: UserRecord): Promise<Json> {
  const factors = usableMfas(pool, user);
  if (factors.length > 0) {
    const preferred = user.mfa.preferred;
    if (preferred && factors.includes(preferred)) return issueChallenge(ctx, pool, client, user, preferred);
    if (factors.length === 1) return issueChallenge(ctx, pool, client, user, factors[0]!);
    return issueChallenge(ctx, pool, client, user, "SELECT_MFA_TYPE", factors);
  }
  // "MFA_SETUP: If MFA is required, users who don't have at least one of the MFA methods set up are presented with
  // an MFA_SETUP challenge" (API Reference, AdminInitiateAuth).
  if (pool.mfaConfiguration === "ON") return issueChallenge(ctx, pool, client, user, "MFA_SETUP");
  return signedIn(ctx, pool, client, user);
}

// --- AdminInitiateAuth

/**
 * The refusal order of a password sign-in, as AWS documents it:
 * 1. Unknown user: PreventUserExistenceErrors decides (Developer Guide, "Managing user existence error responses":
 *    ENABLED → the generic NotAuthorizedException, LEGACY → UserNotFoundException).
 * 2. Locked out: "Attempts made during a lockout period generate a Password attempts exceeded exception"
 *    (Developer Guide, "Authentication" → "Lockout behavior for failed sign-in attempts"), whatever the password.
 * 3. RESET_REQUIRED: the password is not checked — AdminResetUserPassword "Deactivates a user's password"
 *    (API Reference) and imported users have none; "The first time each imported user signs in and enters any
 *    password … Amazon Cognito returns a NotAuthorizedException when PreventUserExistenceErrors is enabled.
 *    Otherwise, it returns PasswordResetRequiredException" (Developer Guide, "Requiring imported users to reset
 *    their passwords"; the same in "Managing error responses", "Imported users").
 * 4. The password. A disabled user hears "User is disabled." only after the right one: "If a user is disabled and
 *    the password is incorrect, the error will also indicate that either the username or password is incorrect"
 *    (Developer Guide, "Managing error responses", username-password authentication).
 * 5. After a correct password: disabled, then UNCONFIRMED (UserNotConfirmedException), then a temporary password
 *    (NEW_PASSWORD_REQUIRED, or refused once expired).
 */
async function passwordSignIn(ctx: Ctx, pool: PoolConfig, client: ClientConfig, login: string, password: string): Promise<Json> {
  const user = ctx.store.findUser(pool, login);
  if (!user) {
    await verifyPassword(password, undefined);
    throw unknownUser(client);
  }
  if (isLocked(user, ctx.now())) throw notAuthorized(PASSWORD_ATTEMPTS_EXCEEDED);
  if (user.status === "RESET_REQUIRED") {
    await verifyPassword(password, undefined); // the same time as a password check
    throw client.preventUserExistenceErrors === "ENABLED" ? notAuthorized(INCORRECT_CREDENTIALS) : passwordResetRequired();
  }
  const ok = await verifyPassword(password, user.passwordHash);
  const now = ctx.now();
  if (!ok) {
    recordFailure(user, now);
    await ctx.store.save();
    throw notAuthorized(INCORRECT_CREDENTIALS);
  }
  if (!user.enabled) throw notAuthorized(USER_DISABLED);
  if (user.status === "UNCONFIRMED") throw userNotConfirmed();
  if (user.status === "FORCE_CHANGE_PASSWORD") {
    const validDays = pool.passwordPolicy.TemporaryPasswordValidityDays;
    if ((user.passwordSetAt ?? user.createdAt) + validDays * 24 * 60 * 60 * 1000 < now)
      throw notAuthorized("Temporary password has expired and must be reset by an administrator.");
    return issueChallenge(ctx, pool, client, user, "NEW_PASSWORD_REQUIRED");
  }
  return afterPassword(ctx, pool, client, user);
}

async function refreshSignIn(ctx: Ctx, pool: PoolConfig, client: ClientConfig, params: Record<string, string>): Promise<Json> {
  const token = params.REFRESH_TOKEN;
  if (!token) throw invalidParameter("Missing required parameter REFRESH_TOKEN");
  const rec = ctx.store.state.refreshTokens[sha256(token)];
  if (!rec || rec.poolId !== pool.id || rec.clientId !== client.clientId) throw notAuthorized("Invalid Refresh Token");
  const user = ctx.store.userByUsername(pool.id, rec.username);
  if (rec.revokedAt || !user) throw notAuthorized("Refresh Token has been revoked");
  ctx.subject(user.username);
  // For refresh, Cognito computes the hash over the user's real username (the `sub` UUID in
  // email-as-username pools), not over whatever the caller signed in with; a mismatch is reported as
  // "SecretHash does not match for the client: <id>" (aws-sdk-net-extensions-cognito#94, #122;
  // amplify-android#3111).
  checkSecretHash(client, user.username, params.SECRET_HASH, `SecretHash does not match for the client: ${client.clientId}`);
  if (rec.expiresAt <= ctx.now()) throw notAuthorized("Refresh Token has expired");
  if (!user.enabled) throw notAuthorized(USER_DISABLED);
  const tokens = mintTokens(ctx, pool, client, user, rec);
  ctx.note("refreshed");
  // No new refresh token: Cognito returns one only with refresh-token rotation, which is off here.
  return { ChallengeParameters: {}, AuthenticationResult: tokens };
}

export async function adminInitiateAuth(ctx: Ctx, body: Json): Promise<Json> {
  const v = new Input(body);
  const poolId = v.req("UserPoolId", POOL_ID_RULE);
  const clientId = v.req("ClientId", CLIENT_ID_RULE);
  const flow = v.req("AuthFlow", { enum: AUTH_FLOWS });
  const params = v.map("AuthParameters") ?? {};
  v.map("ClientMetadata");
  v.struct("ContextData");
  v.struct("AnalyticsMetadata");
  v.done();
  if (params.USERNAME) ctx.subject(params.USERNAME);
  const { pool, client } = resolve(ctx, poolId, clientId);

  if (flow === "USER_PASSWORD_AUTH") throw invalidParameter("Initiate Auth method not supported.");
  if (!flowEnabled(client, flow)) throw invalidParameter("Auth flow not enabled for this client");
  switch (flow) {
    case "ADMIN_USER_PASSWORD_AUTH":
    case "ADMIN_NO_SRP_AUTH": {
      const username = params.USERNAME;
      if (!username) throw invalidParameter("Missing required parameter USERNAME");
      const password = params.PASSWORD;
      if (password === undefined || password === "") throw invalidParameter("Missing required parameter PASSWORD");
      checkSecretHash(client, username, params.SECRET_HASH);
      return passwordSignIn(ctx, pool, client, username, password);
    }
    case "REFRESH_TOKEN_AUTH":
    case "REFRESH_TOKEN":
      return refreshSignIn(ctx, pool, client, params);
    default:
      throw unsupportedOperation(`AuthFlow ${flow} is not implemented by the local Cognito stand-in.`);
  }
}

// --- AdminRespondToAuthChallenge

export async function adminRespondToAuthChallenge(ctx: Ctx, body: Json): Promise<Json> {
  const v = new Input(body);
  const poolId = v.req("UserPoolId", POOL_ID_RULE);
  const clientId = v.req("ClientId", CLIENT_ID_RULE);
  const challengeName = v.req("ChallengeName", { enum: CHALLENGE_NAMES });
  const responses = v.map("ChallengeResponses") ?? {};
  const session = v.str("Session", { min: 20, max: 2048 });
  v.map("ClientMetadata");
  v.struct("ContextData");
  v.struct("AnalyticsMetadata");
  v.done();
  if (responses.USERNAME) ctx.subject(responses.USERNAME);
  const { pool, client } = resolve(ctx, poolId, clientId);

  const username = responses.USERNAME;
  if (!username) throw invalidParameter("Missing required parameter USERNAME");
  // Every challenge response carries SECRET_HASH over the USERNAME sent here; Cognito accepts the
  // login alias or the real username (ChallengeParameters.USER_ID_FOR_SRP) as USERNAME.
  checkSecretHash(client, username, responses.SECRET_HASH);
  if (!session) throw invalidParameter("Missing required parameter Session");

  const now = ctx.now();
  const rec = ctx.store.state.sessions[sha256(session)];
  if (!rec || rec.poolId !== pool.id || rec.clientId !== client.clientId) throw notAuthorized(SESSION_INVALID);
  if (rec.usedAt !== undefined) throw notAuthorized(SESSION_USED);
  if (rec.expiresAt <= now) throw notAuthorized(SESSION_EXPIRED);
  if (rec.challenge !== challengeName) throw notAuthorized(SESSION_INVALID);
  const user = ctx.store.findUser(pool, username);
  if (!user) throw unknownUser(client);
  if (user.username !== rec.username) throw notAuthorized(SESSION_INVALID);
  if (!user.enabled) throw notAuthorized(USER_DISABLED);

  // A wrong code leaves the session usable (AWS documents no single-try rule for MFA codes: "If the code is wrong
  // … your user can either try again or cancel", Developer Guide, "TOTP software token MFA"), but every wrong
  // code counts towards the lockout, and a locked-out user's answers are refused outright.
  const isCode = rec.challenge === "SOFTWARE_TOKEN_MFA" || rec.challenge === "SMS_MFA" || rec.challenge === "EMAIL_OTP";
  if (isCode && isLocked(user, now)) throw notAuthorized(PASSWORD_ATTEMPTS_EXCEEDED);
  const wrongCode = async (error: CognitoError): Promise<never> => {
    recordFailure(user, now);
    await ctx.store.save();
    throw error;
  };

  switch (rec.challenge) {
    case "NEW_PASSWORD_REQUIRED":
      return answerNewPassword(ctx, pool, client, user, rec, responses);
    case "SOFTWARE_TOKEN_MFA": {
      const code = responses.SOFTWARE_TOKEN_MFA_CODE;
      if (!code) throw invalidParameter("Missing required parameter SOFTWARE_TOKEN_MFA_CODE");
      if (!user.mfa.totpSecret)
        throw new CognitoError("SoftwareTokenMFANotFoundException", "Software Token MFA has not been enabled by the user.");
      // RFC 6238 §5.2: "The verifier MUST NOT accept the second attempt of the OTP after the successful validation
      // has been issued for the first OTP" — a used code (and any older one) is refused for the rest of its window.
      const step = matchTotpStep(user.mfa.totpSecret, code, now);
      if (step === undefined || step <= (user.mfa.totpLastStep ?? -1)) return wrongCode(codeMismatch("Invalid code received for user"));
      user.mfa.totpLastStep = step;
      rec.usedAt = now;
      return signedIn(ctx, pool, client, user);
    }
    case "SMS_MFA":
    case "EMAIL_OTP": {
      const field = rec.challenge === "SMS_MFA" ? "SMS_MFA_CODE" : "EMAIL_OTP_CODE";
      const code = responses[field];
      if (!code) throw invalidParameter(`Missing required parameter ${field}`);
      const expected = rec.code ?? "";
      if (!sameCode(code, expected))
        return wrongCode(codeMismatch("Invalid code or auth state for the user."));
      rec.usedAt = now;
      return signedIn(ctx, pool, client, user);
    }
    case "SELECT_MFA_TYPE": {
      const answer = responses.ANSWER;
      if (!answer) throw invalidParameter("Missing required parameter ANSWER");
      const choice = (rec.mfasCanChoose ?? []).find((m) => m === answer);
      if (!choice) throw invalidParameter(`Invalid MFA type ${answer}; choose one of MFAS_CAN_CHOOSE`);
      rec.usedAt = now;
      return issueChallenge(ctx, pool, client, user, choice);
    }
    case "MFA_SETUP":
      // "use the session returned by VerifySoftwareToken as an input to … AdminRespondToAuthChallenge with challenge
      // name MFA_SETUP to complete sign-in" (API Reference, AdminInitiateAuth, ChallengeName).
      if (rec.setup?.step !== "verified") throw notAuthorized(SESSION_INVALID);
      rec.usedAt = now;
      return signedIn(ctx, pool, client, user);
  }
}

async function answerNewPassword(
  ctx: Ctx,
  pool: PoolConfig,
  client: ClientConfig,
  user: UserRecord,
  rec: SessionRecord,
  responses: Record<string, string>,
): Promise<Json> {
  const password = responses.NEW_PASSWORD;
  if (password === undefined || password === "") throw invalidParameter("Missing required parameter NEW_PASSWORD");
  enforcePolicy(password, pool.passwordPolicy);

  const given: [string, string][] = Object.entries(responses)
    .filter(([k]) => k.startsWith("userAttributes."))
    .map(([k, value]) => [k.slice("userAttributes.".length), value]);
  const attrs = checkWritableAttributes(pool, given, "update");
  for (const [name] of attrs) {
    // Developer Guide: a required attribute that already has a value cannot be changed in this challenge.
    if (findSchemaAttribute(pool, name)?.Required && user.attributes[name])
      throw invalidParameter(`Cannot modify an already provided ${name}`);
  }
  const provided = new Set(attrs.filter(([, val]) => val !== "").map(([n]) => n));
  const missing = missingRequired(pool, user).filter((n) => !provided.has(n));
  if (missing.length > 0)
    throw invalidParameter(`Attributes did not conform to the schema: ${missing.map((n) => `${n}: The attribute ${n} is required`).join(", ")}`);

  rec.usedAt = ctx.now(); // single use, also against a double submit while the hash is computed
  const hash = await hashPassword(password);
  const now = ctx.now();
  user.passwordHash = hash;
  user.passwordSetAt = now;
  user.status = "CONFIRMED";
  for (const [name, value] of attrs) user.attributes[name] = value;
  user.modifiedAt = now;
  return afterPassword(ctx, pool, client, user);
}
