// Password storage and Cognito's password policy.
//
// Storage: scrypt with a per-password random salt; the record is `scrypt$N$r$p$salt$hash` (base64url),
// so the cost can change without invalidating existing data. The cost (N = 2^11, r = 8: 2 MiB, a few
// milliseconds) is deliberately modest: this is a local test instrument holding public demo passwords,
// signing in hundreds of times per test run on small CI machines; the point is that no password is
// ever stored or logged in plain text.
//
// Policy: Cognito's PasswordPolicyType. AdminSetUserPassword, AdminCreateUser's TemporaryPassword and
// the NEW_PASSWORD_REQUIRED answer all report a violation as InvalidPasswordException "Password does not
// conform to policy: …" (SignUp words it "did not conform with policy", which we do not implement).

import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual } from "node:crypto";
import { invalidPassword } from "./errors";

export interface PasswordPolicy {
  MinimumLength: number;
  RequireUppercase: boolean;
  RequireLowercase: boolean;
  RequireNumbers: boolean;
  RequireSymbols: boolean;
  TemporaryPasswordValidityDays: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
};

const N = 2048;
const R = 8;
const P = 1;
const KEY_LEN = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, KEY_LEN, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, N, R, P);
  return ["scrypt", N, R, P, salt.toString("base64url"), key.toString("base64url")].join("$");
}

export async function verifyPassword(password: string, stored: string | undefined): Promise<boolean> {
  const parts = (stored ?? DUMMY_HASH).split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [, n, r, p, salt, hash] = parts as [string, string, string, string, string, string];
  const expected = Buffer.from(hash, "base64url");
  const actual = await scrypt(password, Buffer.from(salt, "base64url"), Number(n), Number(r), Number(p));
  return stored !== undefined && actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Used when there is no user, so an unknown login costs as much time as a wrong password. */
const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString("base64url")}$${Buffer.alloc(KEY_LEN).toString("base64url")}`;

// The special characters Cognito counts as symbols (Developer Guide, "Password policies"); a space
// counts too when it is neither leading nor trailing.
const SYMBOLS = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

/** Throws InvalidPasswordException when `password` breaks `policy`. */
export function enforcePolicy(password: string, policy: PasswordPolicy): void {
  const problem = policyProblem(password, policy);
  if (problem) throw invalidPassword(`Password does not conform to policy: ${problem}`);
}

export function policyProblem(password: string, policy: PasswordPolicy): string | undefined {
  if ([...password].length < policy.MinimumLength) return "Password not long enough";
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return "Password must have lowercase characters";
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return "Password must have uppercase characters";
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return "Password must have numeric characters";
  if (policy.RequireSymbols && ![...password].some((c) => SYMBOLS.includes(c)))
    return "Password must have symbol characters";
  return undefined;
}

/** A random temporary password that satisfies `policy` (what Cognito generates when none is given). */
export function generateTemporaryPassword(policy: PasswordPolicy): string {
  const sets = ["ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz", "23456789", "!#%&*+-=?@^_"];
  const all = sets.join("");
  const chars = sets.map((s) => s[randomInt(s.length)]!);
  while (chars.length < Math.max(policy.MinimumLength, 12)) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join("");
}
