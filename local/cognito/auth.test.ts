// Contract tests of the sign-in operations (AdminInitiateAuth, AdminRespondToAuthChallenge) of the local
// Cognito stand-in, driven over HTTP through the real AWS SDK v3 client. Each expectation is real
// Cognito's behaviour (reference/cognito.md section 3), not whatever some client happens to do.

import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserPasswordCommand,
  CodeMismatchException,
  InvalidParameterException,
  InvalidPasswordException,
  NotAuthorizedException,
  PasswordResetRequiredException,
  ResourceNotFoundException,
  UnsupportedOperationException,
  UserNotConfirmedException,
  UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_COGNITO, demoUser, secretHash, totpCode } from "./seed";
import {
  ALT,
  APP,
  type ClientUnderTest,
  type Harness,
  hashFor,
  localCodes,
  PUBLIC_LEGACY,
  rejectsWith,
  respond,
  signIn,
  SRP_ONLY,
  startHarness,
} from "./test-support";

const PASSWORD = DEMO_COGNITO.password;
const POOL = DEMO_COGNITO.userPoolId;
const DEMO = demoUser("demo@example.com");
const MFA = demoUser("mfa@example.com");
const SECRET = DEMO_COGNITO.totpSecret;

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** Creates a confirmed user of the app pool with `password` (for tests that change a user's state). */
async function confirmedUser(email: string, password = PASSWORD, target: Harness = h): Promise<string> {
  const out = await target.client.send(
    new AdminCreateUserCommand({ UserPoolId: POOL, Username: email, MessageAction: "SUPPRESS", TemporaryPassword: "Temp-Pass9!" }),
  );
  await target.client.send(new AdminSetUserPasswordCommand({ UserPoolId: POOL, Username: email, Password: password, Permanent: true }));
  return out.User!.Username!;
}

describe("ADMIN_USER_PASSWORD_AUTH and SECRET_HASH", () => {
  it("signs a confirmed user in with the right SECRET_HASH and returns Cognito's AuthenticationResult", async () => {
    const out = await signIn(h, DEMO.loginId, PASSWORD);
    assert.equal(out.ChallengeName, undefined);
    assert.deepEqual(out.ChallengeParameters, {});
    const r = out.AuthenticationResult!;
    assert.equal(r.ExpiresIn, 3600);
    assert.equal(r.TokenType, "Bearer");
    assert.equal(r.AccessToken!.split(".").length, 3);
    assert.equal(r.IdToken!.split(".").length, 3);
    // Opaque (JWE-shaped, like Cognito's), never a readable JWT.
    assert.equal(r.RefreshToken!.split(".").length, 5);
    assert.ok(r.RefreshToken!.length > 1000);
  });

  it("accepts ADMIN_NO_SRP_AUTH as the legacy name of the same flow", async () => {
    const out = await signIn(h, DEMO.loginId, PASSWORD, APP, {}, "ADMIN_NO_SRP_AUTH");
    assert.ok(out.AuthenticationResult?.IdToken);
  });

  it("refuses a missing SECRET_HASH on a client with a secret", async () => {
    await rejectsWith(
      h.client.send(
        new AdminInitiateAuthCommand({
          UserPoolId: POOL,
          ClientId: APP.clientId,
          AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: DEMO.loginId, PASSWORD },
        }),
      ),
      NotAuthorizedException,
      `Client ${APP.clientId} is configured for secret but secret was not received`,
    );
  });

  it("refuses a wrong SECRET_HASH, and one computed over another spelling of the username", async () => {
    await rejectsWith(
      signIn(h, DEMO.loginId, PASSWORD, APP, { SECRET_HASH: secretHash(DEMO.loginId, APP.clientId, "not-the-secret") }),
      NotAuthorizedException,
      `Unable to verify secret hash for client ${APP.clientId}`,
    );
    // The hash covers the exact USERNAME string of the request.
    await rejectsWith(
      signIn(h, DEMO.loginId, PASSWORD, APP, { SECRET_HASH: secretHash(DEMO.sub) }),
      NotAuthorizedException,
      `Unable to verify secret hash for client ${APP.clientId}`,
    );
  });

  it("needs no SECRET_HASH on a client without a secret", async () => {
    const out = await signIn(h, DEMO.loginId, PASSWORD, PUBLIC_LEGACY);
    assert.ok(out.AuthenticationResult?.AccessToken);
  });

  it("enforces the client's ExplicitAuthFlows", async () => {
    await rejectsWith(signIn(h, DEMO.loginId, PASSWORD, SRP_ONLY), InvalidParameterException, "Auth flow not enabled for this client");
    await rejectsWith(
      h.client.send(
        new AdminInitiateAuthCommand({ UserPoolId: POOL, ClientId: APP.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: DEMO.loginId, PASSWORD } }),
      ),
      InvalidParameterException,
      "Initiate Auth method not supported.",
    );
    // Enabled for the client but not something this stand-in implements: said plainly.
    await rejectsWith(
      h.client.send(
        new AdminInitiateAuthCommand({ UserPoolId: POOL, ClientId: SRP_ONLY.clientId, AuthFlow: "USER_SRP_AUTH", AuthParameters: { USERNAME: DEMO.loginId, SRP_A: "1" } }),
      ),
      UnsupportedOperationException,
    );
  });

  it("asks for missing AuthParameters with InvalidParameterException", async () => {
    await rejectsWith(
      h.client.send(new AdminInitiateAuthCommand({ UserPoolId: POOL, ClientId: APP.clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { USERNAME: DEMO.loginId, ...hashFor(APP, DEMO.loginId) } })),
      InvalidParameterException,
      "Missing required parameter PASSWORD",
    );
    await rejectsWith(
      h.client.send(new AdminInitiateAuthCommand({ UserPoolId: POOL, ClientId: APP.clientId, AuthFlow: "ADMIN_USER_PASSWORD_AUTH", AuthParameters: { PASSWORD } })),
      InvalidParameterException,
      "Missing required parameter USERNAME",
    );
  });

  it("answers an unknown pool, an unknown client and another pool's client with ResourceNotFoundException", async () => {
    await rejectsWith(signIn(h, DEMO.loginId, PASSWORD, { ...APP, userPoolId: "us-east-1_Nope" }), ResourceNotFoundException, "User pool us-east-1_Nope does not exist.");
    await rejectsWith(signIn(h, DEMO.loginId, PASSWORD, { ...APP, clientId: "nosuchclient" }), ResourceNotFoundException, "User pool client nosuchclient does not exist.");
    await rejectsWith(signIn(h, DEMO.loginId, PASSWORD, { ...ALT, userPoolId: POOL }), ResourceNotFoundException, `User pool client ${ALT.clientId} does not exist.`);
  });
});

