// Minting access/refresh tokens and ID tokens, and the token response (RFC 6749 §5.1) Authlete builds.
//
// Access tokens are opaque random strings (Authlete's default when the service has no `accessTokenSignAlg`).
// An access token and the refresh token issued with it form one record pair: revoking or refreshing one
// ends the other too (Authlete stores them as one token record).
import type { ClientSettings } from "./seed";
import type { AccessTokenRecord, GrantInfo, Property, RefreshTokenRecord } from "./store";
import { randomToken } from "./store";
import { attributes, nowSeconds, v3Only, type Body, type Ctx } from "./context";
import { halfHash } from "./claims";

export interface Minted {
  accessToken: string;
  accessHash: string;
  accessTokenExpiresAt: number;
  accessTokenDuration: number;
  refreshToken?: string;
  refreshHash?: string;
  refreshTokenExpiresAt?: number;
  refreshTokenDuration?: number;
}

export interface MintOptions {
  /** Issue a refresh token (Authlete: when the client has the refresh_token grant type). */
  withRefresh: boolean;
  accessTokenDuration?: number;
  refreshTokenDuration?: number;
  /**
   * Scopes of the refresh token when they differ from the access token's (a refresh request that narrows
   * the scope: the new refresh token keeps the original scope, RFC 6749 §6).
   */
  refreshScopes?: string[];
  /** A value the AS chose for the access token (`accessToken` of /auth/token and /auth/token/issue). */
  accessTokenValue?: string;
}

export function mintTokens(ctx: Ctx, grant: GrantInfo, opts: MintOptions): Minted {
  const now = ctx.now();
  const accessTokenDuration = opts.accessTokenDuration ?? ctx.service.accessTokenDuration;
  const accessToken = opts.accessTokenValue ?? randomToken();
  const minted: Minted = {
    accessToken,
    accessHash: "",
    accessTokenExpiresAt: now + accessTokenDuration * 1000,
    accessTokenDuration,
  };
  let refreshHash: string | undefined;
  if (opts.withRefresh) {
    const refreshTokenDuration = opts.refreshTokenDuration ?? ctx.service.refreshTokenDuration;
    const refreshToken = randomToken();
    minted.refreshToken = refreshToken;
    minted.refreshTokenDuration = refreshTokenDuration;
    minted.refreshTokenExpiresAt = now + refreshTokenDuration * 1000;
    const refreshGrant = opts.refreshScopes ? { ...grant, scopes: opts.refreshScopes } : grant;
    const rec: RefreshTokenRecord = { createdAt: now, expiresAt: minted.refreshTokenExpiresAt, grant: refreshGrant };
    refreshHash = ctx.store.put("refreshTokens", refreshToken, rec);
    minted.refreshHash = refreshHash;
  }
  const access: AccessTokenRecord = { createdAt: now, expiresAt: minted.accessTokenExpiresAt, grant, refreshHash };
  minted.accessHash = ctx.store.put("accessTokens", accessToken, access);
  if (refreshHash) {
    const r = ctx.store.getByHash("refreshTokens", refreshHash);
    if (r) r.accessHash = minted.accessHash;
  }
  return minted;
}

/** Deletes an access token and the refresh token of its pair (and vice versa). */
export function revokePairByAccessHash(ctx: Ctx, accessHash: string): void {
  const a = ctx.store.getByHash("accessTokens", accessHash);
  if (a?.refreshHash) ctx.store.deleteByHash("refreshTokens", a.refreshHash);
  ctx.store.deleteByHash("accessTokens", accessHash);
}

export function revokePairByRefreshHash(ctx: Ctx, refreshHash: string): void {
  const r = ctx.store.getByHash("refreshTokens", refreshHash);
  if (r?.accessHash) ctx.store.deleteByHash("accessTokens", r.accessHash);
  ctx.store.deleteByHash("refreshTokens", refreshHash);
}

/** Which tokens revokeMatching ends: those that meet every criterion given (an absent one is met by all). */
export interface TokenCriteria {
  /** Store keys (hashes) the access token may have. */
  accessHashes?: ReadonlySet<string>;
  /** Store keys (hashes) the refresh token may have. */
  refreshHashes?: ReadonlySet<string>;
  subject?: string;
  clientNumber?: number;
}

/**
 * Revokes every token pair that matches `c` and answers how many it revoked: each matching access token with
 * its refresh token, then — unless access tokens were named — the matching refresh tokens whose access token is
 * already gone (each still counts as one token record).
 */
export function revokeMatching(ctx: Ctx, c: TokenCriteria): number {
  const matches = (rec: AccessTokenRecord | RefreshTokenRecord) =>
    (c.subject === undefined || rec.grant.subject === c.subject) && (c.clientNumber === undefined || rec.grant.clientNumber === c.clientNumber);
  let count = 0;
  for (const [hash, rec] of ctx.store.entries("accessTokens")) {
    if (c.accessHashes && !c.accessHashes.has(hash)) continue;
    if (c.refreshHashes && !(rec.refreshHash && c.refreshHashes.has(rec.refreshHash))) continue;
    if (!matches(rec)) continue;
    revokePairByAccessHash(ctx, hash);
    count++;
  }
  if (!c.accessHashes) {
    for (const [hash, rec] of ctx.store.entries("refreshTokens")) {
      if (c.refreshHashes && !c.refreshHashes.has(hash)) continue;
      if (!matches(rec)) continue;
      revokePairByRefreshHash(ctx, hash);
      count++;
    }
  }
  return count;
}

