// Contract tests of MFA enrolment and MFA-code rules through the real AWS SDK v3: the MFA_SETUP challenge of a
// pool that requires MFA, AssociateSoftwareToken / VerifySoftwareToken with a session and with an access token,
// wrong MFA codes counting towards the lockout, and a spent TOTP code refused for the rest of its window.
// Each expectation cites the AWS page it comes from (see also mfa.ts and auth.ts).

import {
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AssociateSoftwareTokenCommand,
  CodeMismatchException,
  DescribeUserPoolCommand,
  EnableSoftwareTokenMFAException,
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  SoftwareTokenMFANotFoundException,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_COGNITO, demoUser, totpCode } from "./seed";
import { ALT, APP, confirmedUser, type Harness, localCodes, MFA_REQUIRED, rawCall, rejectsWith, respond, signIn, startHarness } from "./test-support";

const PASSWORD = DEMO_COGNITO.password;
const SECRET = DEMO_COGNITO.totpSecret;
const MFA_POOL = DEMO_COGNITO.mfaRequired.userPoolId;

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const associate = (input: { Session?: string; AccessToken?: string }) => h.client.send(new AssociateSoftwareTokenCommand(input));
const verify = (input: { Session?: string; AccessToken?: string; UserCode: string; FriendlyDeviceName?: string }) =>
  h.client.send(new VerifySoftwareTokenCommand(input));
/** A code of `secret` for the stand-in's clock, `steps` 30-second steps away. */
const code = (secret: string, steps = 0) => totpCode(secret, h.clock.now + steps * 30_000);
const wrongCode = (secret: string) => code(secret, 10);
/** Moves the clock to a fresh TOTP step, so the previous test's codes are not replays. */
const nextStep = () => h.clock.advance(30_000);

