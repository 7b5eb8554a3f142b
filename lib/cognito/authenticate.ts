// Password sign-in against a Cognito user pool with AdminInitiateAuth / ADMIN_USER_PASSWORD_AUTH
// (reference/cognito.md §3.1–3.4). Returns our own result type; nothing outside lib/cognito sees the SDK.
//
// Quota note (DESIGN.md): one UserAuthentication call per login and no AdminGetUser when the answer already
// carries the attributes. Cognito's ID token holds the user's readable attributes, and it reached us directly
// from Cognito over an IAM-signed call, so we read it without a signature check (no JWKS round trip). Only
// when no usable ID token comes back do we spend one AdminGetUser.
import { createHmac } from "node:crypto";
import { AdminGetUserCommand, AdminInitiateAuthCommand } from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import { attributeListToRecord, attributesToClaims, type UserClaims } from "./claims";
import type { CognitoSender } from "./client";

export interface CognitoSettings {
  /** The pool's region; when absent, the pool id's prefix (pool ids are "<region>_<id>"). */
  region?: string;
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
  timeoutMs: number;
}

export type SignInFailure =
  /** Wrong password, unknown user, disabled user, expired temporary password: one answer for all. */
  | "invalid_credentials"
  /** Cognito's lockout after repeated failures ("Password attempts exceeded"). */
  | "too_many_attempts"
  | "not_confirmed"
  | "password_reset_required"
  /** A pre-authentication Lambda refused the user. */
  | "rejected"
  /** TooManyRequestsException: the account-wide quota, not this user. */
  | "throttled"
  /** Cognito unreachable, timing out or failing on its side. */
  | "unavailable"
  /** Our configuration is wrong (secret hash, auth flow not enabled, unknown pool or client). */
  | "misconfigured";

/** A challenge Cognito answered instead of tokens: what the next step needs (reference/cognito.md §3.3). */
export interface CognitoChallenge {
  name: string;
  /** Cognito's opaque Session (about 1 KB); sent back unmodified with the answer. */
  session: string;
  /** ChallengeParameters: USER_ID_FOR_SRP, CODE_DELIVERY_DESTINATION, MFAS_CAN_CHOOSE, requiredAttributes, … */
  parameters: Record<string, string>;
}

export type SignInSuccess = { kind: "success"; subject: string; claims: UserClaims; authTime: number };

export type SignInResult =
  | SignInSuccess
  | { kind: "challenge"; challenge: CognitoChallenge }
  | { kind: "failure"; reason: SignInFailure; detail?: string };


/** SECRET_HASH = Base64(HMAC_SHA256(client secret, username + client ID)) (reference/cognito.md §3.2). */
export function secretHash(clientSecret: string, username: string, clientId: string): string {
  return createHmac("sha256", clientSecret).update(username + clientId).digest("base64");
}

/** Cognito caps usernames at 128 characters; longer input cannot be anyone, so don't spend a call on it. */
const MAX_USERNAME = 128;
const MAX_PASSWORD = 256;

export async function signIn(
  client: CognitoSender,
  settings: CognitoSettings,
  username: string,
  password: string,
  now: () => number = Date.now,
): Promise<SignInResult> {
  // Pass what the user typed: the pool decides case sensitivity (reference/cognito.md §3.6).
  if (username === "" || password === "" || username.length > MAX_USERNAME || password.length > MAX_PASSWORD) {
    return { kind: "failure", reason: "invalid_credentials" };
  }
  const authParameters: Record<string, string> = { USERNAME: username, PASSWORD: password };
  if (settings.clientSecret) authParameters.SECRET_HASH = secretHash(settings.clientSecret, username, settings.clientId);

  let out;
  try {
    out = await client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: settings.userPoolId,
        ClientId: settings.clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: authParameters,
      }),
      { abortSignal: AbortSignal.timeout(settings.timeoutMs) },
    );
  } catch (e) {
    return { kind: "failure", ...classifyError(e) };
  }

  return authenticationOutcome(client, settings, out, username, now);
}

/**
 * What an AdminInitiateAuth or AdminRespondToAuthChallenge answer means: tokens (the user is authenticated),
 * another challenge, or neither (a broken answer). A challenge is never a successful login (DESIGN.md): it
 * must be answered, or the login is refused.
 */
export async function authenticationOutcome(
  client: CognitoSender,
  settings: CognitoSettings,
  out: { ChallengeName?: string; Session?: string; ChallengeParameters?: Record<string, string>; AuthenticationResult?: { IdToken?: string } },
  username: string,
  now: () => number = Date.now,
): Promise<SignInResult> {
  if (out.ChallengeName) {
    if (!out.Session) return { kind: "failure", reason: "unavailable", detail: `challenge ${out.ChallengeName} without a Session` };
    return { kind: "challenge", challenge: { name: out.ChallengeName, session: out.Session, parameters: out.ChallengeParameters ?? {} } };
  }
  const result = out.AuthenticationResult;
  if (!result) return { kind: "failure", reason: "unavailable", detail: "neither AuthenticationResult nor ChallengeName" };

  const authTime = Math.floor(now() / 1000);
  const fromToken = claimsFromIdToken(result.IdToken, settings);
  if (fromToken) return { kind: "success", subject: fromToken.claims.sub as string, claims: fromToken.claims, authTime };

  try {
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: settings.userPoolId, Username: username }), {
      abortSignal: AbortSignal.timeout(settings.timeoutMs),
    });
    const claims = attributesToClaims(attributeListToRecord(user.UserAttributes));
    if (typeof claims.sub !== "string") return { kind: "failure", reason: "unavailable", detail: "user has no sub attribute" };
    return { kind: "success", subject: claims.sub, claims, authTime };
  } catch (e) {
    return { kind: "failure", ...classifyError(e) };
  }
}

