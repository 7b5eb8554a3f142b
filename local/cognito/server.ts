// A local stand-in for the Amazon Cognito user-pool API (AWS JSON 1.1), for development, demos and
// tests. It speaks the wire protocol the real AWS SDK uses — `POST /` with
// `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>` — and behaves like real Cognito as
// written down in reference/cognito.md section 3. It is a test instrument: where the two emulators
// studied there got Cognito wrong (disabled users signing in, no challenges, unchecked SECRET_HASH…),
// this one follows the reference.
//
// Local-only extras (loopback only, not part of Cognito):
//   GET /<poolId>/.well-known/jwks.json            the keys of the RS256 ID/access tokens (whose iss is
//                                                  Cognito's https://cognito-idp.<region>.amazonaws.com/<poolId>)
//   GET /<poolId>/.well-known/openid-configuration that issuer + the jwks_uri above
//   GET /_local/codes?username=<login>[&userPoolId=…]  the latest SMS / e-mail code, invitation and password-reset code per user
//   GET /_local/health                              {"ok":true}

import { randomUUID } from "node:crypto";
import { mkdir, readdir, rm } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { adminInitiateAuth, adminRespondToAuthChallenge } from "./auth";
import type { Ctx, Handler } from "./context";
import { describeUserPool, describeUserPoolClient } from "./describe";
import { adminSetUserMFAPreference, associateSoftwareToken, setUserMFAPreference, verifySoftwareToken } from "./mfa";
import { CognitoError, internalError, serialization, unknownOperation, unsupportedOperation } from "./errors";
import type { OutboxMessage, PoolConfig, UserRecord } from "./model";
import { DEMO_COGNITO } from "./seed";
import { readSignatureClaim, type StandInCredential, verifySignature } from "./sigv4";
import { confirmForgotPassword, forgotPassword } from "./recovery";
import { Store } from "./store";
import { jwks, loadOrCreateSigningKey } from "./tokens";
import {
  adminCreateUser,
  adminDeleteUser,
  adminDisableUser,
  adminEnableUser,
  adminGetUser,
  adminSetUserPassword,
  adminUpdateUserAttributes,
  listUsers,
} from "./users";
import type { Json } from "./validate";

export interface CognitoStandInOptions {
  port?: number; // default 9229; 0 = pick a free port
  host?: string; // default "127.0.0.1" (loopback only)
  dataDir: string; // state folder (users, signing key, sessions, lockout counters). Created if missing.
  reset?: boolean; // wipe dataDir first (start from the seed)
  log?: (line: string) => void; // one line per call; default console.log
  /** Test hook: the clock (ms since the epoch) for sessions, lockout, TOTP and token times. Default Date.now. */
  now?: () => number;
  /**
   * The AWS credentials whose SigV4 signatures the IAM-authorised operations accept. Default: the one pair
   * `DEMO_COGNITO.credentials` (access key `local`, secret `local`), which the launchers give the app.
   */
  credentials?: readonly StandInCredential[];
}

export interface RunningCognitoStandIn {
  url: string;
  port: number;
  close(): Promise<void>;
}

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";
const MAX_BODY = 1024 * 1024;

const OPERATIONS: Record<string, Handler> = {
  AdminInitiateAuth: adminInitiateAuth,
  AdminRespondToAuthChallenge: adminRespondToAuthChallenge,
  AdminGetUser: adminGetUser,
  AdminCreateUser: adminCreateUser,
  AdminSetUserPassword: adminSetUserPassword,
  AdminUpdateUserAttributes: adminUpdateUserAttributes,
  AdminDisableUser: adminDisableUser,
  AdminEnableUser: adminEnableUser,
  AdminDeleteUser: adminDeleteUser,
  AdminSetUserMFAPreference: adminSetUserMFAPreference,
  ListUsers: listUsers,
  DescribeUserPool: describeUserPool,
  DescribeUserPoolClient: describeUserPoolClient,
  AssociateSoftwareToken: associateSoftwareToken,
  VerifySoftwareToken: verifySoftwareToken,
  SetUserMFAPreference: setUserMFAPreference,
  ForgotPassword: forgotPassword,
  ConfirmForgotPassword: confirmForgotPassword,
};

