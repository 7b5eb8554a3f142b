// Self-service password recovery: ForgotPassword and ConfirmForgotPassword. Public operations (no IAM, unsigned
// from the SDK); the app client's SECRET_HASH over the Username of the request, like every other call.
//
// Sources (Developer Guide unless said otherwise):
// - "Managing error responses" (PreventUserExistenceErrors ENABLED): "ForgotPassword: When a user isn't found, is
//   deactivated, or doesn't have a verified delivery mechanism to recover their password, Amazon Cognito returns
//   CodeDeliveryDetails with a simulated delivery medium … determined by the input user name format and
//   verification settings of the user pool." "ConfirmForgotPassword: Amazon Cognito returns the
//   CodeMismatchException error for users that don't exist or are disabled. If a code isn't requested when using
//   ForgotPassword, Amazon Cognito returns the ExpiredCodeException error."
// - "Recovering user accounts": the code goes to the first AccountRecoverySetting mechanism the user has verified;
//   "In a given hour, we allow between 5 and 20 attempts for a user to request or enter a password reset code as
//   part of forgot-password and confirm-forgot-password actions" — here the documented minimum, 5.
// - API Reference, ForgotPassword: "If neither a verified phone number nor a verified email exists, Amazon Cognito
//   responds with an InvalidParameterException error" (without PreventUserExistenceErrors).
// The messages are the ones real pools send (reference/cognito.md 3.4; amplify-js#7323 for "Username/client id
// combination not found."); ConfirmForgotPassword ends a RESET_REQUIRED state (AdminResetUserPassword: "Your app
// must then perform the actions that reset your user's password: the forgot-password flow").

import { checkSecretHash, sameCode, sendCode } from "./auth";
import { maskedDestination, maskEmail, maskPhone } from "./attributes";
import { type Ctx } from "./context";
import { CognitoError, codeMismatch, invalidParameter, notAuthorized, USER_DISABLED } from "./errors";
import type { PoolConfig, UserRecord } from "./model";
import { enforcePolicy, hashPassword } from "./passwords";
import { CLIENT_ID_RULE, Input, type Json, PATTERNS, USERNAME_RULE } from "./validate";

const CODE_DIGITS = 6;
/** How long a reset code stays good. AWS does not say in the pages checked; one hour, like the attempt window. */
const CODE_VALIDITY_MS = 60 * 60 * 1000;
const ATTEMPT_WINDOW_MS = 60 * 60 * 1000;
const ATTEMPTS_PER_HOUR = 5;

const LIMIT_EXCEEDED = "Attempt limit exceeded, please try after some time.";
const CODE_MISMATCH = "Invalid verification code provided, please try again.";
const CODE_EXPIRED = "Invalid code provided, please request a code again.";
const NO_SUCH_USER = "Username/client id combination not found.";

const SECRET_HASH_RULE = { min: 1, max: 128, pattern: "[\\w+=/]+", sensitive: true } as const;

interface Delivery {
  Destination: string;
  DeliveryMedium: "EMAIL" | "SMS";
  AttributeName: "email" | "phone_number";
}

/** Where the pool's AccountRecoverySetting sends this user's code, if anywhere. */
function recoveryDestination(pool: PoolConfig, user: UserRecord): Delivery | "admin_only" | undefined {
  for (const mechanism of pool.accountRecovery) {
    if (mechanism === "admin_only") return "admin_only";
    if (mechanism === "verified_email" && user.attributes.email && user.attributes.email_verified === "true")
      return { Destination: maskedDestination(user, "EMAIL"), DeliveryMedium: "EMAIL", AttributeName: "email" };
    if (mechanism === "verified_phone_number" && user.attributes.phone_number && user.attributes.phone_number_verified === "true")
      return { Destination: maskedDestination(user, "SMS"), DeliveryMedium: "SMS", AttributeName: "phone_number" };
  }
  return undefined;
}

/** The "simulated delivery medium … determined by the input user name format and verification settings". */
function simulatedDelivery(pool: PoolConfig, login: string): Delivery {
  if (/^\+[0-9]{4,15}$/.test(login)) return { Destination: maskPhone(login), DeliveryMedium: "SMS", AttributeName: "phone_number" };
  if (login.includes("@")) return { Destination: maskEmail(login), DeliveryMedium: "EMAIL", AttributeName: "email" };
  // A plain username says nothing about the address; mask one that has the pool's preferred medium's shape.
  return pool.accountRecovery[0] === "verified_phone_number"
    ? { Destination: "+*******0000", DeliveryMedium: "SMS", AttributeName: "phone_number" }
    : { Destination: maskEmail(`${login}@example.com`), DeliveryMedium: "EMAIL", AttributeName: "email" };
}

