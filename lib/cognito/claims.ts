// Cognito user attributes → OpenID Connect standard claims (reference/cognito.md §3.5; OIDC Core §5.1).
// Attribute values arrive as strings from AdminGetUser and partly typed in Cognito's own ID token
// (email_verified as a boolean, address as an object), so every converter accepts both forms.
// `custom:*` and `dev:*` attributes are not standard claims and are never exposed under their raw names.

export type ClaimValue = string | number | boolean | Record<string, string>;
export type UserClaims = Record<string, ClaimValue>;

const STRING_CLAIMS = [
  "name",
  "given_name",
  "family_name",
  "middle_name",
  "nickname",
  "preferred_username",
  "profile",
  "picture",
  "website",
  "email",
  "gender",
  "birthdate",
  "zoneinfo",
  "locale",
  "phone_number",
] as const;

const ADDRESS_MEMBERS = ["formatted", "street_address", "locality", "region", "postal_code", "country"] as const;

/** Every claim name this mapping can produce (sub included). */
export const STANDARD_CLAIMS: readonly string[] = [
  "sub",
  ...STRING_CLAIMS,
  "email_verified",
  "phone_number_verified",
  "address",
  "updated_at",
];

function toBoolean(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (v === "true") return true;
  if (v === "false") return false;
  return undefined;
}

/**
 * OIDC Core §5.1.1: address is a JSON object. Cognito stores a string (max 2048): JSON or free text. Its own
 * ID token wraps that string as {"formatted": "<stored string>"} (amplify-js#4935), so a `formatted` member
 * that holds a JSON object is unwrapped too.
 */
function toAddress(v: unknown): Record<string, string> | undefined {
  let obj: unknown = v;
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    const members = Object.keys(v);
    const formatted = (v as Record<string, unknown>).formatted;
    if (members.length === 1 && typeof formatted === "string" && formatted.trim().startsWith("{")) return toAddress(formatted);
  }
  if (typeof v === "string") {
    if (v.trim() === "") return undefined;
    try {
      obj = JSON.parse(v);
    } catch {
      return { formatted: v };
    }
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return { formatted: v };
  }
  if (typeof obj !== "object" || obj === null || Array.isArray(obj)) return undefined;
  const out: Record<string, string> = {};
  for (const k of ADDRESS_MEMBERS) {
    const m = (obj as Record<string, unknown>)[k];
    if (typeof m === "string" && m !== "") out[k] = m;
  }
  return Object.keys(out).length ? out : undefined;
}

/** OIDC Core §5.1: updated_at is a number of seconds; Cognito keeps epoch seconds as a string. */
function toEpochSeconds(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : undefined;
}

export function attributesToClaims(attributes: Record<string, unknown>): UserClaims {
  const claims: UserClaims = {};
  if (typeof attributes.sub === "string" && attributes.sub !== "") claims.sub = attributes.sub;
  for (const name of STRING_CLAIMS) {
    const v = attributes[name];
    if (typeof v === "string" && v !== "") claims[name] = v;
  }
  const emailVerified = toBoolean(attributes.email_verified);
  if (emailVerified !== undefined) claims.email_verified = emailVerified;
  const phoneVerified = toBoolean(attributes.phone_number_verified);
  if (phoneVerified !== undefined) claims.phone_number_verified = phoneVerified;
  const address = toAddress(attributes.address);
  if (address) claims.address = address;
  const updatedAt = toEpochSeconds(attributes.updated_at);
  if (updatedAt !== undefined) claims.updated_at = updatedAt;
  return claims;
}

/** AdminGetUser / ListUsers shape: [{ Name, Value }]. */
export function attributeListToRecord(list: readonly { Name?: string; Value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of list ?? []) if (a.Name && a.Value !== undefined) out[a.Name] = a.Value;
  return out;
}

/**
 * Claim values for the names Authlete asks for (`claims` of /auth/authorization, /auth/userinfo). A name with a
 * language tag (`name#ja`, OIDC Core §5.2) asks for a localized value; Cognito keeps one value per attribute,
 * so tagged names stay unanswered. `sub` is Authlete's to set. Returns undefined when nothing applies
 * (the issue APIs take null for "no claims").
 */
export function selectClaims(claims: UserClaims, names: readonly string[] | undefined): UserClaims | undefined {
  if (!names || names.length === 0) return undefined;
  const out: UserClaims = {};
  for (const name of names) {
    if (name.includes("#") || name === "sub") continue;
    const v = claims[name];
    if (v !== undefined) out[name] = v;
  }
  return Object.keys(out).length ? out : undefined;
}

/** OIDC Core §5.4: the claims each standard scope stands for. */
export const SCOPE_CLAIMS: Readonly<Record<string, readonly string[]>> = {
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