/** Every other Cognito user-pool operation (SDK 3.1169.0): answered with UnsupportedOperationException. */
const OTHER_COGNITO_OPERATIONS = new Set(
  `AddCustomAttributes AddUserPoolClientSecret AdminAddUserToGroup AdminConfirmSignUp AdminDeleteSoftwareToken
  AdminDeleteUserAttributes AdminDisableProviderForUser AdminForgetDevice AdminGetDevice AdminGetUserAuthFactors
  AdminLinkProviderForUser AdminListDevices AdminListGroupsForUser AdminListUserAuthEvents AdminListUserSessions
  AdminRemoveUserFromGroup AdminResetUserPassword AdminRevokeUserSession AdminSetUserSettings
  AdminUpdateAuthEventFeedback AdminUpdateDeviceStatus AdminUserGlobalSignOut ChangePassword
  CompleteWebAuthnRegistration ConfirmDevice ConfirmSignUp CreateGroup CreateIdentityProvider
  CreateManagedLoginBranding CreateResourceServer CreateTerms CreateUserImportJob CreateUserPoolClient CreateUserPool
  CreateUserPoolDomain CreateUserPoolReplica DeleteGroup DeleteIdentityProvider DeleteManagedLoginBranding
  DeleteResourceServer DeleteTerms DeleteUserAttributes DeleteUser DeleteUserPoolClient DeleteUserPoolClientSecret
  DeleteUserPool DeleteUserPoolDomain DeleteUserPoolReplica DeleteWebAuthnCredential DescribeIdentityProvider
  DescribeManagedLoginBrandingByClient DescribeManagedLoginBranding DescribeResourceServer DescribeRiskConfiguration
  DescribeTermsByClient DescribeTerms DescribeUserImportJob DescribeUserPoolDomain ForgetDevice
  GetCSVHeader GetClientToken GetDevice GetGroup GetIdentityProviderByIdentifier GetLogDeliveryConfiguration
  GetProvisionedLimit GetSigningCertificate GetTokensFromRefreshToken GetUICustomization
  GetUserAttributeVerificationCode GetUserAuthFactors GetUser GetUserPoolClientSessionConfiguration
  GetUserPoolMfaConfig GetUserPoolSessionConfiguration GlobalSignOut InitiateAuth ListDevices ListGroups
  ListIdentityProviders ListResourceServers ListTagsForResource ListTerms ListUserImportJobs ListUserPoolClientSecrets
  ListUserPoolClients ListUserPoolReplicas ListUserPools ListUserSessions ListUsersInGroup ListWebAuthnCredentials
  ResendConfirmationCode RespondToAuthChallenge RevokeToken RevokeUserSession SetLogDeliveryConfiguration
  SetRiskConfiguration SetUICustomization SetUserPoolClientSessionConfiguration
  SetUserPoolMfaConfig SetUserPoolSessionConfiguration SetUserSettings SignUp StartUserImportJob
  StartWebAuthnRegistration StopUserImportJob TagResource UntagResource UpdateAuthEventFeedback UpdateDeviceStatus
  UpdateGroup UpdateIdentityProvider UpdateManagedLoginBranding UpdateProvisionedLimit UpdateResourceServer
  UpdateTerms UpdateUserAttributes UpdateUserPoolClient UpdateUserPool UpdateUserPoolDomain UpdateUserPoolReplica
  VerifyUserAttribute`.split(/\s+/),
);

/**
 * Operations that Cognito authorises without IAM ("Amazon Cognito doesn't evaluate IAM policies in requests for
 * this API operation", API Reference): the SDK sends them unsigned (its auth scheme is smithy.api#noAuth), so
 * they are never asked for a signature. The list is the SDK's (3.1169.0, defaultCognitoIdentityProviderHttpAuthSchemeProvider).
 */
const UNSIGNED_OPERATIONS = new Set(
  `AssociateSoftwareToken ChangePassword CompleteWebAuthnRegistration ConfirmDevice ConfirmForgotPassword ConfirmSignUp
  DeleteUser DeleteUserAttributes DeleteWebAuthnCredential ForgetDevice ForgotPassword GetDevice GetTokensFromRefreshToken
  GetUser GetUserAttributeVerificationCode GetUserAuthFactors GlobalSignOut InitiateAuth ListDevices ListUserSessions
  ListWebAuthnCredentials ResendConfirmationCode RespondToAuthChallenge RevokeToken RevokeUserSession SetUserMFAPreference
  SetUserSettings SignUp StartWebAuthnRegistration UpdateAuthEventFeedback UpdateDeviceStatus UpdateUserAttributes
  VerifySoftwareToken VerifyUserAttribute`.split(/\s+/),
);

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Header-safe, log-safe text: no control characters, bounded length. */
function clean(text: string, max = 80): string {
  const s = text.replace(/[\u0000-\u001f\u007f]/g, " ");
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(serialization("Request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/x-amz-json-1.1",
    "Content-Length": String(Buffer.byteLength(text)),
    Date: new Date().toUTCString(),
    ...headers,
  });
  res.end(text);
}