/**
 * The issuer of a pool's tokens: "a user pool created in the us-east-1 Region will have the following iss value:
 * https://cognito-idp.us-east-1.amazonaws.com/<userpoolID>" (Developer Guide, "Verifying a JSON Web Token",
 * step 3). The same with an endpoint override (VPC endpoint, local stand-in): the issuer names the pool, not
 * the host we reached it through.
 */
export function cognitoIssuer(settings: Pick<CognitoSettings, "region" | "userPoolId">): string {
  const region = settings.region || settings.userPoolId.split("_")[0];
  return `https://cognito-idp.${region}.amazonaws.com/${settings.userPoolId}`;
}

function claimsFromIdToken(
  idToken: string | undefined,
  settings: Pick<CognitoSettings, "region" | "userPoolId" | "clientId">,
): { claims: UserClaims } | undefined {
  if (!idToken) return undefined;
  let payload: Record<string, unknown>;
  try {
    payload = decodeJwt(idToken);
  } catch {
    return undefined;
  }
  // Belt and braces (Developer Guide, "Verifying a JSON Web Token", step 3): only an ID token our pool minted
  // for our app client describes the user we just authenticated. Anything else falls back to AdminGetUser.
  const aud = payload.aud;
  const clientId = settings.clientId;
  if (payload.token_use !== "id" || !(aud === clientId || (Array.isArray(aud) && aud.includes(clientId)))) return undefined;
  if (payload.iss !== cognitoIssuer(settings)) return undefined;
  const claims = attributesToClaims(payload);
  return typeof claims.sub === "string" ? { claims } : undefined;
}

/**
 * AWS refusing our own credentials or request signing: no retry or wait helps, an operator must act. The hint
 * says what to look at; AWS's message (never a secret) follows it in the log line. Names from the AWS common
 * errors (API Reference, "Common Errors") and what cognito-idp answers (UnrecognizedClientException,
 * InvalidSignatureException, both HTTP 400).
 */
const CREDENTIAL_PROBLEMS: Record<string, string> = {
  UnrecognizedClientException: "AWS does not know the access key (or session token) the server signs with; check the AWS credentials (AWS_ACCESS_KEY_ID, profile or role)",
  InvalidClientTokenId: "AWS does not know the access key the server signs with; check the AWS credentials (AWS_ACCESS_KEY_ID, profile or role)",
  InvalidSignatureException: "AWS rejected the request signature; check AWS_SECRET_ACCESS_KEY (it must belong to the access key) and the server's clock",
  SignatureDoesNotMatch: "AWS rejected the request signature; check AWS_SECRET_ACCESS_KEY (it must belong to the access key) and the server's clock",
  IncompleteSignatureException: "AWS rejected the request signature as malformed; check the AWS credentials and any proxy between the server and Cognito",
  MissingAuthenticationTokenException: "the request reached Cognito unsigned; check the AWS credentials",
  ExpiredTokenException: "the AWS session token has expired; refresh the server's temporary credentials",
  AccessDeniedException: "the server's AWS identity may not call this Cognito action; check its IAM policy",
  CredentialsProviderError: "no AWS credentials found (environment, profile or role)",
};

/** Maps an SDK exception (matched on `name`, stable across SDK versions and emulators) to a failure reason. */
export function classifyError(e: unknown): { reason: SignInFailure; detail: string } {
  const name = e instanceof Error ? e.name : "Unknown";
  const message = e instanceof Error ? e.message : String(e);
  const detail = `${name}: ${message}`.slice(0, 200);
  const credentialProblem = Object.hasOwn(CREDENTIAL_PROBLEMS, name) ? CREDENTIAL_PROBLEMS[name] : undefined;
  // Not "temporarily unavailable": a wrong key, secret or clock fails every call until an operator fixes it.
  if (credentialProblem) return { reason: "misconfigured", detail: `${name}: ${credentialProblem}. AWS said: ${message}`.slice(0, 400) };
  switch (name) {
    case "NotAuthorizedException":
      if (/password attempts exceeded/i.test(message)) return { reason: "too_many_attempts", detail };
      if (/secret hash/i.test(message)) return { reason: "misconfigured", detail };
      return { reason: "invalid_credentials", detail: name };
    case "UserNotFoundException":
    // cognito-local answers a wrong password with InvalidPasswordException; harmless against real Cognito.
    case "InvalidPasswordException":
      return { reason: "invalid_credentials", detail: name };
    case "UserNotConfirmedException":
      return { reason: "not_confirmed", detail: name };
    case "PasswordResetRequiredException":
      return { reason: "password_reset_required", detail: name };
    case "UserLambdaValidationException":
      return { reason: "rejected", detail: name };
    case "TooManyRequestsException":
    case "LimitExceededException":
      return { reason: "throttled", detail: name };
    case "InvalidParameterException":
    case "ResourceNotFoundException":
    case "UnsupportedOperationException":
    case "InvalidUserPoolConfigurationException":
    case "MFAMethodNotFoundException":
    case "InvalidSmsRoleAccessPolicyException":
    case "InvalidEmailRoleAccessPolicyException":
    case "InvalidSmsRoleTrustRelationshipException":
      return { reason: "misconfigured", detail };
    default:
      // Timeouts, connection errors, InternalErrorException, Lambda failures, unparseable answers.
      return { reason: "unavailable", detail };
  }
}
