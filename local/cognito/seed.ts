// Demo data of the local Cognito stand-in: the pools, app clients and users a fresh data folder starts
// with. Everything here is public test data (DESIGN.md, "Demo data"); the `sub` UUIDs are fixed so tests
// and docs can rely on them. Users added here later also reach existing data folders (store.ts).
//
// Pool `us-east-1_LocalDemo` (the app's pool) — email is the username (the real username is a UUID equal
// to `sub`), case-insensitive, password policy = Cognito's default (8+ chars, upper, lower, digit,
// symbol), MFA OPTIONAL with SMS, TOTP and e-mail OTP (Essentials tier), required attributes `email` and
// `name`, one custom attribute `custom:tenant`, account recovery by verified e-mail.
//
//   app client                   secret                       existence errors  flows
//   demoappclient0000000000000a  demo-cognito-client-secret   ENABLED           ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH   (the app's client)
//   demopublicclient000000000b   —                            LEGACY            ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH   (no SECRET_HASH; UserNotFoundException for unknown users)
//   demosrponlyclient00000000c   —                            ENABLED           ALLOW_USER_SRP_AUTH, ALLOW_REFRESH_TOKEN_AUTH              (admin password sign-in refused: InvalidParameterException)
//
// Users of us-east-1_LocalDemo (log in with the e-mail address):
//
//   login ID                 password      state / what it exercises
//   demo@example.com         Demo-Pass1!   CONFIRMED; every profile attribute (phone unverified, address as a JSON string)
//   second@example.com       Demo-Pass1!   CONFIRMED; password only, name and verified e-mail (a second person, for account switching)
//   mfa@example.com          Demo-Pass1!   CONFIRMED; TOTP enrolled and preferred (secret JBSWY3DPEHPK3PXP) → SOFTWARE_TOKEN_MFA
//   newpass@example.com      Temp-Pass1!   FORCE_CHANGE_PASSWORD without `name` → NEW_PASSWORD_REQUIRED, requiredAttributes ["userAttributes.name"]
//   disabled@example.com     Demo-Pass1!   disabled → NotAuthorizedException "User is disabled." (after the right password only)
//   sms@example.com          Demo-Pass1!   CONFIRMED; SMS MFA preferred (+15555550101) → SMS_MFA to "+*******0101", code via GET /_local/codes
//   email-otp@example.com    Demo-Pass1!   CONFIRMED; e-mail MFA preferred → EMAIL_OTP (8-digit code), code via GET /_local/codes
//   select@example.com       Demo-Pass1!   CONFIRMED; SMS and TOTP enabled, none preferred → SELECT_MFA_TYPE
//   unconfirmed@example.com  Demo-Pass1!   UNCONFIRMED → UserNotConfirmedException (after a correct password)
//   reset@example.com        (none)        RESET_REQUIRED, verified e-mail → any password is refused (ENABLED client: "Incorrect username
//                                          or password."; LEGACY client: PasswordResetRequiredException); ForgotPassword → code → ConfirmForgotPassword
//
// Pool `us-east-1_LocalMfa` — MFA required (MfaConfiguration ON) with authenticator apps (TOTP) only, otherwise
// like the demo pool (e-mail usernames, case-insensitive, required `email` and `name`), but its password
// policy asks for 10 characters, so the app's password hints come from DescribeUserPool, not from a default.
//
//   app client                   secret                       existence errors  flows
//   mfaappclient00000000000000e  mfa-cognito-client-secret    ENABLED           ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH   (same settings as the app's client)
//
//   login ID                 password      state / what it exercises
//   demo@example.com         Demo-Pass1!   CONFIRMED, no factor → MFA_SETUP (AssociateSoftwareToken, VerifySoftwareToken, then MFA_SETUP answered)
//   second@example.com       Demo-Pass1!   CONFIRMED, no factor → MFA_SETUP
//   mfa@example.com          Demo-Pass1!   CONFIRMED; TOTP enrolled (secret JBSWY3DPEHPK3PXP) → SOFTWARE_TOKEN_MFA
//   newpass@example.com      Temp-Pass1!   FORCE_CHANGE_PASSWORD without `name` → NEW_PASSWORD_REQUIRED, then MFA_SETUP
//
// Pool `us-east-1_LocalAlt` — the other kind of pool: plain usernames (no UsernameAttributes),
// case-SENSITIVE usernames (the API default), required attributes `email` and `name`, MFA OFF.
//
//   app client                   secret                       existence errors  flows
//   altpoolclient000000000000d   alt-cognito-client-secret    LEGACY            ALLOW_ADMIN_USER_PASSWORD_AUTH, ALLOW_REFRESH_TOKEN_AUTH
//
//   username  password      state
//   alice     Demo-Pass1!   CONFIRMED (email, name)
//   bob       Temp-Pass1!   FORCE_CHANGE_PASSWORD without `name` → NEW_PASSWORD_REQUIRED with requiredAttributes ["userAttributes.name"]