describe("the MFA-required pool", () => {
  it("is described as MfaConfiguration ON with its own password policy (10 characters)", async () => {
    const p = (await h.client.send(new DescribeUserPoolCommand({ UserPoolId: MFA_POOL }))).UserPool!;
    assert.equal(p.MfaConfiguration, "ON");
    assert.deepEqual(p.Policies!.PasswordPolicy, {
      MinimumLength: 10,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    });
  });

  it("enrols demo@ (no factor) through MFA_SETUP: AssociateSoftwareToken, VerifySoftwareToken, then the challenge answered", async () => {
    // API Reference, AdminInitiateAuth: "MFA_SETUP: If MFA is required, users who don't have at least one of the MFA
    // methods set up are presented with an MFA_SETUP challenge"; "The MFA types activated for the user pool will be
    // listed in the challenge parameters MFAS_CAN_SETUP value."
    const user = demoUser("demo@example.com", MFA_POOL);
    const first = await signIn(h, user.loginId, PASSWORD, MFA_REQUIRED);
    assert.equal(first.ChallengeName, "MFA_SETUP");
    assert.equal(first.AuthenticationResult, undefined);
    assert.deepEqual(JSON.parse(first.ChallengeParameters!.MFAS_CAN_SETUP!), ["SOFTWARE_TOKEN_MFA"]);
    assert.equal(first.ChallengeParameters!.USER_ID_FOR_SRP, user.sub);

    // Answering the challenge before enrolling is refused.
    await rejectsWith(respond(h, "MFA_SETUP", first.Session, user.loginId, {}, MFA_REQUIRED), NotAuthorizedException, "Invalid session for the user.");

    const assoc = await associate({ Session: first.Session });
    assert.match(assoc.SecretCode!, /^[A-Z2-7]{52}$/);
    assert.ok(assoc.Session && assoc.Session !== first.Session);
    // The challenge's own session was spent by AssociateSoftwareToken.
    await rejectsWith(associate({ Session: first.Session }), NotAuthorizedException, "Invalid session for the user, session can only be used once.");
    await rejectsWith(
      respond(h, "MFA_SETUP", assoc.Session, user.loginId, {}, MFA_REQUIRED),
      NotAuthorizedException,
      "Invalid session for the user.",
    );

    // A wrong code: EnableSoftwareTokenMFAException, and the session stays usable (Developer Guide, "TOTP software
    // token MFA": "your user can either try again or cancel").
    await rejectsWith(
      verify({ Session: assoc.Session, UserCode: wrongCode(assoc.SecretCode!) }),
      EnableSoftwareTokenMFAException,
      "Code mismatch and fail enable Software Token MFA",
    );
    const verified = await verify({ Session: assoc.Session, UserCode: code(assoc.SecretCode!), FriendlyDeviceName: "phone" });
    assert.equal(verified.Status, "SUCCESS");
    assert.ok(verified.Session);

    const done = await respond(h, "MFA_SETUP", verified.Session, user.loginId, {}, MFA_REQUIRED);
    assert.ok(done.AuthenticationResult?.IdToken);
    assert.equal(decodeJwt(done.AuthenticationResult.IdToken).iss, `https://cognito-idp.us-east-1.amazonaws.com/${MFA_POOL}`);
    await rejectsWith(respond(h, "MFA_SETUP", verified.Session, user.loginId, {}, MFA_REQUIRED), NotAuthorizedException, "Invalid session for the user, session can only be used once.");

    const got = await h.client.send(new AdminGetUserCommand({ UserPoolId: MFA_POOL, Username: user.loginId }));
    assert.deepEqual(got.UserMFASettingList, ["SOFTWARE_TOKEN_MFA"]);
    assert.equal(got.PreferredMfaSetting, "SOFTWARE_TOKEN_MFA");

    // From now on the user is asked for the code — and the enrolment code is spent (RFC 6238 §5.2).
    const again = await signIn(h, user.loginId, PASSWORD, MFA_REQUIRED);
    assert.equal(again.ChallengeName, "SOFTWARE_TOKEN_MFA");
    await rejectsWith(
      respond(h, "SOFTWARE_TOKEN_MFA", again.Session, user.loginId, { SOFTWARE_TOKEN_MFA_CODE: code(assoc.SecretCode!) }, MFA_REQUIRED),
      CodeMismatchException,
      "Invalid code received for user",
    );
    nextStep();
    const signedIn = await respond(h, "SOFTWARE_TOKEN_MFA", again.Session, user.loginId, { SOFTWARE_TOKEN_MFA_CODE: code(assoc.SecretCode!) }, MFA_REQUIRED);
    assert.ok(signedIn.AuthenticationResult?.AccessToken);
  });

  it("asks newpass@ for a new password and its name, then for MFA setup", async () => {
    const user = demoUser("newpass@example.com", MFA_POOL);
    const first = await signIn(h, user.loginId, DEMO_COGNITO.temporaryPassword, MFA_REQUIRED);
    assert.equal(first.ChallengeName, "NEW_PASSWORD_REQUIRED");
    assert.deepEqual(JSON.parse(first.ChallengeParameters!.requiredAttributes!), ["userAttributes.name"]);
    // 9 characters pass the default policy but not this pool's.
    await rejectsWith(
      respond(h, "NEW_PASSWORD_REQUIRED", first.Session, user.loginId, { NEW_PASSWORD: "Nine-Ch1!", "userAttributes.name": "New Person" }, MFA_REQUIRED),
      InvalidPasswordException,
      "Password does not conform to policy: Password not long enough",
    );
    const next = await respond(h, "NEW_PASSWORD_REQUIRED", first.Session, user.loginId, { NEW_PASSWORD: "Chosen-Pass12!", "userAttributes.name": "New Person" }, MFA_REQUIRED);
    assert.equal(next.ChallengeName, "MFA_SETUP");
    assert.equal(next.AuthenticationResult, undefined);
  });

  it("challenges mfa@ (enrolled) with SOFTWARE_TOKEN_MFA and lets second@ (no factor) set up", async () => {
    nextStep();
    const mfa = await signIn(h, "mfa@example.com", PASSWORD, MFA_REQUIRED);
    assert.equal(mfa.ChallengeName, "SOFTWARE_TOKEN_MFA");
    assert.ok((await respond(h, "SOFTWARE_TOKEN_MFA", mfa.Session, "mfa@example.com", { SOFTWARE_TOKEN_MFA_CODE: code(SECRET) }, MFA_REQUIRED)).AuthenticationResult);
    assert.equal((await signIn(h, "second@example.com", PASSWORD, MFA_REQUIRED)).ChallengeName, "MFA_SETUP");
  });

  it("refuses enrolment sessions that are made up, expired, or for a disabled user", async () => {
    await rejectsWith(associate({ Session: `AYABe${"x".repeat(100)}` }), NotAuthorizedException, "Invalid session for the user.");
    await rejectsWith(verify({ Session: `AYABe${"x".repeat(100)}`, UserCode: "123456" }), NotAuthorizedException, "Invalid session for the user.");

    const email = "setup-expiry@example.com";
    await confirmedUser(h, email, MFA_REQUIRED);
    const first = await signIn(h, email, PASSWORD, MFA_REQUIRED);
    const assoc = await associate({ Session: first.Session });
    h.clock.advance(3 * 60_000 + 1);
    await rejectsWith(verify({ Session: assoc.Session, UserCode: code(assoc.SecretCode!) }), NotAuthorizedException, "Invalid session for the user, session is expired.");

    const again = await signIn(h, email, PASSWORD, MFA_REQUIRED);
    await h.client.send(new AdminDisableUserCommand({ UserPoolId: MFA_POOL, Username: email }));
    await rejectsWith(associate({ Session: again.Session }), NotAuthorizedException, "User is disabled.");
  });

  it("wants exactly one of AccessToken and Session, and a 6-digit UserCode", async () => {
    await rejectsWith(associate({}), InvalidParameterException);
    await rejectsWith(associate({ Session: `AYABe${"x".repeat(100)}`, AccessToken: "a.b.c" }), InvalidParameterException);
    await rejectsWith(verify({ Session: `AYABe${"x".repeat(100)}`, UserCode: "12345" }), InvalidParameterException, /userCode/);
  });
});

