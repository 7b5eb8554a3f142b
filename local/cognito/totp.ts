// TOTP as authenticator apps and Cognito use it: RFC 6238 over RFC 4226 HOTP, HMAC-SHA1,
// 30-second steps, 6 digits; the shared secret is base32 (RFC 4648, no padding needed).
// Cognito accepts the code of the current step and its neighbours (clock skew), so `matchTotpStep`
// checks ±1 step.

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

const STEP_SECONDS = 30;
const DIGITS = 6;
const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

export function base32Decode(input: string): Buffer {
  const clean = input.replace(/[\s=-]/g, "").toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const idx = BASE32.indexOf(ch);
    if (idx < 0) throw new Error(`invalid base32 character ${JSON.stringify(ch)}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP value for one counter. */
export function hotp(key: Buffer, counter: number, digits = DIGITS): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(msg).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const bin = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(bin % 10 ** digits).padStart(digits, "0");
}

/** The 6-digit RFC 6238 code of `secretBase32` at `atMs` (milliseconds since the epoch). */
export function totpCode(secretBase32: string, atMs: number = Date.now()): string {
  return hotp(base32Decode(secretBase32), Math.floor(atMs / 1000 / STEP_SECONDS));
}

/**
 * The step (of `atMs`, or one either side) whose code `code` is, or undefined. Cognito "accepts TOTP tokens that
 * are one 30-second window early or late to account for clock skew" (Developer Guide, "TOTP software token MFA").
 */
export function matchTotpStep(secretBase32: string, code: string, atMs: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const key = base32Decode(secretBase32);
  const step = Math.floor(atMs / 1000 / STEP_SECONDS);
  let matched: number | undefined;
  for (const s of [step - 1, step, step + 1]) {
    // Compare every candidate so the time taken does not depend on which one matched.
    if (timingSafeEqual(Buffer.from(hotp(key, s)), Buffer.from(code))) matched ??= s;
  }
  return matched;
}

/** RFC 4648 base32 without padding. */
function base32Encode(data: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of data) {
    value = ((value << 8) | byte) & 0xffffff; // only the low, not yet emitted bits matter
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** A new shared secret for AssociateSoftwareToken: 32 random bytes, base32 (52 characters). */
export function newTotpSecret(): string {
  return base32Encode(randomBytes(32));
}
