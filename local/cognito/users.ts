// The administrative user operations: AdminGetUser, AdminCreateUser, AdminSetUserPassword,
// AdminUpdateUserAttributes, AdminDisableUser, AdminEnableUser, AdminDeleteUser and ListUsers.

import { randomUUID } from "node:crypto";
import { checkWritableAttributes, isEmail, maskedDestination } from "./attributes";
import { type Ctx, epochSeconds } from "./context";
import {
  aliasExists,
  invalidParameter,
  unsupportedUserState,
  userNotFound,
  usernameExists,
} from "./errors";
import type { PoolConfig, UserRecord } from "./model";
import { enforcePolicy, generateTemporaryPassword, hashPassword } from "./passwords";
import { Input, type Json, PATTERNS, POOL_ID_RULE, USERNAME_RULE } from "./validate";

function findOrThrow(ctx: Ctx, pool: PoolConfig, username: string): UserRecord {
  const user = ctx.store.findUser(pool, username);
  if (!user) throw userNotFound();
  return user;
}

function attributeList(user: UserRecord, only?: string[]): { Name: string; Value: string }[] {
  return Object.entries(user.attributes)
    .filter(([name]) => !only || only.includes(name))
    .map(([Name, Value]) => ({ Name, Value }));
}

/** UserType as ListUsers and AdminCreateUser return it. */
function userType(user: UserRecord, only?: string[]): Json {
  const out: Json = {
    Username: user.username,
    Attributes: attributeList(user, only),
    UserCreateDate: epochSeconds(user.createdAt),
    UserLastModifiedDate: epochSeconds(user.modifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
  if (user.mfa.enabled.includes("SMS_MFA")) out.MFAOptions = [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }];
  return out;
}

/**
 * One admin call: pool first (ResourceNotFoundException), then the user (UserNotFoundException). Shared with mfa.ts
 * (AdminSetUserMFAPreference).
 */
export function poolAndUser(ctx: Ctx, body: Json, extra?: (v: Input) => void): { pool: PoolConfig; user: UserRecord } {
  const v = new Input(body);
  const poolId = v.req("UserPoolId", POOL_ID_RULE);
  const username = v.req("Username", USERNAME_RULE);
  extra?.(v);
  v.done();
  ctx.subject(username);
  const pool = ctx.store.pool(poolId);
  return { pool, user: findOrThrow(ctx, pool, username) };
}

function touch(ctx: Ctx, user: UserRecord): void {
  user.modifiedAt = ctx.now();
}

// --- AdminGetUser

export async function adminGetUser(ctx: Ctx, body: Json): Promise<Json> {
  const { user } = poolAndUser(ctx, body);
  const out: Json = {
    Username: user.username,
    UserAttributes: attributeList(user),
    UserCreateDate: epochSeconds(user.createdAt),
    UserLastModifiedDate: epochSeconds(user.modifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
  if (user.mfa.enabled.includes("SMS_MFA")) out.MFAOptions = [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }];
  if (user.mfa.preferred) out.PreferredMfaSetting = user.mfa.preferred;
  if (user.mfa.enabled.length > 0) out.UserMFASettingList = [...user.mfa.enabled];
  return out;
}

// --- AdminCreateUser

export async function adminCreateUser(ctx: Ctx, body: Json): Promise<Json> {
  const v = new Input(body);
  const poolId = v.req("UserPoolId", POOL_ID_RULE);
  const username = v.req("Username", USERNAME_RULE);
  const given = v.attributes("UserAttributes") ?? [];
  v.attributes("ValidationData");
  const temporaryPassword = v.str("TemporaryPassword", { max: 256, pattern: PATTERNS.password, sensitive: true });
  v.bool("ForceAliasCreation");
  const action = v.str("MessageAction", { enum: ["RESEND", "SUPPRESS"] });
  const mediums = v.strList("DesiredDeliveryMediums", { enum: ["SMS", "EMAIL"] }) ?? ["SMS"];
  v.map("ClientMetadata");
  v.done();
  ctx.subject(username);
  const pool = ctx.store.pool(poolId);
  const now = ctx.now();
  if (temporaryPassword !== undefined) enforcePolicy(temporaryPassword, pool.passwordPolicy);

  if (action === "RESEND") {
    const user = findOrThrow(ctx, pool, username);
    if (user.status !== "FORCE_CHANGE_PASSWORD")
      throw unsupportedUserState(`Resend not possible. ${user.username} status is not FORCE_CHANGE_PASSWORD.`);
    const password = temporaryPassword ?? generateTemporaryPassword(pool.passwordPolicy);
    user.passwordHash = await hashPassword(password);
    user.passwordSetAt = now;
    touch(ctx, user);
    invite(ctx, pool, user, password, mediums);
    await ctx.store.save();
    return { User: userType(user) };
  }

  const emailPool = pool.usernameAttributes.includes("email");
  const phonePool = pool.usernameAttributes.includes("phone_number");
  const attrs = new Map(checkWritableAttributes(pool, given, "create"));
  let realUsername = username;
  const sub = randomUUID();
  if (emailPool || phonePool) {
    // Email/phone is the username: Cognito keeps it as the attribute and generates the username (= sub).
    if (emailPool && isEmail(username)) {
      const email = attrs.get("email");
      if (email !== undefined && email !== username)
        throw invalidParameter("Username should be the same as the email attribute.");
      attrs.set("email", username);
    } else if (phonePool && /^\+[0-9]{4,15}$/.test(username)) {
      attrs.set("phone_number", username);
    } else {
      throw invalidParameter(emailPool ? "Username should be an email." : "Username should be a phone number.");
    }
    realUsername = sub;
  }
  if (ctx.store.findUser(pool, username))
    throw usernameExists(emailPool ? "An account with the given email already exists." : "User account already exists");

  const password = temporaryPassword ?? generateTemporaryPassword(pool.passwordPolicy);
  const user: UserRecord = {
    username: realUsername,
    attributes: { sub, ...Object.fromEntries(attrs) },
    enabled: true,
    status: "FORCE_CHANGE_PASSWORD",
    passwordHash: await hashPassword(password),
    passwordSetAt: now,
    createdAt: now,
    modifiedAt: now,
    mfa: { enabled: [] },
  };
  // Re-check after the await: a concurrent create of the same login must not produce two users.
  if (ctx.store.findUser(pool, username))
    throw usernameExists(emailPool ? "An account with the given email already exists." : "User account already exists");
  ctx.store.users(pool.id)[sub] = user;
  if (action !== "SUPPRESS") invite(ctx, pool, user, password, mediums);
  await ctx.store.save();
  ctx.note(`created ${user.username}`);
  return { User: userType(user) };
}

/**
 * The invitation Cognito would send. Kept in the local outbox (readable at GET /_local/codes) and
 * mentioned on the log line without the password.
 */
function invite(ctx: Ctx, pool: PoolConfig, user: UserRecord, password: string, mediums: string[]): void {
  const email = user.attributes.email;
  const phone = user.attributes.phone_number;
  const medium = mediums.includes("EMAIL") && email ? "EMAIL" : phone ? "SMS" : email ? "EMAIL" : undefined;
  if (!medium) return;
  const destination = maskedDestination(user, medium);
  ctx.store.state.outbox[`${pool.id}/${user.username}/INVITATION`] = {
    poolId: pool.id,
    username: user.username,
    channel: "INVITATION",
    purpose: "INVITATION",
    deliveryMedium: medium,
    destination,
    temporaryPassword: password,
    sentAt: ctx.now(),
  };
  ctx.note(`invitation to ${destination} (read it at /_local/codes)`);
}

// --- AdminSetUserPassword

export async function adminSetUserPassword(ctx: Ctx, body: Json): Promise<Json> {
  let password = "";
  let permanent: boolean | undefined;
  const { pool, user } = poolAndUser(ctx, body, (v) => {
    password = v.req("Password", { max: 256, pattern: PATTERNS.password, sensitive: true });
    permanent = v.bool("Permanent");
  });
  enforcePolicy(password, pool.passwordPolicy);
  const hash = await hashPassword(password);
  user.passwordHash = hash;
  user.passwordSetAt = ctx.now();
  // "Works on any user": permanent → CONFIRMED, temporary → FORCE_CHANGE_PASSWORD.
  user.status = permanent ? "CONFIRMED" : "FORCE_CHANGE_PASSWORD";
  delete user.lockout;
  touch(ctx, user);
  await ctx.store.save();
  return {};
}

// --- AdminUpdateUserAttributes

export async function adminUpdateUserAttributes(ctx: Ctx, body: Json): Promise<Json> {
  let given: [string, string][] = [];
  const { pool, user } = poolAndUser(ctx, body, (v) => {
    given = v.attributes("UserAttributes", { required: true, valueRequired: true }) ?? [];
    v.map("ClientMetadata");
  });
  const attrs = new Map(checkWritableAttributes(pool, given, "update"));
  const fold = (s: string) => (pool.caseSensitive ? s : s.toLowerCase());
  const email = attrs.get("email");
  if (email !== undefined && pool.usernameAttributes.includes("email")) {
    if (email === "") throw invalidParameter("Cannot delete the email attribute of a user whose email is the username.");
    const other = Object.values(ctx.store.users(pool.id)).find(
      (u) => u !== user && u.attributes.email !== undefined && fold(u.attributes.email) === fold(email),
    );
    if (other) throw aliasExists("An account with the given email already exists.");
  }
  // A changed e-mail address or phone number is unverified again unless the caller says otherwise.
  if (email !== undefined && email !== user.attributes.email && !attrs.has("email_verified")) attrs.set("email_verified", "false");
  const phone = attrs.get("phone_number");
  if (phone !== undefined && phone !== user.attributes.phone_number && !attrs.has("phone_number_verified"))
    attrs.set("phone_number_verified", "false");
  for (const [name, value] of attrs) {
    if (value === "") delete user.attributes[name];
    else user.attributes[name] = value;
  }
  touch(ctx, user);
  await ctx.store.save();
  return {};
}

// --- AdminDisableUser / AdminEnableUser / AdminDeleteUser

export async function adminDisableUser(ctx: Ctx, body: Json): Promise<Json> {
  const { pool, user } = poolAndUser(ctx, body);
  user.enabled = false;
  // "Deactivates a user and revokes all access tokens for the user."
  const now = ctx.now();
  for (const r of Object.values(ctx.store.state.refreshTokens))
    if (r.poolId === pool.id && r.username === user.username && r.revokedAt === undefined) r.revokedAt = now;
  touch(ctx, user);
  await ctx.store.save();
  return {};
}

export async function adminEnableUser(ctx: Ctx, body: Json): Promise<Json> {
  const { user } = poolAndUser(ctx, body);
  user.enabled = true;
  touch(ctx, user);
  await ctx.store.save();
  return {};
}

export async function adminDeleteUser(ctx: Ctx, body: Json): Promise<Json> {
  const { pool, user } = poolAndUser(ctx, body);
  const s = ctx.store.state;
  delete ctx.store.users(pool.id)[user.attributes.sub ?? user.username];
  for (const [k, r] of Object.entries(s.refreshTokens)) if (r.poolId === pool.id && r.username === user.username) delete s.refreshTokens[k];
  for (const [k, r] of Object.entries(s.sessions)) if (r.poolId === pool.id && r.username === user.username) delete s.sessions[k];
  for (const [k, m] of Object.entries(s.outbox)) if (m.poolId === pool.id && m.username === user.username) delete s.outbox[k];
  await ctx.store.save();
  return {};
}

// --- ListUsers

/** The attributes ListUsers can filter on (API reference, ListUsers `Filter`). */
const FILTERABLE = new Set([
  "username",
  "email",
  "phone_number",
  "name",
  "given_name",
  "family_name",
  "preferred_username",
  "cognito:user_status",
  "status",
  "sub",
]);

const FILTER = /^\s*([A-Za-z_:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/;

type UserPredicate = (u: UserRecord) => boolean;

function parseFilter(filter: string | undefined): UserPredicate {
  if (filter === undefined || filter.trim() === "") return () => true;
  const m = FILTER.exec(filter);
  if (!m) throw invalidParameter("Error while parsing filter");
  const [, attr, op, raw] = m as unknown as [string, string, string, string];
  if (!FILTERABLE.has(attr)) throw invalidParameter(`Invalid search attribute: ${attr}`);
  const value = raw.replace(/\\(.)/g, "$1");
  const read = (u: UserRecord): string | undefined => {
    if (attr === "username") return u.username;
    if (attr === "cognito:user_status") return u.status;
    if (attr === "status") return u.enabled ? "Enabled" : "Disabled";
    return u.attributes[attr];
  };
  // cognito:user_status is case-insensitive; the others are compared as stored.
  const fold = attr === "cognito:user_status" ? (s: string) => s.toLowerCase() : (s: string) => s;
  return (u) => {
    const actual = read(u);
    if (actual === undefined) return false;
    return op === "=" ? fold(actual) === fold(value) : fold(actual).startsWith(fold(value));
  };
}

export async function listUsers(ctx: Ctx, body: Json): Promise<Json> {
  const v = new Input(body);
  const poolId = v.req("UserPoolId", POOL_ID_RULE);
  const only = v.strList("AttributesToGet");
  const limit = v.int("Limit", { min: 0, max: 60 });
  const token = v.str("PaginationToken", { min: 1 });
  const filter = v.str("Filter", { max: 256 });
  v.done();
  const pool = ctx.store.pool(poolId);
  const matches = parseFilter(filter);
  let offset = 0;
  if (token !== undefined) {
    const decoded = decodeToken(token);
    if (!decoded || decoded.pool !== pool.id) throw invalidParameter("Invalid pagination token.");
    offset = decoded.offset;
  }
  const all = Object.values(ctx.store.users(pool.id))
    .filter(matches)
    .sort((a, b) => a.createdAt - b.createdAt || (a.username < b.username ? -1 : a.username > b.username ? 1 : 0));
  const size = limit || 60;
  const page = all.slice(offset, offset + size);
  const out: Json = { Users: page.map((u) => userType(u, only)) };
  if (offset + size < all.length) out.PaginationToken = encodeToken({ pool: pool.id, offset: offset + size });
  ctx.note(`${page.length} user(s)`);
  return out;
}

function encodeToken(t: { pool: string; offset: number }): string {
  return Buffer.from(JSON.stringify(t)).toString("base64url");
}

function decodeToken(token: string): { pool: string; offset: number } | undefined {
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { pool?: unknown; offset?: unknown };
    if (typeof t.pool === "string" && typeof t.offset === "number" && Number.isInteger(t.offset) && t.offset >= 0)
      return { pool: t.pool, offset: t.offset };
  } catch {
    /* not ours */
  }
  return undefined;
}
