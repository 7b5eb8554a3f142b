// The built-in demo relying party: "Try it" on the landing page starts an authorization-code request with
// PKCE (RFC 7636, S256), state and nonce for the confidential client `demo-client`; /demo/callback exchanges the
// code on the server, verifies the ID token against our own JWK Set and calls userinfo. It goes through the
// same handlers the public endpoints use, in-process, so it needs no network path back to itself.
import { createHash, randomBytes } from "node:crypto";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { getConfig, type Config } from "../config";
import { type Session } from "../session";
import { defaultDeps } from "./deps";
import { handleJwksRequest, handleTokenRequest, handleUserInfoRequest } from "./endpoints";

export const DEMO_SCOPES = "openid profile email phone address";
const DEMO_TTL_MS = 10 * 60 * 1000;

export function demoRedirectUri(config: Config): string {
  return `${config.issuer}/demo/callback`;
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

export interface DemoResult {
  /** Why the flow stopped before or at the token request (authorization error, state mismatch…). */
  problem?: string;
  token?: { status: number; body: unknown };
  idToken?: {
    header: unknown;
    payload: unknown;
    verified: boolean;
    verification: string;
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
): Promise<DemoResult> {
  const one = (k: string) => (typeof query[k] === "string" ? (query[k] as string) : undefined);
  const demo = session.demo;
  if (one("error")) {
    return { problem: `The authorization server answered ${one("error")}${one("error_description") ? `: ${one("error_description")}` : ""}.` };
  }
  const code = one("code");
  if (!code) return { problem: "No authorization code in the callback URL." };
  if (!demo || Date.now() - demo.createdAt > DEMO_TTL_MS) return { problem: "This demo run has expired. Start again from the home page." };
  // RFC 6749 §10.12: the state must be the one this browser sent.
  if (one("state") !== demo.state) return { problem: "The state parameter does not match this browser's demo run (possible CSRF)." };
  // RFC 9207: the iss parameter must name the issuer we asked.
  if (one("iss") !== undefined && one("iss") !== config.issuer) return { problem: `Unexpected iss parameter ${one("iss")}.` };

  const basic = Buffer.from(`${encodeURIComponent(config.demo.clientId)}:${encodeURIComponent(config.demo.clientSecret)}`).toString("base64");
  const tokenRes = await handleTokenRequest(
    new Request(`${config.issuer}/api/token`, {
      method: "POST",
      headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: demoRedirectUri(config), code_verifier: demo.verifier }),
    }),
    defaultDeps(config),
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
      header = "(not a JWS)";
    }
    try {
      const jwksRes = await handleJwksRequest(defaultDeps(config));
      const jwks = (await json(jwksRes)) as JSONWebKeySet;
      // OIDC Core §3.1.3.7: the issuer and the audience (our client ID) must match, and the signature verify.
      const { payload } = await jwtVerify(idToken, createLocalJWKSet(jwks), { issuer: config.issuer, audience: config.demo.clientId });
      const nonceOk = payload.nonce === demo.nonce;
      result.idToken = {
        header,
        payload,
        verified: nonceOk,
        verification: nonceOk
          ? "Signature verified against /api/jwks; issuer, expiry and nonce match."
          : "Signature verified, but the nonce does not match this demo run.",
      };
    } catch (e) {
      let payload: unknown = undefined;
      try {
        payload = decodeJwt(idToken);
      } catch {
        // shown as absent
      }
      result.idToken = { header, payload, verified: false, verification: `Verification failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  if (typeof accessToken === "string") {
    const uiRes = await handleUserInfoRequest(
      new Request(`${config.issuer}/api/userinfo`, { headers: { Authorization: `Bearer ${accessToken}` } }),
      defaultDeps(config),
    );
    result.userinfo = { status: uiRes.status, body: uiRes.status === 200 ? await json(uiRes) : uiRes.headers.get("www-authenticate") };
  }
  return result;
}
