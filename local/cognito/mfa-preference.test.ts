// Contract tests of the user's MFA preference through the real AWS SDK v3: AdminSetUserMFAPreference (IAM-signed)
// and SetUserMFAPreference (the user's access token), what AdminGetUser then reports (UserMFASettingList,
// PreferredMfaSetting) and which challenge the next AdminInitiateAuth returns. Each expectation cites its source;
// the wordings AWS does not document are listed in README.md, "Fidelity".

import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  type AdminGetUserCommandOutput,
  AdminSetUserMFAPreferenceCommand,
  type AdminSetUserMFAPreferenceCommandInput,
  AssociateSoftwareTokenCommand,
  InvalidParameterException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  ResourceNotFoundException,
  SetUserMFAPreferenceCommand,
  type SetUserMFAPreferenceCommandInput,
  UserNotConfirmedException,
  UserNotFoundException,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_COGNITO, totpCode } from "./seed";
import { ALT, APP, confirmedUser, type Harness, MFA_REQUIRED, rawCall, rejectsWith, respond, signIn, startHarness } from "./test-support";

const POOL = DEMO_COGNITO.userPoolId;
const PASSWORD = DEMO_COGNITO.password;
const ON = { Enabled: true, PreferredMfa: false };
const PREFERRED = { Enabled: true, PreferredMfa: true };
const OFF = { Enabled: false, PreferredMfa: false };

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

type Settings = Omit<AdminSetUserMFAPreferenceCommandInput, "UserPoolId" | "Username">;
const adminSet = (Username: string, settings: Settings, UserPoolId: string = POOL) =>
  h.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId, Username, ...settings }));
const selfSet = (input: SetUserMFAPreferenceCommandInput) => h.client.send(new SetUserMFAPreferenceCommand(input));
const getUser = (Username: string, UserPoolId: string = POOL) => h.client.send(new AdminGetUserCommand({ UserPoolId, Username }));
const mfaOf = (u: AdminGetUserCommandOutput) => ({ list: u.UserMFASettingList, preferred: u.PreferredMfaSetting });
/** Moves the clock to a fresh TOTP step (a code is accepted once per step). */
const nextStep = () => h.clock.advance(30_000);

/** The user's access token (the user must have no factor on, so that sign-in gives tokens). */
async function accessToken(email: string): Promise<string> {
  return (await signIn(h, email, PASSWORD)).AuthenticationResult!.AccessToken!;
}

/** Associates and verifies a software token with the access token; returns its secret. */
async function enrolTotp(token: string): Promise<string> {
  const secret = (await h.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).SecretCode!;
  await h.client.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: totpCode(secret, h.clock.now) }));
  return secret;
}