import { createHmac } from "node:crypto";
import { standardSchema } from "./attributes";
import type { ClientConfig, MfaType, PoolConfig, UserStatus } from "./model";
import { DEFAULT_PASSWORD_POLICY } from "./passwords";
import { totpCode as rfc6238 } from "./totp";


const CREATED = Date.UTC(2026, 0, 1);
const PASSWORD = "Demo-Pass1!";
const TEMPORARY_PASSWORD = "Temp-Pass1!";
const TOTP_SECRET = "JBSWY3DPEHPK3PXP";

export interface DemoUser {
  /** What a person types as the login ID (the e-mail address, or the username in the alt pool). */
  readonly loginId: string;
  readonly userPoolId: string;
  /** Fixed `sub`; in email-as-username pools it is also the real Cognito username. */
  readonly sub: string;
  /** The username Cognito reports (`cognito:username`, AdminGetUser `Username`). */
  readonly username: string;
  readonly password: string;
  readonly status: UserStatus;
  readonly enabled: boolean;
  readonly attributes: Readonly<Record<string, string>>;
  readonly mfa?: { readonly enabled: readonly MfaType[]; readonly preferred?: MfaType; readonly totpSecret?: string };
  readonly note: string;
}

const DEMO_POOL = "us-east-1_LocalDemo";
const MFA_POOL = "us-east-1_LocalMfa";
const ALT_POOL = "us-east-1_LocalAlt";
const sub = (n: number) => `0c6e7a1e-5d2b-4f3a-9c41-${n.toString(16).padStart(12, "0")}`;

function demoPoolUser(
  n: number,
  email: string,
  rest: Omit<DemoUser, "loginId" | "userPoolId" | "sub" | "username" | "password" | "status" | "enabled"> &
    Partial<Pick<DemoUser, "password" | "status" | "enabled" | "userPoolId">>,
): DemoUser {
  const id = sub(n);
  return {
    loginId: email,
    userPoolId: rest.userPoolId ?? DEMO_POOL,
    sub: id,
    username: id,
    password: rest.password ?? PASSWORD,
    status: rest.status ?? "CONFIRMED",
    enabled: rest.enabled ?? true,
    attributes: { sub: id, email, ...rest.attributes },
    mfa: rest.mfa,
    note: rest.note,
  };
}

const DEMO_PROFILE: Readonly<Record<string, string>> = {
  email_verified: "true",
  given_name: "Demo",
  family_name: "User",
  name: "Demo User",
  phone_number: "+15555550100",
  phone_number_verified: "false",
  address: JSON.stringify({
    formatted: "1 Demo Street\nSpringfield, CA 90000\nUS",
    street_address: "1 Demo Street",
    locality: "Springfield",
    region: "CA",
    postal_code: "90000",
    country: "US",
  }),
  birthdate: "1990-04-01",
  locale: "en-US",
  updated_at: String(Math.floor(CREATED / 1000)),
};