describe("AssociateSoftwareToken and VerifySoftwareToken with an access token", () => {
  it("replaces a signed-in user's software token: the old one stops working at once, the new one after verification", async () => {
    // Developer Guide, "TOTP software token MFA": "Calling AssociateSoftwareToken immediately disassociates the
    // existing software token from the user account."
    nextStep();
    const first = await signIn(h, "mfa@example.com", PASSWORD);
    const tokens = (await respond(h, "SOFTWARE_TOKEN_MFA", first.Session, "mfa@example.com", { SOFTWARE_TOKEN_MFA_CODE: code(SECRET) })).AuthenticationResult!;
    const assoc = await associate({ AccessToken: tokens.AccessToken });
    assert.match(assoc.SecretCode!, /^[A-Z2-7]{52}$/);
    assert.equal(assoc.Session, undefined);

    // Not verified yet: "their account is essentially set up to authenticate without MFA".
    assert.ok((await signIn(h, "mfa@example.com", PASSWORD)).AuthenticationResult);

    await rejectsWith(verify({ AccessToken: tokens.AccessToken, UserCode: wrongCode(assoc.SecretCode!) }), EnableSoftwareTokenMFAException);
    const verified = await verify({ AccessToken: tokens.AccessToken, UserCode: code(assoc.SecretCode!) });
    assert.equal(verified.Status, "SUCCESS");
    assert.equal(verified.Session, undefined);

    nextStep();
    const again = await signIn(h, "mfa@example.com", PASSWORD);
    assert.equal(again.ChallengeName, "SOFTWARE_TOKEN_MFA");
    await rejectsWith(respond(h, "SOFTWARE_TOKEN_MFA", again.Session, "mfa@example.com", { SOFTWARE_TOKEN_MFA_CODE: code(SECRET) }), CodeMismatchException);
    assert.ok((await respond(h, "SOFTWARE_TOKEN_MFA", again.Session, "mfa@example.com", { SOFTWARE_TOKEN_MFA_CODE: code(assoc.SecretCode!) })).AuthenticationResult);
  });

  it("refuses ID tokens, tampered, expired and revoked access tokens, and pools without TOTP", async () => {
    const email = "access-token@example.com";
    await confirmedUser(h, email, APP);
    const tokens = (await signIn(h, email, PASSWORD)).AuthenticationResult!;
    await rejectsWith(associate({ AccessToken: tokens.IdToken }), NotAuthorizedException, "Invalid Access Token");
    const [head, body] = tokens.AccessToken!.split(".");
    await rejectsWith(associate({ AccessToken: `${head}.${body}.${"A".repeat(342)}` }), NotAuthorizedException, "Invalid Access Token");
    await rejectsWith(verify({ AccessToken: tokens.AccessToken, UserCode: "123456" }), SoftwareTokenMFANotFoundException);

    // Developer Guide, "TOTP software token MFA": "Software Token MFA has not been enabled by the userPool."
    const alt = (await signIn(h, "alice", PASSWORD, ALT)).AuthenticationResult!;
    await rejectsWith(associate({ AccessToken: alt.AccessToken }), SoftwareTokenMFANotFoundException, "Software Token MFA has not been enabled by the userPool.");

    h.clock.advance(60 * 60_000 + 1_000);
    await rejectsWith(associate({ AccessToken: tokens.AccessToken }), NotAuthorizedException, "Access Token has expired");
    const fresh = (await signIn(h, email, PASSWORD)).AuthenticationResult!;
    await h.client.send(new AdminDisableUserCommand({ UserPoolId: APP.userPoolId, Username: email }));
    await rejectsWith(associate({ AccessToken: fresh.AccessToken }), NotAuthorizedException, "Access Token has been revoked");
  });

  it("are public operations: the SDK sends them unsigned and the stand-in accepts that", async () => {
    const r = await rawCall(h.standIn.url, "AWSCognitoIdentityProviderService.AssociateSoftwareToken", JSON.stringify({ Session: `AYABe${"x".repeat(100)}` }), {});
    assert.equal(r.json.__type, "NotAuthorizedException");
  });
});