describe("AdminSetUserMFAPreference", () => {
  // API Reference: "Only one factor can be set as preferred. The preferred MFA factor will be used to authenticate a
  // user if multiple factors are activated. If multiple options are activated and no preference is set, a challenge
  // to choose an MFA option will be returned during sign-in." The response is empty.
  it("turns factors on and makes one preferred: AdminGetUser reports it (also after a restart) and sign-in asks for it", async () => {
    const email = "pref-both@example.com";
    await confirmedUser(h, email, APP, { phone_number: "+15555550180" });
    const secret = await enrolTotp(await accessToken(email));
    const was = await getUser(email);
    h.clock.advance(5_000);

    const out = await adminSet(email, { SMSMfaSettings: ON, SoftwareTokenMfaSettings: PREFERRED });
    assert.deepEqual(Object.keys(out).filter((k) => k !== "$metadata"), []);
    const now = await getUser(email);
    assert.deepEqual(mfaOf(now), { list: ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], preferred: "SOFTWARE_TOKEN_MFA" });
    assert.deepEqual(now.MFAOptions, [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }]);
    assert.ok(now.UserLastModifiedDate!.getTime() > was.UserLastModifiedDate!.getTime());

    await h.restart();
    assert.deepEqual(mfaOf(await getUser(email)), { list: ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], preferred: "SOFTWARE_TOKEN_MFA" });
    nextStep();
    const challenge = await signIn(h, email, PASSWORD);
    assert.equal(challenge.ChallengeName, "SOFTWARE_TOKEN_MFA");
    const answered = await respond(h, "SOFTWARE_TOKEN_MFA", challenge.Session, email, { SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, h.clock.now) });
    assert.ok(answered.AuthenticationResult?.AccessToken);
  });

  it("with several factors on and none preferred, sign-in asks SELECT_MFA_TYPE", async () => {
    const email = "pref-select@example.com";
    await confirmedUser(h, email, APP, { phone_number: "+15555550181" });
    await enrolTotp(await accessToken(email));
    await adminSet(email, { SMSMfaSettings: ON, SoftwareTokenMfaSettings: ON });
    assert.deepEqual(mfaOf(await getUser(email)), { list: ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], preferred: undefined });
    const challenge = await signIn(h, email, PASSWORD);
    assert.equal(challenge.ChallengeName, "SELECT_MFA_TYPE");
    assert.equal(challenge.ChallengeParameters!.MFAS_CAN_CHOOSE, JSON.stringify(["SMS_MFA", "SOFTWARE_TOKEN_MFA"]));
  });

  it("keeps one preferred factor: preferring another replaces it; an absent settings object leaves its factor alone", async () => {
    // The seeded select@ has SMS and TOTP on, none preferred.
    const select = "select@example.com";
    await adminSet(select, { SMSMfaSettings: PREFERRED });
    assert.deepEqual(mfaOf(await getUser(select)), { list: ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], preferred: "SMS_MFA" });
    assert.equal((await signIn(h, select, PASSWORD)).ChallengeName, "SMS_MFA");

    await adminSet(select, { SoftwareTokenMfaSettings: PREFERRED });
    assert.deepEqual(mfaOf(await getUser(select)), { list: ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], preferred: "SOFTWARE_TOKEN_MFA" });
    assert.equal((await signIn(h, select, PASSWORD)).ChallengeName, "SOFTWARE_TOKEN_MFA");

    // Nothing to change: the request is accepted and the state stays.
    await adminSet(select, {});
    assert.deepEqual(mfaOf(await getUser(select)), { list: ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], preferred: "SOFTWARE_TOKEN_MFA" });
  });

  it("Enabled false turns a factor off and clears its preference; with none left, sign-in gives tokens", async () => {
    const email = "pref-off@example.com";
    await confirmedUser(h, email, APP, { phone_number: "+15555550182" });
    await enrolTotp(await accessToken(email));
    await adminSet(email, { SMSMfaSettings: ON, SoftwareTokenMfaSettings: PREFERRED });

    await adminSet(email, { SoftwareTokenMfaSettings: OFF });
    const u = await getUser(email);
    assert.deepEqual(mfaOf(u), { list: ["SMS_MFA"], preferred: undefined });
    // One factor on, none preferred: that factor's challenge.
    assert.equal((await signIn(h, email, PASSWORD)).ChallengeName, "SMS_MFA");

    await adminSet(email, { SMSMfaSettings: OFF });
    const none = await getUser(email);
    assert.deepEqual(mfaOf(none), { list: undefined, preferred: undefined });
    assert.equal(none.MFAOptions, undefined);
    assert.ok((await signIn(h, email, PASSWORD)).AuthenticationResult);
  });

  it("PreferredMfa false on the preferred factor clears the preference but keeps the factor on", async () => {
    const email = "pref-unprefer@example.com";
    await confirmedUser(h, email, APP, { phone_number: "+15555550183" });
    await adminSet(email, { SMSMfaSettings: PREFERRED });
    assert.deepEqual(mfaOf(await getUser(email)), { list: ["SMS_MFA"], preferred: "SMS_MFA" });
    await adminSet(email, { SMSMfaSettings: ON });
    assert.deepEqual(mfaOf(await getUser(email)), { list: ["SMS_MFA"], preferred: undefined });
  });

  it("refuses TOTP until the user has a verified software token", async () => {
    // API Reference, SetUserMFAPreference: "Users must register a TOTP authenticator before they set this as their
    // preferred MFA method." The messages are observed ones (amplify-js#944, #1812; Amplify's own constants).
    const email = "pref-totp@example.com";
    await confirmedUser(h, email);
    const token = await accessToken(email);
    await rejectsWith(adminSet(email, { SoftwareTokenMfaSettings: PREFERRED }), InvalidParameterException, "User has not set up software token mfa");
    const secret = (await h.client.send(new AssociateSoftwareTokenCommand({ AccessToken: token }))).SecretCode!;
    await rejectsWith(adminSet(email, { SoftwareTokenMfaSettings: ON }), InvalidParameterException, "User has not verified software token mfa");
    // A refused request changes nothing.
    assert.deepEqual(mfaOf(await getUser(email)), { list: undefined, preferred: undefined });
    // Turning it off needs no token.
    await adminSet(email, { SoftwareTokenMfaSettings: OFF });

    await h.client.send(new VerifySoftwareTokenCommand({ AccessToken: token, UserCode: totpCode(secret, h.clock.now) }));
    await adminSet(email, { SoftwareTokenMfaSettings: PREFERRED });
    assert.deepEqual(mfaOf(await getUser(email)), { list: ["SOFTWARE_TOKEN_MFA"], preferred: "SOFTWARE_TOKEN_MFA" });
    nextStep();
    assert.equal((await signIn(h, email, PASSWORD)).ChallengeName, "SOFTWARE_TOKEN_MFA");
  });

  it("refuses SMS for a user without a phone number, and leaves the other factors of that request untouched", async () => {
    const email = "pref-nophone@example.com";
    await confirmedUser(h, email);
    await enrolTotp(await accessToken(email));
    // Observed wording (amplify-js#618, #5766).
    await rejectsWith(
      adminSet(email, { SMSMfaSettings: ON, SoftwareTokenMfaSettings: PREFERRED }),
      InvalidParameterException,
      "User does not have a phone_number set to turn on SMS MFA",
    );
    assert.deepEqual(mfaOf(await getUser(email)), { list: undefined, preferred: undefined });
    // Turning SMS off needs no phone number.
    await adminSet(email, { SMSMfaSettings: OFF, SoftwareTokenMfaSettings: PREFERRED });
    assert.deepEqual(mfaOf(await getUser(email)), { list: ["SOFTWARE_TOKEN_MFA"], preferred: "SOFTWARE_TOKEN_MFA" });
  });

  it("turns e-mail MFA on in the demo pool (Essentials tier, EMAIL_OTP offered): sign-in then sends an EMAIL_OTP code", async () => {
    const email = "pref-email@example.com";
    await confirmedUser(h, email);
    await adminSet(email, { EmailMfaSettings: PREFERRED });
    assert.deepEqual(mfaOf(await getUser(email)), { list: ["EMAIL_OTP"], preferred: "EMAIL_OTP" });
    const challenge = await signIn(h, email, PASSWORD);
    assert.equal(challenge.ChallengeName, "EMAIL_OTP");
    assert.equal(challenge.ChallengeParameters!.CODE_DELIVERY_DELIVERY_MEDIUM, "EMAIL");
  });

  it("refuses a factor the pool does not offer: e-mail or SMS in the TOTP-only pool, anything in a pool without MFA", async () => {
    const mfa = "mfa@example.com";
    await rejectsWith(adminSet(mfa, { EmailMfaSettings: ON }, MFA_REQUIRED.userPoolId), InvalidParameterException, "EMAIL_OTP is not enabled for the user pool.");
    await rejectsWith(adminSet(mfa, { SMSMfaSettings: ON }, MFA_REQUIRED.userPoolId), InvalidParameterException, "SMS_MFA is not enabled for the user pool.");
    await rejectsWith(adminSet("alice", { SoftwareTokenMfaSettings: ON }, ALT.userPoolId), InvalidParameterException, "SOFTWARE_TOKEN_MFA is not enabled for the user pool.");
    // Passkey MFA needs a WebAuthnConfiguration (API Reference, WebAuthnMfaSettings), which no pool here has.
    await rejectsWith(adminSet("demo@example.com", { WebAuthnMfaSettings: { Enabled: true } }), InvalidParameterException);
    await adminSet("demo@example.com", { WebAuthnMfaSettings: { Enabled: false } });
  });

  it("in a pool that requires MFA, turning the factor off does not let the user sign in without it", async () => {
    // API Reference, SoftwareTokenMfaSettingsType: "You can't turn off TOTP MFA for any of your users when MFA is
    // required in your user pool; you can only set the type that your user prefers."
    await adminSet("mfa@example.com", { SoftwareTokenMfaSettings: OFF }, MFA_REQUIRED.userPoolId);
    assert.equal((await signIn(h, "mfa@example.com", PASSWORD, MFA_REQUIRED)).ChallengeName, "SOFTWARE_TOKEN_MFA");
  });

  it("refuses two preferred factors, and a preferred factor that is not turned on", async () => {
    await rejectsWith(adminSet("select@example.com", { SMSMfaSettings: PREFERRED, SoftwareTokenMfaSettings: PREFERRED }), InvalidParameterException);
    await rejectsWith(adminSet("select@example.com", { SMSMfaSettings: { Enabled: false, PreferredMfa: true } }), InvalidParameterException);
  });

  it("answers unknown users and pools, unconfirmed users and users who must reset their password", async () => {
    await rejectsWith(adminSet("nobody@example.com", { SMSMfaSettings: ON }), UserNotFoundException, "User does not exist.");
    await rejectsWith(adminSet("demo@example.com", { SMSMfaSettings: ON }, "us-east-1_Nope"), ResourceNotFoundException, "User pool us-east-1_Nope does not exist.");
    // Both are in the operation's error list (API Reference).
    await rejectsWith(adminSet("unconfirmed@example.com", { EmailMfaSettings: ON }), UserNotConfirmedException, "User is not confirmed.");
    await rejectsWith(adminSet("reset@example.com", { EmailMfaSettings: ON }), PasswordResetRequiredException, "Password reset required for the user");
    // No refusal is documented for a disabled user (README, Fidelity).
    await adminSet("disabled@example.com", { EmailMfaSettings: ON });
    assert.deepEqual(mfaOf(await getUser("disabled@example.com")), { list: ["EMAIL_OTP"], preferred: undefined });
  });

  it("validates members as Coral does: missing ones in its words, wrongly typed ones as SerializationException", async () => {
    const call = (body: unknown) => rawCall(h.standIn.url, "AWSCognitoIdentityProviderService.AdminSetUserMFAPreference", JSON.stringify(body));
    const missing = await call({ SMSMfaSettings: ON });
    assert.equal(missing.json.__type, "InvalidParameterException");
    assert.equal(
      missing.json.message,
      "2 validation errors detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'username' failed to satisfy constraint: Member must not be null",
    );
    const typed = await call({ UserPoolId: POOL, Username: "demo@example.com", SMSMfaSettings: { Enabled: "true" } });
    assert.equal(typed.json.__type, "com.amazon.coral.service#SerializationException");
    assert.equal(typed.json.message, "Unexpected string value for member 'Enabled'");
    const list = await call({ UserPoolId: POOL, Username: "demo@example.com", SoftwareTokenMfaSettings: [true] });
    assert.equal(list.json.__type, "com.amazon.coral.service#SerializationException");
  });

  it("is IAM-authorised: an unsigned request is refused before the operation runs", async () => {
    const r = await rawCall(
      h.standIn.url,
      "AWSCognitoIdentityProviderService.AdminSetUserMFAPreference",
      JSON.stringify({ UserPoolId: POOL, Username: "demo@example.com" }),
      {},
    );
    assert.equal(r.json.__type, "com.amazon.coral.service#MissingAuthenticationTokenException");
  });
});

