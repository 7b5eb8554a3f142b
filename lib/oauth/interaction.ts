// Pure decisions of the authorization flow, kept free of I/O so unit tests can cover them.
import { randomBytes } from "node:crypto";
import type { AuthorizationIssueRequest, AuthorizationResponse, Property, TaggedValue } from "../authlete/types";
import { matchLocale, type Locale } from "../i18n";
import { SCOPE_CLAIMS, selectClaims, type UserClaims } from "../cognito/claims";
import type { LoginState, PendingAuthorization } from "../session";

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

/** The key a client's consents are remembered under: its numeric ID, else its alias. */
export function clientKey(client: AuthorizationResponse["client"]): string {
  return client?.clientId !== undefined ? String(client.clientId) : (client?.clientIdAlias ?? "");
}

/** The identifiers an ID token issued to this client may carry in `aud`: its numeric ID and its alias. */
export function clientAudiences(client: AuthorizationResponse["client"]): string[] {
  return [client?.clientId !== undefined ? String(client.clientId) : undefined, client?.clientIdAlias].filter((v): v is string => !!v);
}

/**
 * The text for the page's language among Authlete's translations (`clientNames`, a scope's `descriptions`:
 * BCP 47-tagged values), else the untagged default.
 */
export function localized(tagged: readonly TaggedValue[] | undefined, fallback: string | undefined, locale: Locale): string | undefined {
  return tagged?.find((t) => t.value && matchLocale(t.tag) === locale)?.value ?? fallback;
}

/** What the page needs of Authlete's answer, with names and descriptions in the page's language. */
export function pendingFromResponse(res: AuthorizationResponse, now: number, locale: Locale = "en"): PendingAuthorization {
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
      name: localized(client.clientNames, client.clientName, locale) || client.clientIdAlias || clientId || "",
      logoUri: safeUri(client.logoUri),
      policyUri: safeUri(client.policyUri),
      tosUri: safeUri(client.tosUri),
    },
    scopes: (res.scopes ?? []).map((s) => ({ name: s.name, description: localized(s.descriptions, s.description, locale) })),
    claims: res.claims?.length ? res.claims : undefined,
    userinfoClaims: userinfoClaims.size ? [...userinfoClaims] : undefined,
    loginHint: res.subject ? undefined : res.loginHint?.slice(0, 128),
    subject: res.subject,
    prompts: res.prompts?.length ? res.prompts : undefined,
    maxAge: res.maxAge && res.maxAge > 0 ? res.maxAge : undefined,
    acrs: res.acrs?.length ? res.acrs : undefined,
    acrEssential: res.acrEssential || undefined,
  };
}

/**
 * What only the raw request tells: `max_age` as sent (Authlete reports maxAge 0 both for max_age=0 and for no
 * max_age, reference authlete-api.md §3.1), and the `id_token_hint`. A request object's members win over the
 * query's (OIDC Core §6.3.3). Malformed input yields nothing rather than an error: Authlete has already
 * validated the request it accepted.
 */
export interface RawRequestParameters {
  maxAge?: number;
  idTokenHint?: string;
}

export function rawRequestParameters(parameters: string, requestObjectPayload?: string): RawRequestParameters {
  let maxAge: number | undefined;
  let idTokenHint: string | undefined;
  try {
    const q = new URLSearchParams(parameters);
    const m = q.get("max_age");
    if (m !== null && /^\d{1,10}$/.test(m)) maxAge = Number(m);
    idTokenHint = q.get("id_token_hint") || undefined;
  } catch {
    // leave both unset
  }
  if (requestObjectPayload) {
    try {
      const o = JSON.parse(requestObjectPayload) as Record<string, unknown>;
      const m = o.max_age;
      if (typeof m === "number" && Number.isInteger(m) && m >= 0) maxAge = m;
      else if (typeof m === "string" && /^\d{1,10}$/.test(m)) maxAge = Number(m);
      if (typeof o.id_token_hint === "string" && o.id_token_hint !== "") idTokenHint = o.id_token_hint;
    } catch {
      // not JSON: nothing to add
    }
  }
  return { maxAge, idTokenHint };
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
 * The body of /auth/authorization/issue: subject = Cognito `sub`, auth time of the sign-in (not of this
 * request: an SSO issue keeps the original auth_time, OIDC Core §2), the acr and amr met, the
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
  acr?: string,
): AuthorizationIssueRequest {
  // `amr` (OIDC Core §2, RFC 8176 values): authorization_issue_request has no member for it, but every value of
  // `claims` is embedded in the ID token ("The claim values in this parameter will be embedded in an ID token",
  // authlete-api-3.0.16.yaml), so it travels there. No amr on the sign-in = a password sign-in.
  const idTokenClaims = { ...selectClaims(user.claims, claimNames), amr: user.amr?.length ? user.amr : ["pwd"] };
  return {
    ticket,
    subject: user.sub,
    authTime: user.authTime,
    // The acr the sign-in actually met (lib/oauth/acr.ts): a documented member of authorization_issue_request.
    acr,
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
