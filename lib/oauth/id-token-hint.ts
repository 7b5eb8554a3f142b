// id_token_hint (OIDC Core §3.1.2.1; RP-Initiated Logout 1.0 §2): an ID token this server issued earlier,
// sent back by the client to say which user it expects. It is checked against our own JWK Set (the one
// /api/jwks serves, Authlete's service keys), our issuer and — when the caller knows the client — the audience.
// An expired token is still a good hint (Core §3.1.2.1: "the ID Token ... SHOULD be accepted even if it has
// expired"); a wrong issuer, audience or signature, `alg: none` or anything malformed is not.
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import type { AuthleteClient } from "../authlete/client";
import type { Config } from "../config";
import { publishedJwks, type JwksSlot } from "./service-documents";

export type HintResult = { sub: string; aud: string[]; claims: JWTPayload } | { invalid: true; why: string };

/** After an unknown `kid`, fetch the keys again at most this often (a forged kid must not cost a call each). */
const REFRESH_MIN_MS = 10_000;

/** The verifier of each published copy of the key set (a new copy after a refresh gets a new one). */
const verifiers = new WeakMap<JwksSlot, JWTVerifyGetKey | undefined>();

/**
 * The service's keys, from the JWK Set copy /api/jwks serves (service-documents.ts); `refresh`: after an unknown
 * kid, a copy older than REFRESH_MIN_MS is fetched again (the operator may just have rotated keys).
 */
async function keysFor(deps: { authlete: AuthleteClient; now: () => number }, refresh: boolean): Promise<JWTVerifyGetKey | undefined> {
  const slot = await publishedJwks(deps, refresh ? REFRESH_MIN_MS : undefined);
  if (verifiers.has(slot)) return verifiers.get(slot);
  const keys =
    slot.status === 204 ? undefined : slot.status === 302 ? createRemoteJWKSet(new URL(slot.location)) : createLocalJWKSet(JSON.parse(slot.rep.body) as JSONWebKeySet);
  verifiers.set(slot, keys);
  return keys;
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
    const keys = await keysFor(deps, refresh);
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
