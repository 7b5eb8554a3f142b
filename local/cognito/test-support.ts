// Shared set-up for the contract tests: a stand-in on a free port with a fresh temporary data folder,
// an injectable clock, captured log lines, and the real AWS SDK client pointed at it.

import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  type AdminInitiateAuthCommandOutput,
  AdminRespondToAuthChallengeCommand,
  type AdminRespondToAuthChallengeCommandOutput,
  AdminSetUserPasswordCommand,
  type ChallengeNameType,
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
} from "@aws-sdk/client-cognito-identity-provider";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_COGNITO, secretHash } from "./seed";
import { type RunningCognitoStandIn, startCognitoStandIn } from "./server";
import { signHeaders, type StandInCredential } from "./sigv4";

export interface Harness {
  standIn: RunningCognitoStandIn;
  client: CognitoIdentityProviderClient;
  dataDir: string;
  logs: string[];
  /** The stand-in's clock; tests move it forward instead of sleeping. */
  clock: { now: number; advance(ms: number): void };
  /** Stops the stand-in and starts it again on the same data folder (and clock). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real SDK client pointed at the stand-in, signing with its credentials (or `credentials`). `clockOffsetMs`
 * makes the SDK sign with a skewed clock (its `systemClockOffset`).
 */
export function sdkClient(
  endpoint: string,
  region: string = DEMO_COGNITO.region,
  credentials: StandInCredential = DEMO_COGNITO.credentials,
  clockOffsetMs = 0,
): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region,
    endpoint,
    credentials: { ...credentials },
    maxAttempts: 1,
    systemClockOffset: clockOffsetMs,
  });
}