describe("refusals: wrong password, unknown user, account states", () => {
  it("gives a wrong password and an unknown user the same answer when PreventUserExistenceErrors is ENABLED", async () => {
    const wrong = await rejectsWith(signIn(h, DEMO.loginId, "Wrong-Pass1!"), NotAuthorizedException, "Incorrect username or password.");
    const unknown = await rejectsWith(signIn(h, "nobody@example.com", PASSWORD), NotAuthorizedException, "Incorrect username or password.");
    assert.equal(wrong.name, unknown.name);
  });

  it("reveals an unknown user with UserNotFoundException when the client is LEGACY", async () => {
    await rejectsWith(signIn(h, "nobody@example.com", PASSWORD, PUBLIC_LEGACY), UserNotFoundException, "User does not exist.");
    await rejectsWith(signIn(h, DEMO.loginId, "Wrong-Pass1!", PUBLIC_LEGACY), NotAuthorizedException, "Incorrect username or password.");
  });

  it("tells a disabled user so only after the right password (a wrong one reads like any wrong password)", async () => {
    for (const c of [APP, PUBLIC_LEGACY]) {
      await rejectsWith(signIn(h, "disabled@example.com", PASSWORD, c), NotAuthorizedException, "User is disabled.");
      await rejectsWith(signIn(h, "disabled@example.com", "Wrong-Pass1!", c), NotAuthorizedException, "Incorrect username or password.");
    }
  });

  it("answers an unconfirmed user with UserNotConfirmedException only after a correct password", async () => {
    await rejectsWith(signIn(h, "unconfirmed@example.com", PASSWORD), UserNotConfirmedException, "User is not confirmed.");
    await rejectsWith(signIn(h, "unconfirmed@example.com", "Wrong-Pass1!"), NotAuthorizedException, "Incorrect username or password.");
  });

  it("answers a RESET_REQUIRED user without checking the password: generic with ENABLED, PasswordResetRequiredException with LEGACY", async () => {
    // Developer Guide, "Requiring imported users to reset their passwords": any password; NotAuthorizedException
    // when PreventUserExistenceErrors is enabled, otherwise PasswordResetRequiredException.
    for (const password of [PASSWORD, "Wrong-Pass1!"]) {
      await rejectsWith(signIn(h, "reset@example.com", password), NotAuthorizedException, "Incorrect username or password.");
      await rejectsWith(signIn(h, "reset@example.com", password, PUBLIC_LEGACY), PasswordResetRequiredException, "Password reset required for the user");
    }
  });
});