describe("wrong MFA codes count towards the lockout", () => {
  // Developer Guide, "Adding MFA to a user pool": "After five unsuccessful attempts to present an MFA code, Amazon
  // Cognito begins the exponential-timeout lockout process described at Lockout behavior for failed sign-in attempts."
  it("locks a TOTP user after five wrong codes, refuses even the right code and the password while locked", async () => {
    nextStep();
    const email = "totp-lockout@example.com";
    await confirmedUser(h, email, MFA_REQUIRED);
    const setup = await signIn(h, email, PASSWORD, MFA_REQUIRED);
    const assoc = await associate({ Session: setup.Session });
    const verified = await verify({ Session: assoc.Session, UserCode: code(assoc.SecretCode!) });
    await respond(h, "MFA_SETUP", verified.Session, email, {}, MFA_REQUIRED);
    nextStep();

    const first = await signIn(h, email, PASSWORD, MFA_REQUIRED);
    for (let i = 0; i < 5; i++)
      await rejectsWith(
        respond(h, "SOFTWARE_TOKEN_MFA", first.Session, email, { SOFTWARE_TOKEN_MFA_CODE: wrongCode(assoc.SecretCode!) }, MFA_REQUIRED),
        CodeMismatchException,
        "Invalid code received for user",
      );
    await rejectsWith(
      respond(h, "SOFTWARE_TOKEN_MFA", first.Session, email, { SOFTWARE_TOKEN_MFA_CODE: code(assoc.SecretCode!) }, MFA_REQUIRED),
      NotAuthorizedException,
      "Password attempts exceeded",
    );
    await rejectsWith(signIn(h, email, PASSWORD, MFA_REQUIRED), NotAuthorizedException, "Password attempts exceeded");
    h.clock.advance(1_001);
    // After the lockout the same session (still within its 3 minutes) takes the right code; success resets the count.
    assert.ok((await respond(h, "SOFTWARE_TOKEN_MFA", first.Session, email, { SOFTWARE_TOKEN_MFA_CODE: code(assoc.SecretCode!) }, MFA_REQUIRED)).AuthenticationResult);
    nextStep();
    const again = await signIn(h, email, PASSWORD, MFA_REQUIRED);
    for (let i = 0; i < 4; i++)
      await rejectsWith(respond(h, "SOFTWARE_TOKEN_MFA", again.Session, email, { SOFTWARE_TOKEN_MFA_CODE: wrongCode(assoc.SecretCode!) }, MFA_REQUIRED), CodeMismatchException);
    assert.ok((await respond(h, "SOFTWARE_TOKEN_MFA", again.Session, email, { SOFTWARE_TOKEN_MFA_CODE: code(assoc.SecretCode!) }, MFA_REQUIRED)).AuthenticationResult);
  });

  it("shares one count with wrong passwords, and a correct password before the code does not reset it", async () => {
    const sms = "sms@example.com";
    for (let i = 0; i < 3; i++) await rejectsWith(signIn(h, sms, "Wrong-Pass1!"), NotAuthorizedException, "Incorrect username or password.");
    const first = await signIn(h, sms, PASSWORD);
    assert.equal(first.ChallengeName, "SMS_MFA");
    const sent = (await localCodes(h.standIn.url, sms)).codes.SMS!;
    const wrong = sent === "000000" ? "111111" : "000000";
    await rejectsWith(respond(h, "SMS_MFA", first.Session, sms, { SMS_MFA_CODE: wrong }), CodeMismatchException);
    await rejectsWith(respond(h, "SMS_MFA", first.Session, sms, { SMS_MFA_CODE: wrong }), CodeMismatchException);
    // Five failures in all: locked.
    await rejectsWith(respond(h, "SMS_MFA", first.Session, sms, { SMS_MFA_CODE: sent }), NotAuthorizedException, "Password attempts exceeded");
    h.clock.advance(1_001);
    assert.ok((await respond(h, "SMS_MFA", first.Session, sms, { SMS_MFA_CODE: sent })).AuthenticationResult);
  });
});

