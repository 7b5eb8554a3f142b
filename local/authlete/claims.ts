// Claim names and values: scope shortcuts, the `claims` request parameter, and filtering of the values the
// AS supplies, so that a token never carries a claim that was not asked for.
import { createHash } from "node:crypto";
import type { SigningAlg } from "./seed";

/** OpenID Connect Core 1.0 §5.4: claims requested by the profile/email/address/phone scopes. */
export const SCOPE_CLAIMS: Record<string, readonly string[]> = {
  profile: [
    "name",
    "family_name",
    "given_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "updated_at",
  ],
  email: ["email", "email_verified"],
  address: ["address"],
  phone: ["phone_number", "phone_number_verified"],
};

/**
 * Members of a claims request / of an ID token that are not user claims: they are handled by dedicated
 * logic (acr → `acrs`, sub → `subject`, auth_time/nonce by the token itself) and must never be overwritten
 * by values the AS passes in `claims`.
 */
export const RESERVED_CLAIMS = new Set([
  "iss",
  "sub",
  "aud",
  "exp",
  "iat",
  "nbf",
  "jti",
  "auth_time",
  "nonce",
  "acr",
  "amr",
  "azp",
  "at_hash",
  "c_hash",
  "s_hash",
  "sid",
]);

/**
 * Members the ID token sets itself, from dedicated request members or its own computation, which values in
 * `claims` of /auth/authorization/issue never replace: `sub` (from `subject`/`sub`), `acr` (from `acr`),
 * `auth_time` (from `authTime`), `sid` (from `sessionId`), … Everything else in `claims` — `amr` included —
 * is embedded as given (see `idTokenClaimValues`).
 */
export const ID_TOKEN_OWN_MEMBERS = new Set([...RESERVED_CLAIMS].filter((c) => c !== "amr"));

/**
 * The values of `claims` (/auth/authorization/issue) that go into the ID token: all of them, as Authlete
 * documents it — "The claim values in this parameter will be embedded in an ID token" (authlete-api-3.0.16.yaml,
 * /auth/authorization, [8] ISSUE) and "Adds arbitrary claims to an ID token" (Authlete Knowledge Base, "Adding
 * claims to an ID token") — except the token's own members and null values. Choosing which claims to
 * release is the AS's job (the names are in `claims` of the /auth/authorization response).
 *
 * `amr` (RFC 8176, OIDC Core §2) travels this way: /auth/authorization/issue has no `amr` member — neither in
 * the 3.0.16 nor the 2.3.12 `authorization_issue_request`, nor in authlete-java-common's
 * `AuthorizationIssueRequest` (439ee13), nor in the TypeScript SDK's `AuthorizationIssueRequest` (bc9fa09) —
 * so an AS puts it in `claims`, e.g. `{"amr":["pwd","otp","mfa"]}`, and Authlete embeds it. (`acr`, unlike
 * `amr`, is a request member of its own.)
 */
export function idTokenClaimValues(values: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values ?? {})) {
    if (v === null || v === undefined || ID_TOKEN_OWN_MEMBERS.has(baseName(k))) continue;
    out[k] = v;
  }
  return out;
}

/** "name#ja-Kana-JP" → "name" (OIDC Core §5.2 language tags). */
export function baseName(claim: string): string {
  const i = claim.indexOf("#");
  return i < 0 ? claim : claim.slice(0, i);
}

export function dedupe<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

export function shortcutClaims(scopes: readonly string[], supported: readonly string[]): string[] {
  const out: string[] = [];
  for (const s of scopes) for (const c of SCOPE_CLAIMS[s] ?? []) if (supported.includes(c)) out.push(c);
  return dedupe(out);
}

/** Names of the user claims in one member (`id_token` or `userinfo`) of a claims request. */
export function requestedNames(member: Record<string, unknown> | undefined, supported: readonly string[]): string[] {
  if (!member) return [];
  return dedupe(
    Object.keys(member).filter((n) => !RESERVED_CLAIMS.has(baseName(n)) && supported.includes(baseName(n))),
  );
}

/**
 * Keeps only the values whose claim was requested (a requested `name` admits `name#ja`, OIDC Core §5.2),
 * and never a reserved member.
 */
export function filterClaimValues(
  values: Record<string, unknown> | undefined,
  requested: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!values) return out;
  const exact = new Set(requested);
  const bases = new Set(requested.map(baseName));
  for (const [k, v] of Object.entries(values)) {
    if (v === null || v === undefined) continue;
    if (RESERVED_CLAIMS.has(baseName(k))) continue;
    if (exact.has(k) || bases.has(baseName(k))) out[k] = v;
  }
  return out;
}

/**
 * Left-most half of the hash of `value` (OIDC Core §3.3.2.11 for c_hash/at_hash; FAPI 1.0 Part 2 §5.1 for
 * s_hash). The hash is the one of the JWS algorithm: SHA-256 for RS256/PS256/ES256; SHA-512 for EdDSA with
 * Ed25519 (OIDC Core errata set 2).
 */
export function halfHash(alg: SigningAlg, value: string): string {
  const h = createHash(alg === "EdDSA" ? "sha512" : "sha256").update(value, "ascii").digest();
  return h.subarray(0, h.length / 2).toString("base64url");
}