const SECOND_PROFILE: Readonly<Record<string, string>> = { email_verified: "true", name: "Second Person", given_name: "Second", family_name: "Person" };

const USERS: readonly DemoUser[] = [
  demoPoolUser(1, "demo@example.com", {
    attributes: DEMO_PROFILE,
    note: "confirmed; every profile attribute",
  }),
  demoPoolUser(2, "mfa@example.com", {
    attributes: { email_verified: "true", name: "MFA Demo" },
    mfa: { enabled: ["SOFTWARE_TOKEN_MFA"], preferred: "SOFTWARE_TOKEN_MFA", totpSecret: TOTP_SECRET },
    note: `TOTP MFA enrolled and preferred (secret ${TOTP_SECRET})`,
  }),
  demoPoolUser(3, "newpass@example.com", {
    password: TEMPORARY_PASSWORD,
    status: "FORCE_CHANGE_PASSWORD",
    attributes: {},
    note: "temporary password and no name: NEW_PASSWORD_REQUIRED asks for a new password and `name`",
  }),
  demoPoolUser(4, "disabled@example.com", { enabled: false, attributes: {}, note: "disabled" }),
  demoPoolUser(5, "sms@example.com", {
    attributes: { email_verified: "true", name: "SMS Demo", phone_number: "+15555550101", phone_number_verified: "true" },
    mfa: { enabled: ["SMS_MFA"], preferred: "SMS_MFA" },
    note: "SMS MFA preferred: read the code at GET /_local/codes",
  }),
  demoPoolUser(6, "email-otp@example.com", {
    attributes: { email_verified: "true", name: "Email OTP Demo" },
    mfa: { enabled: ["EMAIL_OTP"], preferred: "EMAIL_OTP" },
    note: "e-mail MFA preferred: read the code at GET /_local/codes",
  }),
  demoPoolUser(7, "select@example.com", {
    attributes: { email_verified: "true", name: "Select Demo", phone_number: "+15555550102", phone_number_verified: "true" },
    mfa: { enabled: ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], totpSecret: TOTP_SECRET },
    note: "SMS and TOTP enabled, none preferred (SELECT_MFA_TYPE)",
  }),
  demoPoolUser(8, "unconfirmed@example.com", {
    status: "UNCONFIRMED",
    attributes: {},
    note: "signed up, never confirmed (UserNotConfirmedException)",
  }),
  demoPoolUser(9, "reset@example.com", {
    status: "RESET_REQUIRED",
    attributes: { email_verified: "true", name: "Reset Demo" },
    note: "administrator reset the password: any password is refused; ForgotPassword → ConfirmForgotPassword",
  }),
  demoPoolUser(12, "second@example.com", {
    attributes: SECOND_PROFILE,
    note: "confirmed, password only: a second person for account switching",
  }),
  // The MFA-required pool: nobody there signs in with a password alone.
  demoPoolUser(0x21, "demo@example.com", {
    userPoolId: MFA_POOL,
    attributes: DEMO_PROFILE,
    note: "no factor yet: MFA_SETUP (enrol TOTP)",
  }),
  demoPoolUser(0x22, "second@example.com", {
    userPoolId: MFA_POOL,
    attributes: SECOND_PROFILE,
    note: "no factor yet: MFA_SETUP (enrol TOTP)",
  }),
  demoPoolUser(0x23, "mfa@example.com", {
    userPoolId: MFA_POOL,
    attributes: { email_verified: "true", name: "MFA Demo" },
    mfa: { enabled: ["SOFTWARE_TOKEN_MFA"], preferred: "SOFTWARE_TOKEN_MFA", totpSecret: TOTP_SECRET },
    note: `TOTP enrolled (secret ${TOTP_SECRET})`,
  }),
  demoPoolUser(0x24, "newpass@example.com", {
    userPoolId: MFA_POOL,
    password: TEMPORARY_PASSWORD,
    status: "FORCE_CHANGE_PASSWORD",
    attributes: {},
    note: "temporary password and no name: NEW_PASSWORD_REQUIRED, then MFA_SETUP",
  }),
  {
    loginId: "alice",
    userPoolId: ALT_POOL,
    sub: sub(10),
    username: "alice",
    password: PASSWORD,
    status: "CONFIRMED",
    enabled: true,
    attributes: { sub: sub(10), email: "alice@example.com", email_verified: "true", name: "Alice Example" },
    note: "plain-username, case-sensitive pool",
  },
  {
    loginId: "bob",
    userPoolId: ALT_POOL,
    sub: sub(11),
    username: "bob",
    password: TEMPORARY_PASSWORD,
    status: "FORCE_CHANGE_PASSWORD",
    enabled: true,
    attributes: { sub: sub(11), email: "bob@example.com" },
    note: "temporary password; required attribute `name` missing",
  },
];