describe("login IDs", () => {
  it("finds users case-insensitively in the app pool (CaseSensitive false) and keeps the stored case", async () => {
    const typed = "DEMO@Example.COM";
    const out = await signIn(h, typed, PASSWORD);
    assert.ok(out.AuthenticationResult);
    const claims = decodeJwt(out.AuthenticationResult.IdToken!);
    assert.equal(claims.email, "demo@example.com");
    assert.equal(claims["cognito:username"], DEMO.sub);
  });

  it("accepts the real username (the sub) in an email-as-username pool", async () => {
    const out = await signIn(h, DEMO.sub, PASSWORD);
    assert.ok(out.AuthenticationResult);
  });

  it("is case-sensitive in a pool created with CaseSensitive true (the alt pool)", async () => {
    assert.ok((await signIn(h, "alice", PASSWORD, ALT)).AuthenticationResult);
    await rejectsWith(signIn(h, "Alice", PASSWORD, ALT), UserNotFoundException, "User does not exist.");
  });
});

describe("lockout after repeated failures", () => {
  it("locks for 1 s after 5 failures, doubles on the next failure, and lets the right password in afterwards", async () => {
    const email = "lockout@example.com";
    await confirmedUser(email);
    for (let i = 0; i < 5; i++)
      await rejectsWith(signIn(h, email, "Wrong-Pass1!"), NotAuthorizedException, "Incorrect username or password.");
    // Locked: even the right password is refused.
    await rejectsWith(signIn(h, email, PASSWORD), NotAuthorizedException, "Password attempts exceeded");
    h.clock.advance(999);
    await rejectsWith(signIn(h, email, PASSWORD), NotAuthorizedException, "Password attempts exceeded");
    h.clock.advance(2);
    // Sixth failure: locked for 2 s now.
    await rejectsWith(signIn(h, email, "Wrong-Pass1!"), NotAuthorizedException, "Incorrect username or password.");
    h.clock.advance(1_500);
    await rejectsWith(signIn(h, email, PASSWORD), NotAuthorizedException, "Password attempts exceeded");
    h.clock.advance(600);
    assert.ok((await signIn(h, email, PASSWORD)).AuthenticationResult);
    // A success resets the counter: four more failures do not lock.
    for (let i = 0; i < 4; i++) await rejectsWith(signIn(h, email, "Wrong-Pass1!"), NotAuthorizedException, "Incorrect username or password.");
    assert.ok((await signIn(h, email, PASSWORD)).AuthenticationResult);
  });

  it("never locks an unknown login: ENABLED answers it like a wrong password however often (so a lockout shows that an account exists)", async () => {
    // Lockout is per user (Developer Guide, "Lockout behavior for failed sign-in attempts"); a name that is no
    // user gets the generic answer ("Managing user existence error responses") on every attempt.
    for (let i = 0; i < 8; i++)
      await rejectsWith(signIn(h, "no-such-user@example.com", "Wrong-Pass1!"), NotAuthorizedException, "Incorrect username or password.");
    const email = "lockout-exists@example.com";
    await confirmedUser(email);
    for (let i = 0; i < 5; i++) await rejectsWith(signIn(h, email, "Wrong-Pass1!"), NotAuthorizedException, "Incorrect username or password.");
    await rejectsWith(signIn(h, email, "Wrong-Pass1!"), NotAuthorizedException, "Password attempts exceeded");
  });

  it("forgets failures after 15 minutes without attempts", async () => {
    const email = "lockout-window@example.com";
    await confirmedUser(email);
    for (let i = 0; i < 4; i++) await rejectsWith(signIn(h, email, "Wrong-Pass1!"), NotAuthorizedException);
    h.clock.advance(15 * 60 * 1000 + 1);
    for (let i = 0; i < 4; i++) await rejectsWith(signIn(h, email, "Wrong-Pass1!"), NotAuthorizedException);
    assert.ok((await signIn(h, email, PASSWORD)).AuthenticationResult);
  });
});