function sendError(res: ServerResponse, requestId: string, e: CognitoError): void {
  const headers: Record<string, string> = {
    "x-amzn-RequestId": requestId,
    "x-amzn-ErrorType": e.namespace
      ? `${e.type}:http://internal.amazon.com/coral/${e.namespace}/`
      : `${e.type}:`,
  };
  if (e.message) headers["x-amzn-ErrorMessage"] = clean(e.message, 1000).replace(/[^\x20-\x7e]/g, "?");
  send(res, e.status, e.message ? { __type: e.wireType, message: e.message } : { __type: e.wireType }, headers);
}

function localJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(text)),
    "Cache-Control": "no-store",
  });
  res.end(text);
}

export async function startCognitoStandIn(opts: CognitoStandInOptions): Promise<RunningCognitoStandIn> {
  const host = opts.host ?? "127.0.0.1";
  if (!isLoopback(host)) throw new Error(`the Cognito stand-in listens on loopback only, not on ${host}`);
  const log = opts.log ?? ((line: string) => console.log(`[cognito] ${line}`));
  const now = opts.now ?? Date.now;
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  if (opts.reset) await wipeOwnFiles(opts.dataDir);
  const [store, key] = await Promise.all([Store.open(opts.dataDir, now()), loadOrCreateSigningKey(opts.dataDir)]);
  const regions = new Set([...store.pools.values()].map((p) => p.region));
  const credentials = opts.credentials ?? [DEMO_COGNITO.credentials];

  let url = "";
  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      log(`${req.method} ${clean(req.url ?? "", 60)} failed: ${clean(String((e as Error)?.message ?? e), 200)}`);
      if (!res.headersSent) sendError(res, randomUUID(), internalError());
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = new URL(req.url ?? "/", "http://local").pathname;
    if (req.method === "POST" && path === "/") return api(req, res, started);
    if (req.method === "GET") return local(req, res, path, started);
    req.resume();
    localJson(res, 404, { error: "not found" });
    log(`${req.method} ${clean(path, 60)} 404 ${ms(started)}`);
  }

  const ms = (started: number) => `${Math.round(performance.now() - started)}ms`;

  async function api(req: IncomingMessage, res: ServerResponse, started: number): Promise<void> {
    const requestId = randomUUID();
    const target = String(req.headers["x-amz-target"] ?? "");
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : "";
    const notes: string[] = [];
    let subject = "";
    const ctx: Ctx = {
      store,
      key,
      now,
      issuer: (poolId) => cognitoIssuer(store.pool(poolId)),
      note: (d) => notes.push(d),
      subject: (s) => {
        subject = clean(s, 64);
      },
    };
    let outcome = "OK";
    try {
      const handler = OPERATIONS[operation];
      if (!handler) {
        req.resume();
        throw OTHER_COGNITO_OPERATIONS.has(operation)
          ? unsupportedOperation(`${operation} is not implemented by the local Cognito stand-in.`)
          : unknownOperation();
      }
      const contentType = String(req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
      if (!["application/x-amz-json-1.1", "application/x-amz-json-1.0", "application/json"].includes(contentType)) {
        req.resume();
        throw unknownOperation();
      }
      // IAM-authorised operations: the signature's shape, scope and date are checked before the body is read,
      // the signature itself (which covers the body) after.
      const claim = UNSIGNED_OPERATIONS.has(operation) ? undefined : readSignatureClaim(req, regions);
      const text = await readBody(req);
      if (claim) verifySignature(claim, req, text, credentials, Date.now());
      let body: unknown = {};
      if (text.trim() !== "") {
        try {
          body = JSON.parse(text);
        } catch {
          throw serialization("Malformed request body: not valid JSON");
        }
      }
      if (typeof body !== "object" || body === null || Array.isArray(body))
        throw serialization(Array.isArray(body) ? "Start of list found where not expected" : "Expected a JSON object");
      const result = await handler(ctx, body as Json);
      if (typeof result.ChallengeName === "string") outcome = `ChallengeName=${result.ChallengeName}`;
      send(res, 200, result, { "x-amzn-RequestId": requestId });
    } catch (e) {
      const err = e instanceof CognitoError ? e : internalError();
      if (!(e instanceof CognitoError)) notes.push(`internal error: ${clean(String((e as Error)?.message ?? e), 200)}`);
      outcome = err.type;
      sendError(res, requestId, err);
    }
    const parts = ["POST", operation || clean(target || "(no X-Amz-Target)", 60)];
    if (subject) parts.push(subject);
    parts.push(outcome, ...notes, ms(started));
    log(parts.join(" "));
  }

  async function local(req: IncomingMessage, res: ServerResponse, path: string, started: number): Promise<void> {
    req.resume();
    const wellKnown = /^\/([^/]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(path);
    let status = 200;
    if (wellKnown) {
      const pool = store.pools.get(wellKnown[1]!);
      if (!pool) {
        status = 404;
        localJson(res, 404, { message: "User pool does not exist." });
      } else if (wellKnown[2] === "jwks.json") localJson(res, 200, jwks(key));
      else localJson(res, 200, openidConfiguration(cognitoIssuer(pool), `${url}/${pool.id}/.well-known/jwks.json`));
    } else if (path === "/_local/codes") {
      status = codes(res, new URL(req.url ?? "/", "http://local").searchParams);
    } else if (path === "/_local/health") {
      localJson(res, 200, { ok: true });
    } else {
      status = 404;
      localJson(res, 404, { error: "not found" });
    }
    log(`GET ${clean(path, 80)} ${status === 200 ? "OK" : status} ${ms(started)}`);
  }

  /** GET /_local/codes: the latest SMS/e-mail code and invitation per user (local test data). */
  function codes(res: ServerResponse, q: URLSearchParams): number {
    const login = q.get("username");
    const poolIds = q.get("userPoolId") ? [q.get("userPoolId")!] : [...store.pools.keys()];
    const view = (m: OutboxMessage) => ({
      purpose: m.purpose,
      deliveryMedium: m.deliveryMedium,
      destination: m.destination,
      ...(m.code ? { code: m.code } : {}),
      ...(m.temporaryPassword ? { temporaryPassword: m.temporaryPassword } : {}),
      sentAt: new Date(m.sentAt).toISOString(),
    });
    if (!login) {
      const all = Object.values(store.state.outbox)
        .filter((m) => poolIds.includes(m.poolId))
        .sort((a, b) => b.sentAt - a.sentAt)
        .map((m) => ({ userPoolId: m.poolId, username: m.username, channel: m.channel, ...view(m) }));
      localJson(res, 200, { messages: all });
      return 200;
    }
    // The same login can exist in several pools (demo@example.com does): without userPoolId, the pool where that
    // user was sent something last, else the first pool that has the user.
    const lastSent = (pool: PoolConfig, user: UserRecord) =>
      Math.max(0, ...Object.values(store.state.outbox).filter((m) => m.poolId === pool.id && m.username === user.username).map((m) => m.sentAt));
    let found: { pool: PoolConfig; user: UserRecord } | undefined;
    for (const id of poolIds) {
      const pool = store.pools.get(id);
      const user = pool && store.findUser(pool, login);
      if (pool && user && (!found || lastSent(pool, user) > lastSent(found.pool, found.user))) found = { pool, user };
    }
    if (!found) {
      localJson(res, 404, { error: `no user ${login}` });
      return 404;
    }
    const { pool, user } = found;
    const messages: Record<string, unknown> = {};
    const latest: Record<string, string> = {};
    for (const channel of ["SMS", "EMAIL", "INVITATION", "PASSWORD_RESET"] as const) {
      const m = store.state.outbox[`${pool.id}/${user.username}/${channel}`];
      if (!m) continue;
      messages[channel] = view(m);
      if (m.code) latest[channel] = m.code;
    }
    localJson(res, 200, { userPoolId: pool.id, username: user.username, codes: latest, messages });
    return 200;
  }

  // Keep idle connections longer than clients do (AWS's own endpoints allow about a minute), so a
  // keep-alive client rarely reuses a socket the server is just closing.
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 9229, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await store.flush();
      })();
      return closing;
    },
  };
}

