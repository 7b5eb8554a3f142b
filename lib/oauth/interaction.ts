// Pure decisions of the authorization flow, kept free of I/O so unit tests can cover them.
import { randomBytes } from "node:crypto";
import type { AuthorizationFailReason, AuthorizationResponse, Property } from "../authlete/types";
import { SCOPE_CLAIMS, selectClaims, type UserClaims } from "../cognito/claims";
import type { Config } from "../config";
import type { LoginState, PendingAuthorization } from "../session";
import { acrForAmr } from "./amr";

/** Hidden token property carrying the claims snapshot to the userinfo endpoint. */
export const CLAIMS_PROPERTY = "user_claims";

export function newId(bytes = 16): string {
  return randomBytes(bytes).toString("base64url");
}

/** Only https (or loopback http in development) logos are rendered; anything else is dropped. */
function safeUri(uri: string | undefined): string | undefined {
  if (!uri || !URL.canParse(uri)) return undefined;
  const u = new URL(uri);
  return u.protocol === "https:" || (u.protocol === "http:" && (u.hostname === "localhost" || u.hostname === "127.0.0.1")) ? uri : undefined;
}

/** The key a client's grants are remembered under: its numeric ID, else its alias. */
export function clientKey(client: AuthorizationResponse["client"]): string {
  return client?.clientId !== undefined ? String(client.clientId) : (client?.clientIdAlias ?? "");
}

export function pendingFromResponse(res: AuthorizationResponse, now: number): PendingAuthorization {
  const client = res.client ?? {};
  const clientId = clientKey(res.client);
  const userinfoClaims = new Set<string>(res.claimsAtUserInfo ?? []);
  // V2 has no claimsAtUserInfo: the scopes and the userinfo part of the claims request bound what userinfo
  // may later ask for (OIDC Core §5.4, §5.5).
  for (const s of res.scopes ?? []) for (const c of SCOPE_CLAIMS[s.name] ?? []) userinfoClaims.add(c);
  for (const c of claimsRequestNames(res.userInfoClaims)) userinfoClaims.add(c);
  return {
    id: newId(),
    ticket: res.ticket ?? "",
    createdAt: now,
    clientId,
    client: {
      name: client.clientName || client.clientIdAlias || clientId || "",
      logoUri: safeUri(client.logoUri),
      clientUri: safeUri(client.clientUri),
      policyUri: safeUri(client.policyUri),
      tosUri: safeUri(client.tosUri),
    },
    scopes: (res.scopes ?? []).map((s) => ({ name: s.name, description: s.description })),
    claims: res.claims?.length ? res.claims : undefined,
    userinfoClaims: userinfoClaims.size ? [...userinfoClaims] : undefined,
    loginHint: res.subject ? undefined : res.loginHint?.slice(0, 128),
    subject: res.subject,
  };
}

/** Names inside a claims-request sub-object (`{"email":{"essential":true}}`), tolerant of bad JSON. */
function claimsRequestNames(json: string | undefined): string[] {
  if (!json) return [];
  try {
    const obj = JSON.parse(json) as unknown;
    return typeof obj === "object" && obj !== null && !Array.isArray(obj) ? Object.keys(obj) : [];
  } catch {
    return [];
  }
}

/**
 * prompt=none (Authlete action NO_INTERACTION): decide without UI, in the order the Authlete spec gives
 * (reference/authlete-api.md §3.1): logged in → max_age → requested subject → essential ACR → consent.
 * We assert no ACR of our own, so an essential acr request can never be met silently.
 */
export function decideWithoutInteraction(
  res: Pick<AuthorizationResponse, "maxAge" | "subject" | "acrs" | "acrEssential" | "scopes" | "client">,
  user: LoginState | undefined,
  grants: Readonly<Record<string, string[]>> | undefined,
  nowSeconds: number,
): { issue: LoginState } | { fail: AuthorizationFailReason } {
  if (!user) return { fail: "NOT_LOGGED_IN" };
  if (res.maxAge && res.maxAge > 0 && user.authTime + res.maxAge < nowSeconds) return { fail: "EXCEEDS_MAX_AGE" };
  if (res.subject && res.subject !== user.sub) return { fail: "DIFFERENT_SUBJECT" };
  if (res.acrEssential && (res.acrs?.length ?? 0) > 0) return { fail: "ACR_NOT_SATISFIED" };
  const granted = new Set(grants?.[clientKey(res.client)] ?? []);
  if ((res.scopes ?? []).some((s) => !granted.has(s.name))) return { fail: "CONSENT_REQUIRED" };
  return { issue: user };
}

/** Records the scopes the user just granted a client (merged with earlier grants). */
export function recordGrant(
  grants: Readonly<Record<string, string[]>> | undefined,
  clientId: string,
  scopes: readonly string[],
): Record<string, string[]> {
  const merged = new Set([...(grants?.[clientId] ?? []), ...scopes]);
  return { ...(grants ?? {}), [clientId]: [...merged].sort() };
}

/**
 * The body of /auth/authorization/issue: subject = Cognito `sub`, auth time of the password check, the
 * requested ID-token claim values, and a hidden snapshot of the claims userinfo may later ask for, so the
 * userinfo endpoint never costs a Cognito read (DESIGN.md, quotas).
 *
 * `acr` (OIDC Core §2) is a request parameter of its own. `amr` is not: the issue request has no such member —
 * neither in Authlete's OpenAPI document (authlete-api-3.0.16.yaml, `authorization_issue_request`: ticket,
 * subject, authTime, acr, claims, properties, scopes, sub, …) nor in Authlete's Java SDK
 * (authlete-java-common, com.authlete.common.dto.AuthorizationIssueRequest), whose `claims` is "the claims of
 * the end-user … in JSON format" that Authlete puts into the ID token ("Adding claims to an ID token",
 * Authlete Knowledge Base). So the RFC 8176 array travels inside `claims`, as `"amr": [...]`; Authlete's own
 * typescript-oauth-server, which receives an amr from its UI, has no other place to put it either.
 */
export function issueBody(
  ticket: string,
  user: LoginState,
  claimNames: readonly string[] | undefined,
  userinfoClaimNames: readonly string[] | undefined,
  acrValues?: Config["acr"],
) {
  const idTokenClaims = { ...(selectClaims(user.claims, claimNames) ?? {}), amr: user.amr?.length ? user.amr : ["pwd"] };
  return {
    ticket,
    subject: user.sub,
    authTime: user.authTime,
    acr: acrValues ? acrForAmr(user.amr, acrValues) : undefined,
    claims: JSON.stringify(idTokenClaims),
    properties: claimsProperty(user.claims, userinfoClaimNames),
    sessionId: user.sid,
  };
}

export function claimsProperty(claims: UserClaims, names: readonly string[] | undefined): Property[] | undefined {
  const snapshot = selectClaims(claims, names);
  return snapshot ? [{ key: CLAIMS_PROPERTY, value: JSON.stringify(snapshot), hidden: true }] : undefined;
}

/** The snapshot back from a token's properties (tolerates absence and damage: no claims then). */
export function claimsFromProperties(properties: readonly Property[] | undefined): UserClaims {
  const p = properties?.find((x) => x.key === CLAIMS_PROPERTY);
  if (!p) return {};
  try {
    const v = JSON.parse(p.value) as unknown;
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as UserClaims) : {};
  } catch {
    return {};
  }
}
