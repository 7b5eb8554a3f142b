// Contract tests of self-service password recovery (ForgotPassword, ConfirmForgotPassword) through the real AWS
// SDK v3, with SECRET_HASH. The expectations come from the Developer Guide ("Managing error responses",
// "Recovering user accounts") and the API Reference; recovery.ts quotes them.

import {
  AdminGetUserCommand,
  CodeMismatchException,
  ConfirmForgotPasswordCommand,
  ExpiredCodeException,
  ForgotPasswordCommand,
  InvalidParameterException,
  InvalidPasswordException,
  LimitExceededException,
  NotAuthorizedException,
  ResourceNotFoundException,
  UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_COGNITO, secretHash } from "./seed";
import { ALT, APP, type ClientUnderTest, type Harness, localCodes, MFA_REQUIRED, PUBLIC_LEGACY, rawCall, rejectsWith, signIn, startHarness } from "./test-support";

const POOL = DEMO_COGNITO.userPoolId;

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const hash = (c: ClientUnderTest, username: string) => (c.clientSecret ? { SecretHash: secretHash(username, c.clientId, c.clientSecret) } : {});
const forgot = (username: string, c: ClientUnderTest = APP, extra: { SecretHash?: string } = {}) =>
  h.client.send(new ForgotPasswordCommand({ ClientId: c.clientId, Username: username, ...hash(c, username), ...extra }));
const confirm = (username: string, code: string, password: string, c: ClientUnderTest = APP) =>
  h.client.send(new ConfirmForgotPasswordCommand({ ClientId: c.clientId, Username: username, ConfirmationCode: code, Password: password, ...hash(c, username) }));
const resetCode = async (login: string) => (await localCodes(h.standIn.url, login)).codes.PASSWORD_RESET!;
const other = (code: string) => (code === "000000" ? "111111" : "000000");

describe("ForgotPassword", () => {
  it("sends a 6-digit code to the verified e-mail and says where, masked; the code is readable at /_local/codes", async () => {
    const out = await forgot("reset@example.com");
    assert.deepEqual(out.CodeDeliveryDetails, { Destination: "r***@e***.com", DeliveryMedium: "EMAIL", AttributeName: "email" });
    const { codes, messages } = await localCodes(h.standIn.url, "reset@example.com");
    assert.match(codes.PASSWORD_RESET!, /^\d{6}$/);
    assert.equal(messages.PASSWORD_RESET!.destination, "r***@e***.com");
    const line = h.logs.findLast((l) => l.includes("ForgotPassword"))!;
    assert.ok(line.includes(codes.PASSWORD_RESET!), "the code is on the log line: it is local test data");
  });

  it("answers an unknown, a disabled, an unverified and a temporary-password user alike with ENABLED (simulated delivery)", async () => {
    // "When a user isn't found, is deactivated, or doesn't have a verified delivery mechanism to recover their
    // password, Amazon Cognito returns CodeDeliveryDetails with a simulated delivery medium" (Managing error responses).
    for (const login of ["nobody@example.com", "disabled@example.com", "unconfirmed@example.com", "newpass@example.com"]) {
      const out = await forgot(login);
      assert.equal(out.CodeDeliveryDetails!.DeliveryMedium, "EMAIL", login);
      assert.equal(out.CodeDeliveryDetails!.AttributeName, "email");
      assert.match(out.CodeDeliveryDetails!.Destination!, /^[a-z]\*\*\*@e\*\*\*\.com$/);
    }
    assert.equal((await localCodes(h.standIn.url, "disabled@example.com")).codes.PASSWORD_RESET, undefined);
  });

  it("tells the truth to a LEGACY client", async () => {
    await rejectsWith(forgot("nobody@example.com", PUBLIC_LEGACY), UserNotFoundException, "Username/client id combination not found.");
    await rejectsWith(forgot("disabled@example.com", PUBLIC_LEGACY), NotAuthorizedException, "User is disabled.");
    // API Reference: "If neither a verified phone number nor a verified email exists, Amazon Cognito responds with an
    // InvalidParameterException error".
    await rejectsWith(forgot("unconfirmed@example.com", PUBLIC_LEGACY), InvalidParameterException, /no registered\/verified email or phone_number/);
  });

  it("checks SECRET_HASH over the Username sent, and the client", async () => {
    await rejectsWith(
      h.client.send(new ForgotPasswordCommand({ ClientId: APP.clientId, Username: "reset@example.com" })),
      NotAuthorizedException,
      `Client ${APP.clientId} is configured for secret but secret was not received`,
    );
    await rejectsWith(
      forgot("reset@example.com", APP, { SecretHash: secretHash("someone@example.com") }),
      NotAuthorizedException,
      `Unable to verify secret hash for client ${APP.clientId}`,
    );
    await rejectsWith(forgot("reset@example.com", { ...APP, clientId: "nosuchclient" }), ResourceNotFoundException, "User pool client nosuchclient does not exist.");
  });

  it("works in the MFA-required pool too; /_local/codes finds the pool the code went to", async () => {
    const out = await forgot("demo@example.com", MFA_REQUIRED);
    assert.equal(out.CodeDeliveryDetails!.Destination, "d***@e***.com");
    const res = (await (await fetch(`${h.standIn.url}/_local/codes?username=demo@example.com`)).json()) as { userPoolId: string; codes: Record<string, string> };
    assert.equal(res.userPoolId, DEMO_COGNITO.mfaRequired.userPoolId);
    assert.match(res.codes.PASSWORD_RESET!, /^\d{6}$/);
  });

  it("is a public operation: unsigned requests are served", async () => {
    const body = JSON.stringify({ ClientId: APP.clientId, Username: "nobody@example.com", SecretHash: secretHash("nobody@example.com") });
    const r = await rawCall(h.standIn.url, "AWSCognitoIdentityProviderService.ForgotPassword", body, {});
    assert.equal(r.status, 200);
    assert.equal((r.json.CodeDeliveryDetails as Record<string, string>).DeliveryMedium, "EMAIL");
  });
});

