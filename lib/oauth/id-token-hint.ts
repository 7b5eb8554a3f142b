// id_token_hint (OIDC Core §3.1.2.1; RP-Initiated Logout 1.0 §2): an ID token this server issued earlier,
// sent back by the client to say which user it expects. It is checked against our own JWK Set (the one
// /api/jwks serves, Authlete's service keys), our issuer and — when the caller knows the client — the audience.
// An expired token is still a good hint (Core §3.1.2.1: "the ID Token ... SHOULD be accepted even if it has
// expired"); a wrong issuer, audience or signature, `alg: none` or anything malformed is not.
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { AuthleteClient } from "../authlete/client";
import type { Config } from "../config";

export type HintResult = { sub: string; aud: string[]; claims: JWTPayload } | { invalid: true; why: string };

/** Key sets change when the operator rotates keys; a minute of caching saves an Authlete call per hint. */
const JWKS_TTL_MS = 60_000;
/** After an unknown `kid`, fetch the keys again at most this often (a forged kid must not cost a call each). */
const REFRESH_MIN_MS = 10_000;

interface CachedKeys {
  at: number;
  keys: JWTVerifyGetKey | undefined;
}

const cache = new WeakMap<AuthleteClient, CachedKeys>();

async function loadKeys(authlete: AuthleteClient): Promise<JWTVerifyGetKey | undefined> {
  const jwks = await authlete.serviceJwks();
  if (jwks.status === 204) return undefined;
  if (jwks.status === 302) return createRemoteJWKSet(new URL(jwks.location));
  return createLocalJWKSet(JSON.parse(jwks.body) as JSONWebKeySet);
}

async function keysFor(authlete: AuthleteClient, now: number, refresh: boolean): Promise<JWTVerifyGetKey | undefined> {
  const cached = cache.get(authlete);
  if (cached && (refresh ? now - cached.at < REFRESH_MIN_MS : now - cached.at < JWKS_TTL_MS)) return cached.keys;
  const keys = await loadKeys(authlete);
  cache.set(authlete, { at: now, keys });
  return keys;
}

/** Forgets cached key sets (tests). */
export function clearHintKeyCache(authlete: AuthleteClient): void {
  cache.delete(authlete);
}

/**
 * Verifies `token` as one of our ID tokens. `audiences`: the client identifiers the token must have been
 * issued to (any one of them; its numeric ID and its alias), or undefined when the caller does not know the
 * client yet (logout without client_id). Authlete failures (unreachable, misconfigured) propagate: they are
 * our problem, not the hint's.
 */
export async function verifyIdTokenHint(
  token: string,
  deps: { authlete: AuthleteClient; config: Pick<Config, "issuer">; now: () => number },
  audiences?: readonly string[],
): Promise<HintResult> {
  if (token.length > 8192 || token.split(".").length !== 3) return { invalid: true, why: "not a signed JWT" };
  const attempt = async (refresh: boolean): Promise<HintResult> => {
    const keys = await keysFor(deps.authlete, deps.now(), refresh);
    if (!keys) return { invalid: true, why: "no keys" };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: deps.config.issuer,
        audience: audiences?.length ? [...audiences] : undefined,
        requiredClaims: ["sub"],
        currentDate: new Date(deps.now()),
      }));
    } catch (e) {
      // Thrown only after the signature, issuer and audience checks passed (jose checks exp last).
      if (e instanceof errors.JWTExpired && e.claim === "exp") payload = e.payload;
      else throw e;
    }
    if (typeof payload.sub !== "string" || payload.sub === "") return { invalid: true, why: "no sub" };
    const aud = typeof payload.aud === "string" ? [payload.aud] : Array.isArray(payload.aud) ? payload.aud : [];
    return { sub: payload.sub, aud, claims: payload };
  };
  try {
    return await attempt(false);
  } catch (e) {
    if (e instanceof errors.JWKSNoMatchingKey) {
      try {
        return await attempt(true);
      } catch (again) {
        if (again instanceof errors.JOSEError) return { invalid: true, why: describe(again) };
        throw again;
      }
    }
    if (e instanceof errors.JOSEError || e instanceof TypeError || e instanceof SyntaxError) return { invalid: true, why: describe(e) };
    throw e;
  }
}

function describe(e: unknown): string {
  return e instanceof errors.JOSEError ? e.code : e instanceof Error ? e.name : "invalid";
}