/** The session and token lifetimes every seeded app client has (minutes; days for the refresh token), and its creation time. */
const LIFETIMES = { authSessionValidity: 3, accessTokenValidity: 60, idTokenValidity: 60, refreshTokenValidity: 30, createdAt: CREATED } as const;

/** The app's client of the demo pool (the one `npm run dev` uses). */
const DEMO_APP_CLIENT: ClientConfig = {
  userPoolId: DEMO_POOL,
  clientId: "demoappclient0000000000000a",
  clientName: "demo-app",
  clientSecret: "demo-cognito-client-secret",
  explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  preventUserExistenceErrors: "ENABLED",
  ...LIFETIMES,
};

const CLIENTS: readonly ClientConfig[] = [
  DEMO_APP_CLIENT,
  {
    userPoolId: DEMO_POOL,
    clientId: "demopublicclient000000000b",
    clientName: "demo-public-legacy",
    explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    preventUserExistenceErrors: "LEGACY",
    ...LIFETIMES,
  },
  {
    userPoolId: DEMO_POOL,
    clientId: "demosrponlyclient00000000c",
    clientName: "demo-srp-only",
    explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    preventUserExistenceErrors: "ENABLED",
    ...LIFETIMES,
  },
  // The same settings as the app's client of the demo pool.
  { ...DEMO_APP_CLIENT, userPoolId: MFA_POOL, clientId: "mfaappclient00000000000000e", clientName: "mfa-app", clientSecret: "mfa-cognito-client-secret" },
  {
    userPoolId: ALT_POOL,
    clientId: "altpoolclient000000000000d",
    clientName: "alt-app",
    clientSecret: "alt-cognito-client-secret",
    explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    preventUserExistenceErrors: "LEGACY",
    ...LIFETIMES,
  },
];

const POOLS: readonly PoolConfig[] = [
  {
    id: DEMO_POOL,
    name: "local-demo",
    region: "us-east-1",
    accountId: "123456789012",
    createdAt: CREATED,
    usernameAttributes: ["email"],
    caseSensitive: false,
    mfaConfiguration: "OPTIONAL",
    enabledMfas: ["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"],
    tier: "ESSENTIALS",
    passwordPolicy: DEFAULT_PASSWORD_POLICY,
    schema: standardSchema(
      ["email", "name"],
      [
        {
          Name: "custom:tenant",
          AttributeDataType: "String",
          DeveloperOnlyAttribute: false,
          Mutable: true,
          Required: false,
          StringAttributeConstraints: { MinLength: "0", MaxLength: "256" },
        },
      ],
    ),
    autoVerifiedAttributes: ["email"],
    accountRecovery: ["verified_email"],
  },
  {
    id: MFA_POOL,
    name: "local-mfa-required",
    region: "us-east-1",
    accountId: "123456789012",
    createdAt: CREATED,
    usernameAttributes: ["email"],
    caseSensitive: false,
    mfaConfiguration: "ON",
    enabledMfas: ["SOFTWARE_TOKEN_MFA"],
    tier: "ESSENTIALS",
    passwordPolicy: { ...DEFAULT_PASSWORD_POLICY, MinimumLength: 10 },
    schema: standardSchema(["email", "name"]),
    autoVerifiedAttributes: ["email"],
    accountRecovery: ["verified_email"],
  },
  {
    id: ALT_POOL,
    name: "local-alt",
    region: "us-east-1",
    accountId: "123456789012",
    createdAt: CREATED,
    usernameAttributes: [],
    caseSensitive: true,
    mfaConfiguration: "OFF",
    enabledMfas: [],
    tier: "ESSENTIALS",
    passwordPolicy: DEFAULT_PASSWORD_POLICY,
    schema: standardSchema(["email", "name"]),
    autoVerifiedAttributes: ["email"],
    accountRecovery: ["verified_email"],
  },
];