describe("a spent TOTP code (RFC 6238 §5.2)", () => {
  it("is refused for the rest of its window, as is the previous step's code; the next step's code works", async () => {
    nextStep();
    const mfa = demoUser("mfa@example.com");
    const select = "select@example.com";
    const once = await signIn(h, select, PASSWORD);
    const chosen = await respond(h, "SELECT_MFA_TYPE", once.Session, select, { ANSWER: "SOFTWARE_TOKEN_MFA" });
    assert.ok((await respond(h, "SOFTWARE_TOKEN_MFA", chosen.Session, select, { SOFTWARE_TOKEN_MFA_CODE: code(SECRET) })).AuthenticationResult);
    const twice = await signIn(h, select, PASSWORD);
    const chosenAgain = await respond(h, "SELECT_MFA_TYPE", twice.Session, select, { ANSWER: "SOFTWARE_TOKEN_MFA" });
    await rejectsWith(respond(h, "SOFTWARE_TOKEN_MFA", chosenAgain.Session, select, { SOFTWARE_TOKEN_MFA_CODE: code(SECRET) }), CodeMismatchException);
    await rejectsWith(respond(h, "SOFTWARE_TOKEN_MFA", chosenAgain.Session, select, { SOFTWARE_TOKEN_MFA_CODE: code(SECRET, -1) }), CodeMismatchException);
    // The next step's code is within the ±1 window and not yet spent.
    assert.ok((await respond(h, "SOFTWARE_TOKEN_MFA", chosenAgain.Session, select, { SOFTWARE_TOKEN_MFA_CODE: code(SECRET, 1) })).AuthenticationResult);
    // Another user with the same secret (the demo data shares it) has a count of their own.
    const other = await signIn(h, mfa.loginId, PASSWORD);
    assert.equal(other.ChallengeName, "SOFTWARE_TOKEN_MFA");
  });
});
