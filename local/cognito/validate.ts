// Request-member checks the way AWS's Coral framework reports them, before an operation runs:
// - a member of the wrong JSON type is a SerializationException ("Start of structure or map found where
//   not expected." is what Cognito answers for an object where a string belongs: amplify-js#5165,
//   amazon-cognito-identity-js#485);
// - constraint violations (missing required member, length, pattern, enum, range) are Cognito's
//   InvalidParameterException with Coral's text: "1 validation error detected: Value null at 'userPoolId'
//   failed to satisfy constraint: Member must not be null". Values of sensitive members (passwords) are
//   never echoed: "Value at 'password' failed to satisfy constraint: …".

import { invalidParameter, serialization } from "./errors";

export interface StringRule {
  required?: boolean;
  min?: number;
  max?: number;
  /** Whole-value pattern, as in the Cognito API model. */
  pattern?: string;
  enum?: readonly string[];
  sensitive?: boolean;
}

export const PATTERNS = {
  userPoolId: "[\\w-]+_[0-9a-zA-Z]+",
  clientId: "[\\w+]+",
  username: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
  attributeName: "[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
  password: "[\\S]+.*[\\S]+",
} as const;

const compiled = new Map<string, RegExp>();
function wholeMatch(pattern: string, value: string): boolean {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(`^(?:${pattern})$`, "su");
    compiled.set(pattern, re);
  }
  return re.test(value);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function describeJson(v: unknown): string {
  if (Array.isArray(v)) return "list";
  if (v === null) return "null";
  return typeof v === "object" ? "structure" : typeof v;
}

function typeError(member: string, value: unknown): Error {
  const kind = describeJson(value);
  if (kind === "structure") return serialization("Start of structure or map found where not expected.");
  if (kind === "list") return serialization("Start of list found where not expected");
  return serialization(`Unexpected ${kind} value for member '${member}'`);
}

export type Json = Record<string, unknown>;

/** Reads one request body; collect every constraint violation, then call `done()`. */
export class Input {
  private readonly errors: string[] = [];

  constructor(private readonly body: Json) {}

  private get(name: string): unknown {
    const v = this.body[name];
    return v === null ? undefined : v;
  }