describe("NEW_PASSWORD_REQUIRED", () => {
  it("challenges a temporary password, refuses a weak new one, accepts a strong one, and the user is CONFIRMED", async () => {
    const user = demoUser("newpass@example.com");
    // A wrong temporary password is refused before any challenge.
    await rejectsWith(signIn(h, user.loginId, "Wrong-Pass1!"), NotAuthorizedException, "Incorrect username or password.");
    const first = await signIn(h, user.loginId, DEMO_COGNITO.temporaryPassword);
    assert.equal(first.ChallengeName, "NEW_PASSWORD_REQUIRED");
    assert.equal(first.AuthenticationResult, undefined);
    const params = first.ChallengeParameters!;
    assert.equal(params.USER_ID_FOR_SRP, user.sub);
    // The demo pool requires `name`, which the invited user has not given yet.
    assert.deepEqual(JSON.parse(params.requiredAttributes!), ["userAttributes.name"]);
    assert.deepEqual(JSON.parse(params.userAttributes!), { email: user.loginId });

    await rejectsWith(
      respond(h, "NEW_PASSWORD_REQUIRED", first.Session, user.loginId, { NEW_PASSWORD: "weak" }),
      InvalidPasswordException,
      "Password does not conform to policy: Password not long enough",
    );
    await rejectsWith(
      respond(h, "NEW_PASSWORD_REQUIRED", first.Session, user.loginId, { NEW_PASSWORD: "longenough1!" }),
      InvalidPasswordException,
      "Password does not conform to policy: Password must have uppercase characters",
    );
    await rejectsWith(
      respond(h, "NEW_PASSWORD_REQUIRED", first.Session, user.loginId, { NEW_PASSWORD: "Chosen-Pass2!" }),
      InvalidParameterException,
      "Attributes did not conform to the schema: name: The attribute name is required",
    );
    // The same session can be answered again after a refused password.
    const done = await respond(h, "NEW_PASSWORD_REQUIRED", first.Session, user.loginId, { NEW_PASSWORD: "Chosen-Pass2!", "userAttributes.name": "New Person" });
    assert.ok(done.AuthenticationResult?.IdToken);
    assert.deepEqual(done.ChallengeParameters, {});

    const got = await h.client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: user.loginId }));
    assert.equal(got.UserStatus, "CONFIRMED");
    assert.ok((await signIn(h, user.loginId, "Chosen-Pass2!")).AuthenticationResult);
    await rejectsWith(signIn(h, user.loginId, DEMO_COGNITO.temporaryPassword), NotAuthorizedException, "Incorrect username or password.");
    // A session answers once.
    await rejectsWith(
      respond(h, "NEW_PASSWORD_REQUIRED", first.Session, user.loginId, { NEW_PASSWORD: "Chosen-Pass3!" }),
      NotAuthorizedException,
      "Invalid session for the user, session can only be used once.",
    );
  });

  it("asks for missing required attributes, refuses to change provided ones, and stores userAttributes.*", async () => {
    // Alt pool: `name` is required and bob has none; plain usernames, SECRET_HASH over "bob".
    const first = await signIn(h, "bob", DEMO_COGNITO.temporaryPassword, ALT);
    assert.equal(first.ChallengeName, "NEW_PASSWORD_REQUIRED");
    assert.equal(first.ChallengeParameters!.USER_ID_FOR_SRP, "bob");
    assert.deepEqual(JSON.parse(first.ChallengeParameters!.requiredAttributes!), ["userAttributes.name"]);
    await rejectsWith(
      respond(h, "NEW_PASSWORD_REQUIRED", first.Session, "bob", { NEW_PASSWORD: "Bobs-Pass1!" }, ALT),
      InvalidParameterException,
      /name/,
    );
    await rejectsWith(
      respond(h, "NEW_PASSWORD_REQUIRED", first.Session, "bob", { NEW_PASSWORD: "Bobs-Pass1!", "userAttributes.name": "Bob", "userAttributes.email": "other@example.com" }, ALT),
      InvalidParameterException,
      "Cannot modify an already provided email",
    );
    const done = await respond(
      h,
      "NEW_PASSWORD_REQUIRED",
      first.Session,
      "bob",
      { NEW_PASSWORD: "Bobs-Pass1!", "userAttributes.name": "Bob Builder", "userAttributes.given_name": "Bob" },
      ALT,
    );
    assert.ok(done.AuthenticationResult);
    const got = await h.client.send(new AdminGetUserCommand({ UserPoolId: ALT.userPoolId, Username: "bob" }));
    const attrs = Object.fromEntries(got.UserAttributes!.map((a) => [a.Name, a.Value]));
    assert.equal(attrs.name, "Bob Builder");
    assert.equal(attrs.given_name, "Bob");
    assert.equal(got.UserStatus, "CONFIRMED");
  });
});

