// The stand-in's data model: pool and app-client configuration (from the seed, like infrastructure
// as code) and the mutable state kept in the data folder (users, challenge sessions, refresh tokens,
// lockout counters, the local "outbox" of SMS/e-mail messages).

import type { PasswordPolicy } from "./passwords";

export type MfaType = "SMS_MFA" | "SOFTWARE_TOKEN_MFA" | "EMAIL_OTP";
export const MFA_TYPES: readonly MfaType[] = ["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"];

/** Cognito's UserStatusType values this server produces. */
export type UserStatus = "UNCONFIRMED" | "CONFIRMED" | "FORCE_CHANGE_PASSWORD" | "RESET_REQUIRED";

export type ChallengeName = "NEW_PASSWORD_REQUIRED" | "SMS_MFA" | "EMAIL_OTP" | "SOFTWARE_TOKEN_MFA" | "SELECT_MFA_TYPE" | "MFA_SETUP";

export interface SchemaAttribute {
  Name: string;
  AttributeDataType: "String" | "Number" | "DateTime" | "Boolean";
  DeveloperOnlyAttribute: boolean;
  Mutable: boolean;
  Required: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

export interface PoolConfig {
  id: string;
  name: string;
  region: string;
  accountId: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** "Email/phone is the username": Cognito generates the real username (a UUID equal to `sub`). */
  usernameAttributes: ("email" | "phone_number")[];
  caseSensitive: boolean;
  mfaConfiguration: "OFF" | "OPTIONAL" | "ON";
  /** Factors switched on for the pool (SetUserPoolMfaConfig); EMAIL_OTP needs the Essentials tier. */
  enabledMfas: MfaType[];
  tier: "LITE" | "ESSENTIALS" | "PLUS";
  passwordPolicy: PasswordPolicy;
  schema: SchemaAttribute[];
  autoVerifiedAttributes: ("email" | "phone_number")[];
  /** AccountRecoverySetting, by priority: where ForgotPassword sends its code. */
  accountRecovery: ("verified_email" | "verified_phone_number" | "admin_only")[];
}

export type PreventUserExistenceErrors = "ENABLED" | "LEGACY";

export interface ClientConfig {
  userPoolId: string;
  clientId: string;
  clientName: string;
  clientSecret?: string;
  explicitAuthFlows: string[];
  preventUserExistenceErrors: PreventUserExistenceErrors;
  /** Minutes a challenge Session stays valid (Cognito: 3–15, default 3). */
  authSessionValidity: number;
  /** Token lifetimes in Cognito's default units: minutes, minutes, days. */
  accessTokenValidity: number;
  idTokenValidity: number;
  refreshTokenValidity: number;
  createdAt: number;
}

export interface UserRecord {
  /** The immutable username: a UUID equal to `sub` in email-as-username pools. */
  username: string;
  /** Attribute values as Cognito stores them: all strings, `sub` first. */
  attributes: Record<string, string>;
  enabled: boolean;
  status: UserStatus;
  passwordHash?: string;
  /** When the current password was set (temporary passwords expire after TemporaryPasswordValidityDays). */
  passwordSetAt?: number;
  createdAt: number;
  modifiedAt: number;
  mfa: {
    enabled: MfaType[];
    preferred?: MfaType;
    /** The verified software token's secret (base32). */
    totpSecret?: string;
    /** The 30-second step of the last TOTP code accepted: that code and older ones are refused (RFC 6238 §5.2). */
    totpLastStep?: number;
    /** AssociateSoftwareToken with an access token: the secret waiting for VerifySoftwareToken. */
    pendingTotpSecret?: string;
    totpDeviceName?: string;
  };
  /** Failed password and MFA-code attempts (one counter: Developer Guide, MFA and lockout pages). */
  lockout?: { failures: number; lastFailureAt: number; lockedUntil: number };
  /** ForgotPassword: the latest code, and the attempts to request or enter codes (LimitExceededException). */
  recovery?: { code?: string; issuedAt?: number; expiresAt?: number; attempts: number[] };
}

export interface SessionRecord {
  poolId: string;
  clientId: string;
  username: string;
  challenge: ChallengeName;
  issuedAt: number;
  expiresAt: number;
  usedAt?: number;
  /** The code sent by SMS or e-mail for this challenge. */
  code?: string;
  mfasCanChoose?: MfaType[];
  /**
   * MFA_SETUP: where the TOTP enrolment stands. "challenge" (from the sign-in) → AssociateSoftwareToken →
   * "associated" (with the new secret) → VerifySoftwareToken → "verified", which AdminRespondToAuthChallenge accepts.
   */
  setup?: { step: "challenge" | "associated" | "verified"; secret?: string };
}

export interface RefreshRecord {
  poolId: string;
  clientId: string;
  username: string;
  /** Seconds since the epoch, carried into refreshed tokens as `auth_time`. */
  authTime: number;
  originJti: string;
  eventId: string;
  issuedAt: number;
  expiresAt: number;
  revokedAt?: number;
}

export type OutboxChannel = "SMS" | "EMAIL" | "INVITATION" | "PASSWORD_RESET";

/** A message Cognito would have sent; kept so developers and browser tests can read it locally. */
export interface OutboxMessage {
  poolId: string;
  username: string;
  channel: OutboxChannel;
  purpose: string;
  deliveryMedium: "SMS" | "EMAIL";
  destination: string;
  code?: string;
  temporaryPassword?: string;
  sentAt: number;
}

export interface State {
  version: 1;
  /** poolId → sub → user. */
  users: Record<string, Record<string, UserRecord>>;
  /** sha256(Session) → session. */
  sessions: Record<string, SessionRecord>;
  /** sha256(RefreshToken) → record. */
  refreshTokens: Record<string, RefreshRecord>;
  /** `${poolId}/${username}/${channel}` → the latest message. */
  outbox: Record<string, OutboxMessage>;
  /**
   * `${poolId}/${sub}` of every seed user this folder has been given, so users added to the seed later appear in
   * an existing folder without `--reset`, and a seed user deleted on purpose does not come back.
   */
  seeded?: string[];
}