/**
 * `reset`: removes the files this server owns (state, signing key, leftover temporary files) rather than
 * the whole folder, so a mistaken `--data-dir .` cannot delete anything else.
 */
async function wipeOwnFiles(dataDir: string): Promise<void> {
  const own = /^(state\.json|signing-key\.json)(\..+\.tmp)?$/;
  for (const name of await readdir(dataDir)) if (own.test(name)) await rm(join(dataDir, name), { force: true });
}

/**
 * `iss` of a pool's tokens, in Cognito's format whatever URL the stand-in listens on: "a user pool created in
 * the us-east-1 Region will have the following iss value: https://cognito-idp.us-east-1.amazonaws.com/<userpoolID>"
 * (Developer Guide, "Verifying a JSON Web Token", step 3).
 */
export function cognitoIssuer(pool: Pick<PoolConfig, "id" | "region">): string {
  return `https://cognito-idp.${pool.region}.amazonaws.com/${pool.id}`;
}

/**
 * The pool's discovery document: Cognito's issuer, but a jwks_uri on the stand-in (Cognito's is
 * `<issuer>/.well-known/jwks.json`, which is not reachable locally).
 */
function openidConfiguration(issuer: string, jwksUri: string): Json {
  return {
    issuer,
    jwks_uri: jwksUri,
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "token"],
    scopes_supported: ["openid", "email", "phone", "profile"],
  };
}