export async function startHarness(): Promise<Harness> {
  const dataDir = await mkdtemp(join(tmpdir(), "cognito-stand-in-"));
  const logs: string[] = [];
  const clock = {
    now: Date.now(),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const start = () => startCognitoStandIn({ port: 0, dataDir, log: (l) => logs.push(l), now: () => clock.now });
  const h: Harness = {
    standIn: await start(),
    client: undefined as unknown as CognitoIdentityProviderClient,
    dataDir,
    logs,
    clock,
    async restart() {
      h.client.destroy();
      await h.standIn.close();
      h.standIn = await start();
      h.client = sdkClient(h.standIn.url);
    },
    async close() {
      h.client.destroy();
      await h.standIn.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  h.client = sdkClient(h.standIn.url);
  return h;
}

/**
 * Raw AWS JSON 1.1 call (for what the SDK cannot send: bad JSON, unknown targets, broken signatures). Without
 * `headers` the request is SigV4-signed with the stand-in's credentials, as the SDK would sign it; with
 * `headers` it is sent exactly as given (`{}` = unsigned).
 */
export async function rawCall(
  url: string,
  target: string | undefined,
  body: string,
  headers?: Record<string, string>,
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const base: Record<string, string> = { "content-type": "application/x-amz-json-1.1", ...(target ? { "x-amz-target": target } : {}) };
  const sent = headers ?? signHeaders({ url, body, headers: base, credential: DEMO_COGNITO.credentials, region: DEMO_COGNITO.region });
  const res = await fetch(url, { method: "POST", headers: { ...base, ...sent }, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

// --- small helpers shared by the suites
export interface ClientUnderTest {
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
}

export const APP: ClientUnderTest = {
  userPoolId: DEMO_COGNITO.userPoolId,
  clientId: DEMO_COGNITO.clientId,
  clientSecret: DEMO_COGNITO.clientSecret,
};
export const PUBLIC_LEGACY: ClientUnderTest = { userPoolId: DEMO_COGNITO.userPoolId, clientId: DEMO_COGNITO.publicLegacyClientId };
export const SRP_ONLY: ClientUnderTest = { userPoolId: DEMO_COGNITO.userPoolId, clientId: DEMO_COGNITO.srpOnlyClientId };
export const MFA_REQUIRED: ClientUnderTest = {
  userPoolId: DEMO_COGNITO.mfaRequired.userPoolId,
  clientId: DEMO_COGNITO.mfaRequired.clientId,
  clientSecret: DEMO_COGNITO.mfaRequired.clientSecret,
};
export const ALT: ClientUnderTest = {
  userPoolId: DEMO_COGNITO.alt.userPoolId,
  clientId: DEMO_COGNITO.alt.clientId,
  clientSecret: DEMO_COGNITO.alt.clientSecret,
};

/** SECRET_HASH for `username` when the client has a secret. */
export function hashFor(c: ClientUnderTest, username: string): { SECRET_HASH?: string } {
  return c.clientSecret ? { SECRET_HASH: secretHash(username, c.clientId, c.clientSecret) } : {};
}

/**
 * A CONFIRMED user of `c`'s pool, made as an administrator makes one: AdminCreateUser (SUPPRESS, a temporary password,
 * `name` and `attributes`), then AdminSetUserPassword with the demo password, permanent. Returns the username.
 */
export async function confirmedUser(
  h: { client: CognitoIdentityProviderClient },
  email: string,
  c: ClientUnderTest = APP,
  attributes: Record<string, string> = {},
): Promise<string> {
  const UserAttributes = Object.entries({ name: "Test Person", ...attributes }).map(([Name, Value]) => ({ Name, Value }));
  const out = await h.client.send(
    new AdminCreateUserCommand({ UserPoolId: c.userPoolId, Username: email, MessageAction: "SUPPRESS", TemporaryPassword: "Temp-Pass99!", UserAttributes }),
  );
  await h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: c.userPoolId, Username: email, Password: DEMO_COGNITO.password, Permanent: true }));
  return out.User!.Username!;
}

export function signIn(
  h: { client: CognitoIdentityProviderClient },
  login: string,
  password: string,
  c: ClientUnderTest = APP,
  extra: Record<string, string> = {},
  flow: "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" = "ADMIN_USER_PASSWORD_AUTH",
): Promise<AdminInitiateAuthCommandOutput> {
  return h.client.send(
    new AdminInitiateAuthCommand({
      UserPoolId: c.userPoolId,
      ClientId: c.clientId,
      AuthFlow: flow,
      AuthParameters: { USERNAME: login, PASSWORD: password, ...hashFor(c, login), ...extra },
    }),
  );
}

export function respond(
  h: { client: CognitoIdentityProviderClient },
  challenge: ChallengeNameType,
  session: string | undefined,
  username: string,
  answers: Record<string, string>,
  c: ClientUnderTest = APP,
): Promise<AdminRespondToAuthChallengeCommandOutput> {
  return h.client.send(
    new AdminRespondToAuthChallengeCommand({
      UserPoolId: c.userPoolId,
      ClientId: c.clientId,
      ChallengeName: challenge,
      Session: session,
      ChallengeResponses: { USERNAME: username, ...hashFor(c, username), ...answers },
    }),
  );
}

/**
 * Asserts that `p` rejects with the SDK's modelled exception `cls` (checked with instanceof and by
 * name) and, when given, exactly `message`.
 */
export async function rejectsWith(
  p: Promise<unknown>,
  cls: abstract new (...args: never[]) => Error,
  message?: string | RegExp,
): Promise<Error> {
  let caught: unknown;
  await assert.rejects(p, (e: unknown) => {
    caught = e;
    return true;
  });
  const err = caught as Error;
  assert.ok(err instanceof cls, `expected ${cls.name}, got ${err.name}: ${err.message}`);
  assert.equal(err.name, cls.name);
  if (typeof message === "string") assert.equal(err.message, message);
  else if (message) assert.match(err.message, message);
  return err;
}

/** The latest SMS / e-mail / password-reset codes the stand-in "sent" to a user (GET /_local/codes). */
export async function localCodes(
  url: string,
  login: string,
  userPoolId?: string,
): Promise<{ codes: Record<string, string>; messages: Record<string, Record<string, string>> }> {
  const pool = userPoolId ? `&userPoolId=${encodeURIComponent(userPoolId)}` : "";
  const res = await fetch(`${url}/_local/codes?username=${encodeURIComponent(login)}${pool}`);
  assert.equal(res.status, 200);
  return (await res.json()) as { codes: Record<string, string>; messages: Record<string, Record<string, string>> };
}

/** For exceptions the SDK does not model (Coral-level ones): the service base class plus the name. */
export async function rejectsNamed(p: Promise<unknown>, name: string, message?: string | RegExp): Promise<CognitoIdentityProviderServiceException> {
  let caught: unknown;
  await assert.rejects(p, (e: unknown) => {
    caught = e;
    return true;
  });
  const err = caught as CognitoIdentityProviderServiceException;
  assert.ok(err instanceof CognitoIdentityProviderServiceException, `expected a service exception, got ${String(err)}`);
  assert.equal(err.name, name);
  if (typeof message === "string") assert.equal(err.message, message);
  else if (message) assert.match(err.message, message);
  return err;
}