/** Counts one attempt for the hourly limit, or refuses with LimitExceededException. */
function countAttempt(user: UserRecord, now: number): void {
  const recovery = (user.recovery ??= { attempts: [] });
  recovery.attempts = recovery.attempts.filter((t) => t > now - ATTEMPT_WINDOW_MS);
  if (recovery.attempts.length >= ATTEMPTS_PER_HOUR) throw new CognitoError("LimitExceededException", LIMIT_EXCEEDED);
  recovery.attempts.push(now);
}

/**
 * The part both operations' requests share, read in the API's member order (`more` reads the operation's own members
 * after Username): the app client (with SECRET_HASH checked), the login and whether user-existence errors are hidden.
 */
function recoveryRequest<T>(ctx: Ctx, body: Json, more: (v: Input) => T): { pool: PoolConfig; login: string; hide: boolean; own: T } {
  const v = new Input(body);
  const clientId = v.req("ClientId", CLIENT_ID_RULE);
  const secretHash = v.str("SecretHash", SECRET_HASH_RULE);
  const login = v.req("Username", USERNAME_RULE);
  const own = more(v);
  v.struct("UserContextData");
  v.struct("AnalyticsMetadata");
  v.map("ClientMetadata");
  v.done();
  ctx.subject(login);
  const { pool, client } = ctx.store.clientById(clientId);
  checkSecretHash(client, login, secretHash);
  return { pool, login, hide: client.preventUserExistenceErrors === "ENABLED", own };
}

export async function forgotPassword(ctx: Ctx, body: Json): Promise<Json> {
  const { pool, login, hide } = recoveryRequest(ctx, body, () => undefined);
  const simulated = (why: string): Json => {
    ctx.note(`simulated delivery (${why})`);
    return { CodeDeliveryDetails: simulatedDelivery(pool, login) };
  };

  const user = ctx.store.findUser(pool, login);
  if (!user) {
    if (hide) return simulated("no such user");
    throw new CognitoError("UserNotFoundException", NO_SUCH_USER);
  }
  if (!user.enabled) {
    if (hide) return simulated("user disabled");
    throw notAuthorized(USER_DISABLED);
  }
  if (user.status === "FORCE_CHANGE_PASSWORD") {
    // The temporary password must be changed at sign-in (NEW_PASSWORD_REQUIRED), not recovered.
    if (hide) return simulated("temporary password");
    throw notAuthorized("User password cannot be reset in the current state.");
  }
  const destination = recoveryDestination(pool, user);
  if (destination === "admin_only") throw notAuthorized("Contact administrator to reset password.");
  if (!destination) {
    if (hide) return simulated("no verified e-mail or phone");
    throw invalidParameter("Cannot reset password for the user as there is no registered/verified email or phone_number");
  }
  const now = ctx.now();
  countAttempt(user, now);
  const how = { channel: "PASSWORD_RESET", purpose: "FORGOT_PASSWORD", medium: destination.DeliveryMedium, digits: CODE_DIGITS } as const;
  const sent = sendCode(ctx, pool, user, how, now);
  // A new code replaces the previous one.
  Object.assign(user.recovery!, { code: sent.code, issuedAt: now, expiresAt: now + CODE_VALIDITY_MS });
  await ctx.store.save();
  ctx.note(sent.note);
  return { CodeDeliveryDetails: destination };
}

export async function confirmForgotPassword(ctx: Ctx, body: Json): Promise<Json> {
  const { pool, login, hide, own } = recoveryRequest(ctx, body, (v) => ({
    code: v.req("ConfirmationCode", { min: 1, max: 2048, pattern: "[\\S]+", sensitive: true }),
    password: v.req("Password", { max: 256, pattern: PATTERNS.password, sensitive: true }),
  }));
  const { code, password } = own;

  const user = ctx.store.findUser(pool, login);
  if (!user) throw hide ? codeMismatch(CODE_MISMATCH) : new CognitoError("UserNotFoundException", NO_SUCH_USER);
  if (!user.enabled) throw hide ? codeMismatch(CODE_MISMATCH) : notAuthorized(USER_DISABLED);
  const now = ctx.now();
  countAttempt(user, now);
  const rec = user.recovery!;
  if (!rec.code || (rec.expiresAt ?? 0) <= now) {
    await ctx.store.save();
    throw new CognitoError("ExpiredCodeException", CODE_EXPIRED);
  }
  if (!sameCode(code, rec.code)) {
    await ctx.store.save();
    throw codeMismatch(CODE_MISMATCH);
  }
  enforcePolicy(password, pool.passwordPolicy);
  const hash = await hashPassword(password);
  user.passwordHash = hash;
  user.passwordSetAt = now;
  if (user.status === "RESET_REQUIRED" || user.status === "FORCE_CHANGE_PASSWORD") user.status = "CONFIRMED";
  delete rec.code;
  delete rec.issuedAt;
  delete rec.expiresAt;
  user.modifiedAt = now;
  await ctx.store.save();
  ctx.note("password reset");
  return {};
}
