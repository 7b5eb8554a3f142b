// Authentication Methods References (RFC 8176) and the Authentication Context Class Reference (OIDC Core §2)
// that a finished sign-in can honestly claim. Pure, so the table is unit-tested. The acr a given amr meets is
// decided in one place, lib/oauth/acr.ts (acrOfAmr).

/**
 * How the user proved who they are, as Cognito challenges they answered with a code after the password.
 * Only factors that existed before this sign-in count: TOTP, SMS and e-mail codes. A TOTP secret enrolled during
 * this very sign-in (MFA_SETUP) is not one — whoever knew the password could have enrolled it — and a new
 * password (NEW_PASSWORD_REQUIRED) is still a password.
 */
export type ProvenFactor = "SOFTWARE_TOKEN_MFA" | "SMS_MFA" | "EMAIL_OTP";

/**
 * RFC 8176 §2: `pwd` for the password; `otp` for a one-time password (RFC 6238 TOTP, or a code sent by e-mail);
 * `sms` for "confirmation using SMS text message to the user at a registered number"; and `mfa` whenever more
 * than one factor was used. Order: the password first, then the factors as used, then `mfa`.
 */
export function deriveAmr(factors: readonly ProvenFactor[]): string[] {
  const amr = ["pwd"];
  for (const f of factors) {
    const value = f === "SMS_MFA" ? "sms" : "otp";
    if (!amr.includes(value)) amr.push(value);
  }
  if (factors.length > 0) amr.push("mfa");
  return amr;
}