describe("SOFTWARE_TOKEN_MFA", () => {
  it("challenges a TOTP user and accepts the current RFC 6238 code (±1 step), refusing a wrong one", async () => {
    const first = await signIn(h, MFA.loginId, PASSWORD);
    assert.equal(first.ChallengeName, "SOFTWARE_TOKEN_MFA");
    assert.equal(first.ChallengeParameters!.USER_ID_FOR_SRP, MFA.sub);
    const wrong = totpCode(SECRET, h.clock.now + 5 * 30_000);
    await rejectsWith(
      respond(h, "SOFTWARE_TOKEN_MFA", first.Session, MFA.loginId, { SOFTWARE_TOKEN_MFA_CODE: wrong }),
      CodeMismatchException,
      "Invalid code received for user",
    );
    await rejectsWith(
      respond(h, "SOFTWARE_TOKEN_MFA", first.Session, MFA.loginId, { SOFTWARE_TOKEN_MFA_CODE: "000000" === wrong ? "111111" : "000000" }),
      CodeMismatchException,
    );
    // The previous step's code is still good (clock skew), and the session survives wrong codes.
    const previous = totpCode(SECRET, h.clock.now - 30_000);
    const done = await respond(h, "SOFTWARE_TOKEN_MFA", first.Session, MFA.loginId, { SOFTWARE_TOKEN_MFA_CODE: previous });
    assert.ok(done.AuthenticationResult?.AccessToken);
  });

  it("accepts the real username (USER_ID_FOR_SRP) as USERNAME, with SECRET_HASH over that value", async () => {
    const first = await signIn(h, MFA.loginId, PASSWORD);
    const id = first.ChallengeParameters!.USER_ID_FOR_SRP!;
    // Hash over the e-mail while USERNAME is the real username: refused.
    await rejectsWith(
      h.client.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: POOL,
          ClientId: APP.clientId,
          ChallengeName: "SOFTWARE_TOKEN_MFA",
          Session: first.Session,
          ChallengeResponses: { USERNAME: id, SECRET_HASH: secretHash(MFA.loginId), SOFTWARE_TOKEN_MFA_CODE: totpCode(SECRET, h.clock.now) },
        }),
      ),
      NotAuthorizedException,
      `Unable to verify secret hash for client ${APP.clientId}`,
    );
    const done = await respond(h, "SOFTWARE_TOKEN_MFA", first.Session, id, { SOFTWARE_TOKEN_MFA_CODE: totpCode(SECRET, h.clock.now) });
    assert.ok(done.AuthenticationResult);
  });

  it("refuses a challenge answer for another user's session", async () => {
    const first = await signIn(h, MFA.loginId, PASSWORD);
    await rejectsWith(
      respond(h, "SOFTWARE_TOKEN_MFA", first.Session, DEMO.loginId, { SOFTWARE_TOKEN_MFA_CODE: totpCode(SECRET, h.clock.now) }),
      NotAuthorizedException,
      "Invalid session for the user.",
    );
  });
});

