// User-pool attributes: the standard schema Cognito reports in DescribeUserPool, the checks it makes
// when an administrator writes attributes, and the shape attributes take inside an ID token.

import { invalidParameter } from "./errors";
import type { PoolConfig, SchemaAttribute, UserRecord } from "./model";

const str = (name: string, opts: { mutable?: boolean; min?: number; max?: number } = {}): SchemaAttribute => ({
  Name: name,
  AttributeDataType: "String",
  DeveloperOnlyAttribute: false,
  Mutable: opts.mutable ?? true,
  Required: false,
  StringAttributeConstraints: { MinLength: String(opts.min ?? 0), MaxLength: String(opts.max ?? 2048) },
});

const bool = (name: string): SchemaAttribute => ({
  Name: name,
  AttributeDataType: "Boolean",
  DeveloperOnlyAttribute: false,
  Mutable: true,
  Required: false,
});

/** Cognito's standard attributes, in the order DescribeUserPool lists them. */
export function standardSchema(required: readonly string[], custom: SchemaAttribute[] = []): SchemaAttribute[] {
  const schema: SchemaAttribute[] = [
    str("sub", { mutable: false, min: 1 }),
    str("name"),
    str("given_name"),
    str("family_name"),
    str("middle_name"),
    str("nickname"),
    str("preferred_username"),
    str("profile"),
    str("picture"),
    str("website"),
    str("email"),
    bool("email_verified"),
    str("gender"),
    str("birthdate", { min: 10, max: 10 }),
    str("zoneinfo"),
    str("locale"),
    str("phone_number"),
    bool("phone_number_verified"),
    str("address"),
    {
      Name: "updated_at",
      AttributeDataType: "Number",
      DeveloperOnlyAttribute: false,
      Mutable: true,
      Required: false,
      NumberAttributeConstraints: { MinValue: "0" },
    },
    str("identities"),
    ...custom,
  ];
  for (const a of schema) if (required.includes(a.Name) || a.Name === "sub") a.Required = true;
  return schema;
}

export function findSchemaAttribute(pool: PoolConfig, name: string): SchemaAttribute | undefined {
  return pool.schema.find((a) => a.Name === name);
}

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const PHONE = /^\+[0-9]{4,15}$/;
const NUMBER = /^-?[0-9]+(\.[0-9]+)?$/;

export function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

function schemaError(detail: string): Error {
  return invalidParameter(`Attributes did not conform to the schema: ${detail}`);
}

/**
 * Checks attributes an administrator writes (AdminCreateUser, AdminUpdateUserAttributes, the
 * `userAttributes.*` answers to NEW_PASSWORD_REQUIRED) and returns them normalised.
 */
export function checkWritableAttributes(
  pool: PoolConfig,
  attrs: readonly [string, string][],
  mode: "create" | "update",
): [string, string][] {
  const out = new Map<string, string>();
  for (const [name, rawValue] of attrs) {
    const def = findSchemaAttribute(pool, name);
    if (!def) throw schemaError(`Type for attribute {${name}} could not be determined`);
    if (name === "sub" || name === "identities" || (mode === "update" && !def.Mutable))
      throw invalidParameter(`Cannot modify the non-mutable attribute ${name}`);
    let value = rawValue;
    if (name === "email" && value !== "" && !EMAIL.test(value)) throw invalidParameter("Invalid email address format.");
    if (name === "phone_number" && value !== "" && !PHONE.test(value))
      throw invalidParameter("Invalid phone number format.");
    if (def.AttributeDataType === "Boolean") {
      const lower = value.toLowerCase();
      if (lower !== "true" && lower !== "false") throw schemaError(`${name}: Value must be "true" or "false"`);
      value = lower;
    }
    if (def.AttributeDataType === "Number" && value !== "" && !NUMBER.test(value))
      throw schemaError(`${name}: Number must be a valid number`);
    const c = def.StringAttributeConstraints;
    if (c && value !== "") {
      const len = [...value].length;
      if (c.MinLength && len < Number(c.MinLength))
        throw schemaError(`${name}: Number of characters in value must be at least ${c.MinLength}`);
      if (c.MaxLength && len > Number(c.MaxLength))
        throw schemaError(`${name}: Number of characters in value must not exceed ${c.MaxLength}`);
    }
    out.set(name, value);
  }
  return [...out];
}

/**
 * The user's attributes as claims in a Cognito ID token: `email_verified` and `phone_number_verified`
 * become booleans, `updated_at` a number, and the `address` string is wrapped as `{ formatted }`
 * (Cognito stores address as one string). `custom:*` values stay strings, as in real Cognito tokens.
 */
export function idTokenAttributeClaims(attributes: Record<string, string>): Record<string, unknown> {
  const claims: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "sub" || name === "identities") continue;
    if (name === "email_verified" || name === "phone_number_verified") claims[name] = value === "true";
    else if (name === "updated_at") {
      const n = Number(value);
      if (Number.isFinite(n)) claims[name] = n;
    } else if (name === "address") claims[name] = { formatted: value };
    else claims[name] = value;
  }
  return claims;
}

/** Masks a phone number the way Cognito's CODE_DELIVERY_DESTINATION does: "+*******0100". */
export function maskPhone(phone: string): string {
  if (phone.length <= 5) return phone;
  return `+${"*".repeat(phone.length - 5)}${phone.slice(-4)}`;
}

/** Masks an e-mail address the way Cognito does: "d***@e***.com". */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf("@");
  if (at < 1) return "***";
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  const tld = dot > 0 ? domain.slice(dot) : "";
  return `${local[0]}***@${domain[0] ?? ""}***${tld}`;
}

/** The user's phone number (SMS) or e-mail address (EMAIL), masked as Cognito shows where it sent a message. */
export function maskedDestination(user: UserRecord, medium: "SMS" | "EMAIL"): string {
  return medium === "SMS" ? maskPhone(user.attributes.phone_number ?? "") : maskEmail(user.attributes.email ?? "");
}