const userSummary = (u: DemoUser) => ({
  loginId: u.loginId,
  password: u.password,
  state: (u.enabled ? u.status : "DISABLED") as UserStatus | "DISABLED",
  sub: u.sub,
  note: u.note,
});

/** What a launcher prints and what tests rely on. */
export const DEMO_COGNITO = {
  region: "us-east-1",
  /**
   * The AWS credentials the stand-in accepts on IAM-authorised (admin) operations, and the ones the launchers
   * give the app (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). Any other key is refused as AWS refuses it.
   */
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
  userPoolId: DEMO_POOL,
  clientId: "demoappclient0000000000000a",
  clientSecret: "demo-cognito-client-secret",
  /** The TOTP secret (base32) of mfa@example.com and select@example.com; see `totpCode()`. */
  totpSecret: TOTP_SECRET,
  password: PASSWORD,
  temporaryPassword: TEMPORARY_PASSWORD,
  /** Users of the app's pool, in the order of the table above. */
  users: USERS.filter((u) => u.userPoolId === DEMO_POOL).map(userSummary),
  /** The other app clients and pool, for tests of the LEGACY / no-secret / no-admin-flow branches. */
  publicLegacyClientId: "demopublicclient000000000b",
  srpOnlyClientId: "demosrponlyclient00000000c",
  /** The MFA-required pool (LOCAL_COGNITO_POOL=mfa-required): the same client settings, TOTP only. */
  mfaRequired: {
    userPoolId: MFA_POOL,
    clientId: "mfaappclient00000000000000e",
    clientSecret: "mfa-cognito-client-secret",
    users: USERS.filter((u) => u.userPoolId === MFA_POOL).map(userSummary),
  },
  alt: {
    userPoolId: ALT_POOL,
    clientId: "altpoolclient000000000000d",
    clientSecret: "alt-cognito-client-secret",
    users: USERS.filter((u) => u.userPoolId === ALT_POOL).map(userSummary),
  },
} as const;

export const SEED_POOLS: readonly PoolConfig[] = POOLS;
export const SEED_CLIENTS: readonly ClientConfig[] = CLIENTS;
export const SEED_USERS: readonly DemoUser[] = USERS;

/**
 * The seeded user with this login ID, in `userPoolId` (default: the first pool that has one, the demo pool
 * before the others). Throws for an unknown login ID.
 */
export function demoUser(loginId: string, userPoolId?: string): DemoUser {
  const u = USERS.find((x) => x.loginId === loginId && (userPoolId === undefined || x.userPoolId === userPoolId));
  if (!u) throw new Error(`no demo user ${loginId}${userPoolId ? ` in ${userPoolId}` : ""}`);
  return u;
}

/** RFC 6238 code (6 digits, 30 s) for `secret` (default: the demo TOTP secret) at `atMs`. */
export function totpCode(secret: string = TOTP_SECRET, atMs: number = Date.now()): string {
  return rfc6238(secret, atMs);
}

/** Cognito's SECRET_HASH: Base64(HMAC-SHA256(key = client secret, message = username + client ID)). */
export function secretHash(username: string, clientId: string = DEMO_COGNITO.clientId, clientSecret: string = DEMO_COGNITO.clientSecret): string {
  return createHmac("sha256", clientSecret).update(username + clientId).digest("base64");
}