describe("SMS_MFA, EMAIL_OTP and SELECT_MFA_TYPE", () => {
  it("sends an SMS code a developer can read locally, and checks it", async () => {
    const user = demoUser("sms@example.com");
    const first = await signIn(h, user.loginId, PASSWORD);
    assert.equal(first.ChallengeName, "SMS_MFA");
    assert.deepEqual(first.ChallengeParameters, {
      CODE_DELIVERY_DELIVERY_MEDIUM: "SMS",
      CODE_DELIVERY_DESTINATION: "+*******0101",
      USER_ID_FOR_SRP: user.sub,
    });
    const { codes, messages } = await localCodes(h.standIn.url, user.loginId);
    const code = codes.SMS!;
    assert.match(code, /^\d{6}$/);
    assert.equal(messages.SMS!.destination, "+*******0101");
    // The code is on the log line (local test data); the password is not.
    const line = h.logs.findLast((l) => l.includes("AdminInitiateAuth") && l.includes(user.loginId))!;
    assert.ok(line.includes(code) && line.includes("ChallengeName=SMS_MFA"), line);
    assert.ok(!line.includes(PASSWORD));

    const wrong = code === "000000" ? "111111" : "000000";
    await rejectsWith(
      respond(h, "SMS_MFA", first.Session, user.loginId, { SMS_MFA_CODE: wrong }),
      CodeMismatchException,
      "Invalid code or auth state for the user.",
    );
    const done = await respond(h, "SMS_MFA", first.Session, user.loginId, { SMS_MFA_CODE: code });
    assert.ok(done.AuthenticationResult?.IdToken);
  });

  it("sends an 8-digit e-mail code for EMAIL_OTP", async () => {
    const user = demoUser("email-otp@example.com");
    const first = await signIn(h, user.loginId, PASSWORD);
    assert.equal(first.ChallengeName, "EMAIL_OTP");
    assert.equal(first.ChallengeParameters!.CODE_DELIVERY_DELIVERY_MEDIUM, "EMAIL");
    assert.equal(first.ChallengeParameters!.CODE_DELIVERY_DESTINATION, "e***@e***.com");
    const code = (await localCodes(h.standIn.url, user.loginId)).codes.EMAIL!;
    assert.match(code, /^\d{8}$/);
    await rejectsWith(respond(h, "EMAIL_OTP", first.Session, user.loginId, { EMAIL_OTP_CODE: "12345678" === code ? "87654321" : "12345678" }), CodeMismatchException);
    const done = await respond(h, "EMAIL_OTP", first.Session, user.loginId, { EMAIL_OTP_CODE: code });
    assert.ok(done.AuthenticationResult);
  });

  it("lets a user with several factors and no preference choose one (SELECT_MFA_TYPE), then asks for it", async () => {
    const user = demoUser("select@example.com");
    const first = await signIn(h, user.loginId, PASSWORD);
    assert.equal(first.ChallengeName, "SELECT_MFA_TYPE");
    assert.deepEqual(JSON.parse(first.ChallengeParameters!.MFAS_CAN_CHOOSE!), ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
    await rejectsWith(respond(h, "SELECT_MFA_TYPE", first.Session, user.loginId, { ANSWER: "EMAIL_OTP" }), InvalidParameterException);

    const chosen = await respond(h, "SELECT_MFA_TYPE", first.Session, user.loginId, { ANSWER: "SOFTWARE_TOKEN_MFA" });
    assert.equal(chosen.ChallengeName, "SOFTWARE_TOKEN_MFA");
    assert.notEqual(chosen.Session, first.Session);
    const done = await respond(h, "SOFTWARE_TOKEN_MFA", chosen.Session, user.loginId, { SOFTWARE_TOKEN_MFA_CODE: totpCode(SECRET, h.clock.now) });
    assert.ok(done.AuthenticationResult);

    const again = await signIn(h, user.loginId, PASSWORD);
    const sms = await respond(h, "SELECT_MFA_TYPE", again.Session, user.loginId, { ANSWER: "SMS_MFA" });
    assert.equal(sms.ChallengeName, "SMS_MFA");
    assert.equal(sms.ChallengeParameters!.CODE_DELIVERY_DESTINATION, "+*******0102");
    const code = (await localCodes(h.standIn.url, user.loginId)).codes.SMS!;
    assert.ok((await respond(h, "SMS_MFA", sms.Session, user.loginId, { SMS_MFA_CODE: code })).AuthenticationResult);
  });
});

describe("challenge sessions", () => {
  it("expire after the client's AuthSessionValidity (3 minutes)", async () => {
    const a = await signIn(h, MFA.loginId, PASSWORD);
    const b = await signIn(h, MFA.loginId, PASSWORD);
    h.clock.advance(3 * 60_000 - 1_000);
    assert.ok((await respond(h, "SOFTWARE_TOKEN_MFA", a.Session, MFA.loginId, { SOFTWARE_TOKEN_MFA_CODE: totpCode(SECRET, h.clock.now) })).AuthenticationResult);
    h.clock.advance(2_000);
    await rejectsWith(
      respond(h, "SOFTWARE_TOKEN_MFA", b.Session, MFA.loginId, { SOFTWARE_TOKEN_MFA_CODE: totpCode(SECRET, h.clock.now) }),
      NotAuthorizedException,
      "Invalid session for the user, session is expired.",
    );
  });

  it("answer once, belong to one challenge and one client, and cannot be made up", async () => {
    h.clock.advance(30_000); // a fresh TOTP step: the previous test spent this one's code
    const first = await signIn(h, MFA.loginId, PASSWORD);
    const answer = () => ({ SOFTWARE_TOKEN_MFA_CODE: totpCode(SECRET, h.clock.now) });
    await rejectsWith(respond(h, "SMS_MFA", first.Session, MFA.loginId, { SMS_MFA_CODE: "123456" }), NotAuthorizedException, "Invalid session for the user.");
    await rejectsWith(respond(h, "SOFTWARE_TOKEN_MFA", first.Session, MFA.loginId, answer(), PUBLIC_LEGACY), NotAuthorizedException, "Invalid session for the user.");
    await rejectsWith(respond(h, "SOFTWARE_TOKEN_MFA", `AYABe${"x".repeat(100)}`, MFA.loginId, answer()), NotAuthorizedException, "Invalid session for the user.");
    assert.ok((await respond(h, "SOFTWARE_TOKEN_MFA", first.Session, MFA.loginId, answer())).AuthenticationResult);
    await rejectsWith(
      respond(h, "SOFTWARE_TOKEN_MFA", first.Session, MFA.loginId, answer()),
      NotAuthorizedException,
      "Invalid session for the user, session can only be used once.",
    );
  });

  it("needs USERNAME and SECRET_HASH in every challenge response", async () => {
    const first = await signIn(h, MFA.loginId, PASSWORD);
    const send = (responses: Record<string, string>) =>
      h.client.send(new AdminRespondToAuthChallengeCommand({ UserPoolId: POOL, ClientId: APP.clientId, ChallengeName: "SOFTWARE_TOKEN_MFA", Session: first.Session, ChallengeResponses: responses }));
    const code = totpCode(SECRET, h.clock.now);
    await rejectsWith(send({ SOFTWARE_TOKEN_MFA_CODE: code }), InvalidParameterException, "Missing required parameter USERNAME");
    await rejectsWith(
      send({ USERNAME: MFA.loginId, SOFTWARE_TOKEN_MFA_CODE: code }),
      NotAuthorizedException,
      `Client ${APP.clientId} is configured for secret but secret was not received`,
    );
    await rejectsWith(
      send({ USERNAME: MFA.loginId, SECRET_HASH: secretHash("someone-else"), SOFTWARE_TOKEN_MFA_CODE: code }),
      NotAuthorizedException,
      `Unable to verify secret hash for client ${APP.clientId}`,
    );
  });
});

describe("tokens", () => {
  it("signs RS256 JWTs verifiable with the pool's JWKS, carrying the user's attributes like Cognito's", async () => {
    const out = await signIn(h, DEMO.loginId, PASSWORD);
    const { IdToken, AccessToken } = out.AuthenticationResult!;
    // Cognito's issuer format whatever the stand-in's URL; the keys stay reachable on the stand-in.
    const issuer = `https://cognito-idp.us-east-1.amazonaws.com/${POOL}`;
    const local = `${h.standIn.url}/${POOL}`;
    const jwks = createRemoteJWKSet(new URL(`${local}/.well-known/jwks.json`));
    const { payload: id, protectedHeader } = await jwtVerify(IdToken!, jwks, { issuer, audience: APP.clientId, algorithms: ["RS256"] });
    assert.equal(protectedHeader.alg, "RS256");
    assert.ok(protectedHeader.kid);
    assert.equal(id.sub, DEMO.sub);
    assert.equal(id["cognito:username"], DEMO.sub);
    assert.equal(id.token_use, "id");
    assert.equal(id.email, "demo@example.com");
    assert.equal(id.email_verified, true);
    assert.equal(id.phone_number, "+15555550100");
    assert.equal(id.phone_number_verified, false);
    assert.equal(id.name, "Demo User");
    assert.equal(id.given_name, "Demo");
    assert.equal(id.family_name, "User");
    assert.equal(id.birthdate, "1990-04-01");
    assert.equal(id.locale, "en-US");
    assert.equal(typeof id.updated_at, "number");
    assert.equal(typeof (id.address as { formatted: string }).formatted, "string");
    assert.equal(id.exp! - id.iat!, 3600);
    assert.equal(id.iat, Math.floor(h.clock.now / 1000));
    assert.ok(typeof id.auth_time === "number" && id.auth_time <= id.iat!);
    assert.ok(typeof id.origin_jti === "string" && typeof id.event_id === "string" && typeof id.jti === "string");

    // Access tokens have no `aud`; they name the client and the username.
    const { payload: at } = await jwtVerify(AccessToken!, jwks, { issuer, algorithms: ["RS256"] });
    assert.equal(at.token_use, "access");
    assert.equal(at.client_id, APP.clientId);
    assert.equal(at.username, DEMO.sub);
    assert.equal(at.scope, "aws.cognito.signin.user.admin");
    assert.equal(at.aud, undefined);
    assert.equal(at.origin_jti, id.origin_jti);

    const conf = (await (await fetch(`${local}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    assert.equal(conf.issuer, issuer);
    assert.equal(conf.jwks_uri, `${local}/.well-known/jwks.json`);
    assert.equal(decodeProtectedHeader(IdToken!).kid, ((await (await fetch(conf.jwks_uri!)).json()) as { keys: { kid: string }[] }).keys[0]!.kid);
  });
});

describe("REFRESH_TOKEN_AUTH", () => {
  async function refresh(token: string, username: string | undefined, c: ClientUnderTest = APP, flow: "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" = "REFRESH_TOKEN_AUTH") {
    return h.client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: c.userPoolId,
        ClientId: c.clientId,
        AuthFlow: flow,
        AuthParameters: { REFRESH_TOKEN: token, ...(username ? hashFor(c, username) : {}) },
      }),
    );
  }

  it("issues new ID and access tokens (no new refresh token) with the original auth_time", async () => {
    const first = (await signIn(h, DEMO.loginId, PASSWORD)).AuthenticationResult!;
    h.clock.advance(60_000);
    // SECRET_HASH for refresh is computed over the real username (the sub), not the e-mail address.
    const out = await refresh(first.RefreshToken!, DEMO.sub);
    const r = out.AuthenticationResult!;
    assert.equal(r.RefreshToken, undefined);
    assert.equal(r.ExpiresIn, 3600);
    assert.equal(r.TokenType, "Bearer");
    const before = decodeJwt(first.IdToken!);
    const afterRefresh = decodeJwt(r.IdToken!);
    assert.equal(afterRefresh.auth_time, before.auth_time);
    assert.equal(afterRefresh.origin_jti, before.origin_jti);
    assert.equal(afterRefresh.iat, (before.iat as number) + 60);
    assert.equal(afterRefresh.email, "demo@example.com");
    assert.ok((await refresh(first.RefreshToken!, DEMO.sub, APP, "REFRESH_TOKEN")).AuthenticationResult?.AccessToken);

    await rejectsWith(refresh(first.RefreshToken!, DEMO.loginId), NotAuthorizedException, `SecretHash does not match for the client: ${APP.clientId}`);
    await rejectsWith(refresh(first.RefreshToken!, undefined), NotAuthorizedException, `Client ${APP.clientId} is configured for secret but secret was not received`);
  });

  it("refuses unknown tokens, another client's tokens and tokens of a disabled user", async () => {
    await rejectsWith(refresh("not-a-refresh-token", DEMO.sub), NotAuthorizedException, "Invalid Refresh Token");
    const legacy = (await signIn(h, DEMO.loginId, PASSWORD, PUBLIC_LEGACY)).AuthenticationResult!;
    await rejectsWith(refresh(legacy.RefreshToken!, DEMO.sub), NotAuthorizedException, "Invalid Refresh Token");
    assert.ok((await refresh(legacy.RefreshToken!, undefined, PUBLIC_LEGACY)).AuthenticationResult);

    const email = "refresh-disabled@example.com";
    const username = await confirmedUser(email);
    const tokens = (await signIn(h, email, PASSWORD)).AuthenticationResult!;
    await h.client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: email }));
    await rejectsWith(refresh(tokens.RefreshToken!, username), NotAuthorizedException, "Refresh Token has been revoked");
  });

  it("answers a refresh through an unknown client with ResourceNotFoundException", async () => {
    await rejectsWith(refresh("x", undefined, { ...APP, clientId: "nosuchclient" }), ResourceNotFoundException);
  });
});

describe("time-based expiry (own stand-in: the clock jumps days)", () => {
  let t: Harness;
  before(async () => {
    t = await startHarness();
  });
  after(() => t.close());

  it("refuses a temporary password after TemporaryPasswordValidityDays (7)", async () => {
    const email = "late@example.com";
    await t.client.send(new AdminCreateUserCommand({ UserPoolId: POOL, Username: email, TemporaryPassword: "Temp-Pass7!", MessageAction: "SUPPRESS" }));
    t.clock.advance(7 * 24 * 3600_000 - 60_000);
    assert.equal((await signIn(t, email, "Temp-Pass7!")).ChallengeName, "NEW_PASSWORD_REQUIRED");
    t.clock.advance(120_000);
    await rejectsWith(signIn(t, email, "Temp-Pass7!"), NotAuthorizedException, "Temporary password has expired and must be reset by an administrator.");
  });

  it("refuses a refresh token after RefreshTokenValidity (30 days)", async () => {
    const tokens = (await signIn(t, DEMO.loginId, PASSWORD)).AuthenticationResult!;
    t.clock.advance(30 * 24 * 3600_000 + 1_000);
    await rejectsWith(
      t.client.send(
        new AdminInitiateAuthCommand({
          UserPoolId: POOL,
          ClientId: APP.clientId,
          AuthFlow: "REFRESH_TOKEN_AUTH",
          AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken!, ...hashFor(APP, DEMO.sub) },
        }),
      ),
      NotAuthorizedException,
      "Refresh Token has expired",
    );
  });
});