/** Every token that descends from an authorization code (RFC 6749 §4.1.2: revoke them on code reuse). */
export function revokeByOrigin(ctx: Ctx, origin: string): number {
  let n = 0;
  for (const [h, rec] of ctx.store.entries("accessTokens")) {
    if (rec.grant.origin === origin) {
      ctx.store.deleteByHash("accessTokens", h);
      n++;
    }
  }
  for (const [h, rec] of ctx.store.entries("refreshTokens")) {
    if (rec.grant.origin === origin) {
      ctx.store.deleteByHash("refreshTokens", h);
      n++;
    }
  }
  return n;
}

export function visibleProperties(props: readonly Property[] | undefined): Property[] {
  return (props ?? []).filter((p) => !p.hidden);
}

const TOKEN_RESPONSE_MEMBERS = new Set(["access_token", "refresh_token", "scope", "id_token", "token_type", "expires_in"]);

/**
 * The token response JSON (RFC 6749 §5.1), member order as Authlete writes it. Non-hidden extra properties
 * become top-level members ("Extra Properties" in the Authlete docs); hidden ones never reach the client.
 */
export function tokenResponseContent(minted: Minted, scopes: readonly string[], idToken: string | undefined, props: readonly Property[]): string {
  const out: Record<string, unknown> = { access_token: minted.accessToken };
  if (minted.refreshToken) out.refresh_token = minted.refreshToken;
  if (scopes.length) out.scope = scopes.join(" ");
  if (idToken) out.id_token = idToken;
  out.token_type = "Bearer";
  out.expires_in = minted.accessTokenDuration;
  for (const p of visibleProperties(props)) if (!TOKEN_RESPONSE_MEMBERS.has(p.key)) out[p.key] = p.value;
  return JSON.stringify(out);
}

/** The token-describing fields of /auth/token, /auth/token/issue responses. */
export function tokenApiFields(
  ctx: Ctx,
  minted: Minted,
  grant: GrantInfo,
  client: ClientSettings,
  extra: { idToken?: string; refreshTokenScopes?: string[] },
): Body {
  const body: Body = {
    accessToken: minted.accessToken,
    accessTokenExpiresAt: minted.accessTokenExpiresAt,
    accessTokenDuration: minted.accessTokenDuration,
    refreshToken: minted.refreshToken,
    refreshTokenExpiresAt: minted.refreshTokenExpiresAt,
    refreshTokenDuration: minted.refreshTokenDuration,
    idToken: extra.idToken,
    clientId: client.clientId,
    clientIdAlias: client.clientIdAlias,
    clientIdAliasUsed: grant.aliasUsed,
    subject: grant.subject,
    scopes: grant.scopes.length ? grant.scopes : undefined,
    // The AS is Authlete's caller: it sees every property, hidden or not (only the client must not).
    properties: grant.properties.length ? grant.properties : undefined,
    ...attributes(ctx, client),
    refreshTokenScopes: minted.refreshToken && extra.refreshTokenScopes?.length ? extra.refreshTokenScopes : undefined,
  };
  return v3Only(ctx, body, ["refreshTokenScopes"]);
}

export interface IdTokenInput {
  client: ClientSettings;
  clientIdUsed: string;
  subject: string;
  sub?: string;
  authTime?: number;
  nonce?: string;
  acr?: string;
  state?: string;
  sessionId?: string;
  claims: Record<string, unknown>;
  audType?: "array" | "string";
}

/**
 * An ID token (OIDC Core §2) signed with the client's `idTokenSignAlg` and the service key for it (`kid` from
 * the published JWK Set).
 * - `aud` is an array holding the client ID the client used in the request (the alias if it used the alias),
 *   Authlete's default `idTokenAudType`; `idTokenAudType: "string"` on issue makes it a plain string.
 * - `s_hash` (FAPI 1.0 Part 2 §5.1) when a `state` was sent; `sid` when the AS gave a `sessionId`.
 * - No `at_hash`: the ID token comes from the token endpoint in the code flow (OIDC Core §3.1.3.6 makes it
 *   optional there, and Authlete leaves it out).
 */
export async function buildIdToken(ctx: Ctx, p: IdTokenInput): Promise<string> {
  const alg = p.client.idTokenSignAlg;
  const iat = nowSeconds(ctx);
  const payload: Record<string, unknown> = {
    iss: ctx.service.issuer,
    sub: p.sub ?? p.subject,
    aud: p.audType === "string" ? p.clientIdUsed : [p.clientIdUsed],
    exp: iat + ctx.service.idTokenDuration,
    iat,
  };
  if (p.authTime !== undefined) payload.auth_time = p.authTime;
  if (p.nonce !== undefined) payload.nonce = p.nonce;
  if (p.acr !== undefined) payload.acr = p.acr;
  if (p.state !== undefined) payload.s_hash = halfHash(alg, p.state);
  if (p.sessionId !== undefined) payload.sid = p.sessionId;
  for (const [k, v] of Object.entries(p.claims)) if (!(k in payload)) payload[k] = v;
  return ctx.keys.sign(alg, payload);
}