describe("SetUserMFAPreference", () => {
  it("sets the signed-in user's own preference with their access token; the next sign-in follows it", async () => {
    const email = "self-pref@example.com";
    await confirmedUser(h, email, APP, { phone_number: "+15555550184" });
    const token = await accessToken(email);
    await enrolTotp(token);
    const out = await selfSet({ AccessToken: token, SMSMfaSettings: ON, SoftwareTokenMfaSettings: PREFERRED });
    assert.deepEqual(Object.keys(out).filter((k) => k !== "$metadata"), []);
    assert.deepEqual(mfaOf(await getUser(email)), { list: ["SMS_MFA", "SOFTWARE_TOKEN_MFA"], preferred: "SOFTWARE_TOKEN_MFA" });
    nextStep();
    assert.equal((await signIn(h, email, PASSWORD)).ChallengeName, "SOFTWARE_TOKEN_MFA");

    // The same token, still valid: no preference, two factors.
    await selfSet({ AccessToken: token, SoftwareTokenMfaSettings: ON });
    assert.equal((await signIn(h, email, PASSWORD)).ChallengeName, "SELECT_MFA_TYPE");
  });

  it("applies the same rules as the admin operation", async () => {
    const email = "self-rules@example.com";
    await confirmedUser(h, email);
    const token = await accessToken(email);
    await rejectsWith(selfSet({ AccessToken: token, SoftwareTokenMfaSettings: PREFERRED }), InvalidParameterException, "User has not set up software token mfa");
    await rejectsWith(selfSet({ AccessToken: token, SMSMfaSettings: ON }), InvalidParameterException, "User does not have a phone_number set to turn on SMS MFA");
    await selfSet({ AccessToken: token, EmailMfaSettings: PREFERRED });
    assert.deepEqual(mfaOf(await getUser(email)), { list: ["EMAIL_OTP"], preferred: "EMAIL_OTP" });
  });

  it("refuses ID tokens, tampered, expired and revoked access tokens with NotAuthorizedException", async () => {
    const email = "self-tokens@example.com";
    await confirmedUser(h, email);
    const tokens = (await signIn(h, email, PASSWORD)).AuthenticationResult!;
    await rejectsWith(selfSet({ AccessToken: tokens.IdToken, EmailMfaSettings: ON }), NotAuthorizedException, "Invalid Access Token");
    const [head, body] = tokens.AccessToken!.split(".");
    await rejectsWith(selfSet({ AccessToken: `${head}.${body}.${"A".repeat(342)}`, EmailMfaSettings: ON }), NotAuthorizedException, "Invalid Access Token");
    h.clock.advance(60 * 60_000 + 1_000);
    await rejectsWith(selfSet({ AccessToken: tokens.AccessToken, EmailMfaSettings: ON }), NotAuthorizedException, "Access Token has expired");
    const fresh = (await signIn(h, email, PASSWORD)).AuthenticationResult!;
    await h.client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: email }));
    await rejectsWith(selfSet({ AccessToken: fresh.AccessToken, EmailMfaSettings: ON }), NotAuthorizedException, "Access Token has been revoked");
    assert.deepEqual(mfaOf(await getUser(email)), { list: undefined, preferred: undefined });
  });

  it("wants an AccessToken, and is a public operation: the SDK sends it unsigned and the stand-in accepts that", async () => {
    const call = (body: unknown) => rawCall(h.standIn.url, "AWSCognitoIdentityProviderService.SetUserMFAPreference", JSON.stringify(body), {});
    const missing = await call({ SMSMfaSettings: ON });
    assert.equal(missing.json.__type, "InvalidParameterException");
    assert.equal(missing.json.message, "1 validation error detected: Value null at 'accessToken' failed to satisfy constraint: Member must not be null");
    // Unsigned, it reaches the operation, which refuses the token (not the missing signature).
    const unsigned = await call({ AccessToken: "not-a-token", SMSMfaSettings: ON });
    assert.equal(unsigned.json.__type, "NotAuthorizedException");
  });
});
