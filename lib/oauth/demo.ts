// The built-in demo relying party: "Try it" on the landing page starts an authorization-code request with
// PKCE (RFC 7636, S256), state and nonce for the confidential client `demo-client`; /demo/callback exchanges the
// code on the server, verifies the ID token against our own JWK Set and calls userinfo. It goes through the
// same handlers the public endpoints use, in-process, so it needs no network path back to itself.
import { createHash, randomBytes } from "node:crypto";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet } from "jose";
import { getConfig, type Config } from "../config";
import type { Messages } from "../i18n";
import { type Session } from "../session";
import { defaultDeps, type Deps } from "./deps";
import { handleJwksRequest, handleTokenRequest, handleUserInfoRequest } from "./endpoints";

export const DEMO_SCOPES = "openid profile email phone address";
const DEMO_TTL_MS = 10 * 60 * 1000;

export function demoRedirectUri(config: Config): string {
  return `${config.issuer}/demo/callback`;
}

/** Where the demo's Log out comes back to: the start page (registered as the client's post-logout redirect URI). */
export function demoPostLogoutRedirectUri(config: Config): string {
  return `${config.issuer}/`;
}

/** Starts the demo: remembers PKCE verifier, state and nonce in the session; returns the authorization URL. */
export function startDemo(session: Session, config: Config = getConfig()): string {
  const verifier = randomBytes(32).toString("base64url");
  const state = randomBytes(16).toString("base64url");
  const nonce = randomBytes(16).toString("base64url");
  session.demo = { verifier, state, nonce, createdAt: Date.now() };
  const params = new URLSearchParams({
    response_type: "code",
    client_id: config.demo.clientId,
    redirect_uri: demoRedirectUri(config),
    scope: DEMO_SCOPES,
    state,
    nonce,
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  });
  return `/api/authorization?${params}`;
}

/** A message of the demo catalogue with its values (the page renders it in the user's language). */
export interface DemoMessage {
  key: keyof Messages["demo"];
  values?: Record<string, string>;
}

export interface DemoResult {
  /** Why the flow stopped before or at the token request (authorization error, state mismatch…). */
  problem?: DemoMessage;
  token?: { status: number; body: unknown };
  idToken?: {
    /** The ID token itself: the Log out button sends it back as id_token_hint (RP-Initiated Logout 1.0 §2). */
    raw: string;
    /** The decoded header, or undefined when the token is not a JWS. */
    header: unknown;
    payload: unknown;
    verified: boolean;
    verification: DemoMessage;
  };
  userinfo?: { status: number; body: unknown };
}

async function json(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export async function completeDemo(
  session: Session,
  query: Record<string, string | string[] | undefined>,
  config: Config = getConfig(),
  deps: Deps = defaultDeps(config),
): Promise<DemoResult> {
  const one = (k: string) => (typeof query[k] === "string" ? (query[k] as string) : undefined);
  const demo = session.demo;
  const error = one("error");
  if (error) {
    const description = one("error_description");
    return { problem: description ? { key: "problemErrorDescription", values: { error, description } } : { key: "problemError", values: { error } } };
  }
  const code = one("code");
  if (!code) return { problem: { key: "problemNoCode" } };
  if (!demo || Date.now() - demo.createdAt > DEMO_TTL_MS) return { problem: { key: "problemExpired" } };
  // RFC 6749 §10.12: the state must be the one this browser sent.
  if (one("state") !== demo.state) return { problem: { key: "problemState" } };
  // RFC 9207: the iss parameter must name the issuer we asked.
  const iss = one("iss");
  if (iss !== undefined && iss !== config.issuer) return { problem: { key: "problemIss", values: { iss } } };

  const basic = Buffer.from(`${encodeURIComponent(config.demo.clientId)}:${encodeURIComponent(config.demo.clientSecret)}`).toString("base64");
  const tokenRes = await handleTokenRequest(
    new Request(`${config.issuer}/api/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: demoRedirectUri(config), code_verifier: demo.verifier }),
    }),
    deps,
  );
  const tokenBody = await json(tokenRes);
  const result: DemoResult = { token: { status: tokenRes.status, body: tokenBody } };
  if (tokenRes.status !== 200 || typeof tokenBody !== "object" || tokenBody === null) return result;
  const { id_token: idToken, access_token: accessToken } = tokenBody as { id_token?: unknown; access_token?: unknown };

  if (typeof idToken === "string") {
    let header: unknown = undefined;
    try {
      header = decodeProtectedHeader(idToken);
    } catch {
      // shown as "(not a JWS)"
    }
    try {
      const jwksRes = await handleJwksRequest(deps);
      const jwks = (await json(jwksRes)) as JSONWebKeySet;
      // OIDC Core §3.1.3.7: the issuer and the audience (our client ID) must match, and the signature verify.
      const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks), { issuer: config.issuer, audience: config.demo.clientId });
      const nonceOk = payload.nonce === demo.nonce;
      result.idToken = { raw: idToken, header, payload, verified: nonceOk, verification: { key: nonceOk ? "verified" : "nonceMismatch" } };
    } catch (e) {
      let payload: unknown = undefined;
      try {
        payload = decodeJwt(idToken);
      } catch {
        // shown as absent
      }
      // The JOSE error code (e.g. ERR_JWS_SIGNATURE_VERIFICATION_FAILED) names the failure in any language.
      const reason = e instanceof errors.JOSEError ? e.code : e instanceof Error ? e.name : "unknown";
      result.idToken = { raw: idToken, header, payload, verified: false, verification: { key: "verificationFailed", values: { reason } } };
    }
  }

  if (typeof accessToken === "string") {
    const uiRes = await handleUserInfoRequest(
      new Request(`${config.issuer}/api/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } }),
      deps,
    );
    result.userinfo = { status: uiRes.status, body: uiRes.status === 200 ? await json(uiRes) : uiRes.headers.get("www-authenticate") };
  }
  return result;
}