  /** Records a violation in Coral's wording. `path` is the lower-camel member path. */
  violation(path: string, value: string | null | undefined, constraint: string, sensitive = false): void {
    const shown = sensitive ? "Value" : value == null ? "Value null" : `Value '${value}'`;
    this.errors.push(`${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  checkString(path: string, value: string, rule: StringRule): void {
    const min = rule.min ?? (rule.required ? 1 : 0);
    if (value.length < min) {
      this.violation(path, value, `Member must have length greater than or equal to ${min}`, rule.sensitive);
      return;
    }
    if (rule.max !== undefined && value.length > rule.max) {
      this.violation(path, value, `Member must have length less than or equal to ${rule.max}`, rule.sensitive);
      return;
    }
    if (rule.pattern && value.length > 0 && !wholeMatch(rule.pattern, value)) {
      this.violation(path, value, `Member must satisfy regular expression pattern: ${rule.pattern}`, rule.sensitive);
      return;
    }
    if (rule.enum && !rule.enum.includes(value)) {
      this.violation(path, value, `Member must satisfy enum value set: [${rule.enum.join(", ")}]`);
    }
  }

  /** A required string: returns "" when missing (the violation is recorded; `done()` throws). */
  req(name: string, rule: Omit<StringRule, "required"> = {}): string {
    return this.str(name, { ...rule, required: true }) ?? "";
  }

  str(name: string, rule: StringRule = {}): string | undefined {
    const v = this.get(name);
    const path = lowerFirst(name);
    if (v === undefined) {
      if (rule.required) this.violation(path, null, "Member must not be null");
      return undefined;
    }
    if (typeof v !== "string") throw typeError(name, v);
    this.checkString(path, v, rule);
    return v;
  }

  bool(name: string): boolean | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") throw typeError(name, v);
    return v;
  }

  int(name: string, range: { min?: number; max?: number } = {}): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v)) throw typeError(name, v);
    const path = lowerFirst(name);
    if (range.min !== undefined && v < range.min)
      this.violation(path, String(v), `Member must have value greater than or equal to ${range.min}`);
    else if (range.max !== undefined && v > range.max)
      this.violation(path, String(v), `Member must have value less than or equal to ${range.max}`);
    return v;
  }

  /** A string-to-string map (AuthParameters, ChallengeResponses, ClientMetadata). */
  map(name: string): Record<string, string> | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (typeof v !== "object" || Array.isArray(v) || v === null) throw typeError(name, v);
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v as Json)) {
      if (val === null || val === undefined) continue;
      if (typeof val !== "string") throw typeError(`${name}.${k}`, val);
      out[k] = val;
    }
    return out;
  }

  /** A structure member whose content this server ignores (ContextData, AnalyticsMetadata). */
  struct(name: string): Json | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (typeof v !== "object" || Array.isArray(v) || v === null) throw typeError(name, v);
    return v as Json;
  }

  /**
   * A structure of boolean members (SMSMfaSettingsType and its kin): undefined when the structure is absent; in it, a
   * member that is absent (or null) is left out. Members this server does not know are ignored, as Coral ignores them.
   */
  flags<K extends string>(name: string, members: readonly K[]): Partial<Record<K, boolean>> | undefined {
    const s = this.struct(name);
    if (s === undefined) return undefined;
    const out: Partial<Record<K, boolean>> = {};
    for (const m of members) {
      const v = s[m] ?? undefined;
      if (v === undefined) continue;
      if (typeof v !== "boolean") throw typeError(m, v);
      out[m] = v;
    }
    return out;
  }

  strList(name: string, rule: StringRule = {}): string[] | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) throw typeError(name, v);
    const path = lowerFirst(name);
    return v.map((item, i) => {
      if (typeof item !== "string") throw typeError(name, item);
      this.checkString(`${path}.${i + 1}.member`, item, rule);
      return item;
    });
  }

  /** AttributeListType: `[{ Name, Value }]`. Name 1–32 chars, Value ≤ 2048 (Cognito's API model). */
  attributes(name: string, opts: { required?: boolean; valueRequired?: boolean } = {}): [string, string][] | undefined {
    const v = this.get(name);
    const path = lowerFirst(name);
    if (v === undefined) {
      if (opts.required) this.violation(path, null, "Member must not be null");
      return undefined;
    }
    if (!Array.isArray(v)) throw typeError(name, v);
    const out: [string, string][] = [];
    v.forEach((item, i) => {
      if (typeof item !== "object" || item === null || Array.isArray(item)) throw typeError(name, item);
      const rec = item as Json;
      const n = rec.Name ?? undefined;
      const val = rec.Value ?? undefined;
      if (n !== undefined && typeof n !== "string") throw typeError("Name", n);
      if (val !== undefined && typeof val !== "string") throw typeError("Value", val);
      const at = `${path}.${i + 1}.member`;
      if (n === undefined) {
        this.violation(`${at}.name`, null, "Member must not be null");
        return;
      }
      this.checkString(`${at}.name`, n, { min: 1, max: 32, pattern: PATTERNS.attributeName });
      if (val !== undefined) this.checkString(`${at}.value`, val, { max: 2048 });
      else if (opts.valueRequired) this.violation(`${at}.value`, null, "Member must not be null");
      out.push([n, val ?? ""]);
    });
    return out;
  }

  done(): void {
    if (this.errors.length === 0) return;
    const n = this.errors.length;
    throw invalidParameter(
      `${n} validation error${n === 1 ? "" : "s"} detected: ${this.errors.join("; ")}`,
    );
  }
}

/** Members shared by every admin operation: the pool (and, for auth, the app client). */
export const POOL_ID_RULE: StringRule = { min: 1, max: 55, pattern: PATTERNS.userPoolId };
export const CLIENT_ID_RULE: StringRule = { min: 1, max: 128, pattern: PATTERNS.clientId };
export const USERNAME_RULE: StringRule = { min: 1, max: 128, pattern: PATTERNS.username, sensitive: true };