describe("ConfirmForgotPassword", () => {
  it("sets the new password with the latest code, ends RESET_REQUIRED, and spends the code", async () => {
    const login = "reset@example.com";
    await forgot(login); // a second request: the first test's code is replaced
    const code = await resetCode(login);
    await rejectsWith(confirm(login, other(code), "Brand-New-Pass1!"), CodeMismatchException, "Invalid verification code provided, please try again.");
    await confirm(login, code, "Brand-New-Pass1!");
    const got = await h.client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: login }));
    assert.equal(got.UserStatus, "CONFIRMED");
    assert.ok((await signIn(h, login, "Brand-New-Pass1!")).AuthenticationResult);
    // "If a code isn't requested when using ForgotPassword, Amazon Cognito returns the ExpiredCodeException error."
    await rejectsWith(confirm(login, code, "Another-Pass1!"), ExpiredCodeException, "Invalid code provided, please request a code again.");
    for (const line of h.logs) assert.ok(!line.includes("Brand-New-Pass1!") && !line.includes("Another-Pass1!"), `a password reached the log: ${line}`);
  });

  it("answers users that don't exist or are disabled with CodeMismatchException (ENABLED), and a code never asked for with ExpiredCodeException", async () => {
    await rejectsWith(confirm("nobody@example.com", "123456", "Brand-New-Pass1!"), CodeMismatchException);
    await rejectsWith(confirm("disabled@example.com", "123456", "Brand-New-Pass1!"), CodeMismatchException);
    await rejectsWith(confirm("second@example.com", "123456", "Brand-New-Pass1!"), ExpiredCodeException);
    await rejectsWith(confirm("nobody@example.com", "123456", "Brand-New-Pass1!", PUBLIC_LEGACY), UserNotFoundException);
  });

  it("holds the new password to the pool's policy, and keeps the code for another try", async () => {
    await forgot("second@example.com");
    const code = await resetCode("second@example.com");
    await rejectsWith(confirm("second@example.com", code, "weak"), InvalidPasswordException, "Password does not conform to policy: Password not long enough");
    await confirm("second@example.com", code, "Second-Pass2!");
    assert.ok((await signIn(h, "second@example.com", "Second-Pass2!")).AuthenticationResult);
  });

  it("refuses a code of the right length in characters but not in bytes as a mismatch, not a crash", async () => {
    await forgot("email-otp@example.com");
    const code = await resetCode("email-otp@example.com");
    await rejectsWith(confirm("email-otp@example.com", `é${code.slice(1)}`, "Brand-New-Pass1!"), CodeMismatchException);
    await confirm("email-otp@example.com", code, "Brand-New-Pass1!");
  });

  it("expires a code after an hour", async () => {
    await forgot("demo@example.com");
    const code = await resetCode("demo@example.com");
    h.clock.advance(60 * 60_000 + 1);
    await rejectsWith(confirm("demo@example.com", code, "Brand-New-Pass1!"), ExpiredCodeException);
  });

  it("allows five attempts an hour to request or enter a code, then LimitExceededException", async () => {
    // "In a given hour, we allow between 5 and 20 attempts for a user to request or enter a password reset code as
    // part of forgot-password and confirm-forgot-password actions" (Recovering user accounts): the lower bound.
    const login = "alice";
    await forgot(login, ALT);
    const code = await resetCode(login);
    for (let i = 0; i < 4; i++) await rejectsWith(confirm(login, other(code), "Brand-New-Pass1!", ALT), CodeMismatchException);
    await rejectsWith(confirm(login, code, "Brand-New-Pass1!", ALT), LimitExceededException, "Attempt limit exceeded, please try after some time.");
    await rejectsWith(forgot(login, ALT), LimitExceededException);
    h.clock.advance(60 * 60_000 + 1);
    await forgot(login, ALT);
    await confirm(login, await resetCode(login), "Brand-New-Pass1!", ALT);
    assert.ok((await signIn(h, login, "Brand-New-Pass1!", ALT)).AuthenticationResult);
  });
});
