// amr (RFC 8176) and acr derivation from the factors a sign-in used.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { acrOfAmr } from "./acr";
import { deriveAmr } from "./amr";

const ACR = { password: "urn:x:pwd", mfa: "urn:x:mfa" };

describe("deriveAmr", () => {
  it("a password alone (also a new password, also a TOTP enrolled during this sign-in) → pwd", () => {
    assert.deepEqual(deriveAmr([]), ["pwd"]);
  });
  it("password + authenticator app code → pwd otp mfa", () => {
    assert.deepEqual(deriveAmr(["SOFTWARE_TOKEN_MFA"]), ["pwd", "otp", "mfa"]);
  });
  it("password + e-mail code → pwd otp mfa (a one-time password delivered by e-mail)", () => {
    assert.deepEqual(deriveAmr(["EMAIL_OTP"]), ["pwd", "otp", "mfa"]);
  });
  it("password + SMS code → pwd sms mfa", () => {
    assert.deepEqual(deriveAmr(["SMS_MFA"]), ["pwd", "sms", "mfa"]);
  });
  it("values are never repeated", () => {
    assert.deepEqual(deriveAmr(["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]), ["pwd", "otp", "mfa"]);
  });
});

describe("acrOfAmr (lib/oauth/acr.ts) on what deriveAmr produces", () => {
  it("mfa in amr → the second-factor acr; otherwise (or no amr recorded) the password acr", () => {
    assert.equal(acrOfAmr(deriveAmr(["SOFTWARE_TOKEN_MFA"]), ACR), "urn:x:mfa");
    assert.equal(acrOfAmr(deriveAmr(["SMS_MFA"]), ACR), "urn:x:mfa");
    assert.equal(acrOfAmr(deriveAmr([]), ACR), "urn:x:pwd");
    assert.equal(acrOfAmr(undefined, ACR), "urn:x:pwd");
  });
});
