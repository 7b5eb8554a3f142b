// Challenge → step mapping, challenge answers with SECRET_HASH, TOTP enrolment, password recovery and the
// cached password policy, against a scripted SDK client.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { beforeEach, describe, it } from "node:test";
import {
  AdminRespondToAuthChallengeCommand,
  AssociateSoftwareTokenCommand,
  ConfirmForgotPasswordCommand,
  DescribeUserPoolCommand,
  ForgotPasswordCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import type { CognitoSettings } from "./authenticate";
import {
  associateSoftwareToken,
  challengeStep,
  clearPasswordPolicyCache,
  confirmForgotPassword,
  forgotPassword,
  passwordPolicy,
  passwordProblem,
  respondToChallenge,
  verifySoftwareToken,
} from "./challenges";

const settings: CognitoSettings = { userPoolId: "us-east-1_Pool", clientId: "client1", clientSecret: "sekret", timeoutMs: 1000 };
const hash = (u: string) => createHmac("sha256", "sekret").update(`${u}client1`).digest("base64");

function fakeClient(answers: ((cmd: { input: Record<string, unknown> }) => unknown)[]) {
  const sent: { input: Record<string, unknown>; constructor: { name: string } }[] = [];
  return {
    sent,
    send: async (cmd: { input: Record<string, unknown>; constructor: { name: string } }) => {
      sent.push(cmd);
      const next = answers.shift();
      if (!next) throw new Error("unexpected call");
      const v = next(cmd);
      if (v instanceof Error) throw v;
      return v;
    },
  };
}

const err = (name: string, message = name) => Object.assign(new Error(message), { name });

describe("challengeStep: every challenge AdminInitiateAuth can return → the step the page shows", () => {
  const cases: [string, Record<string, string>, unknown][] = [
    ["SOFTWARE_TOKEN_MFA", {}, { step: { kind: "code", factor: "SOFTWARE_TOKEN_MFA" } }],
    ["SMS_MFA", { CODE_DELIVERY_DESTINATION: "+*******0101" }, { step: { kind: "code", factor: "SMS_MFA", destination: "+*******0101" } }],
    ["EMAIL_OTP", { CODE_DELIVERY_DESTINATION: "e***@e***.com" }, { step: { kind: "code", factor: "EMAIL_OTP", destination: "e***@e***.com" } }],
    ["SMS_MFA", {}, { step: { kind: "code", factor: "SMS_MFA", destination: undefined } }],
    ["SELECT_MFA_TYPE", { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' }, { step: { kind: "select", options: ["SMS_MFA", "SOFTWARE_TOKEN_MFA"] } }],
    ["SELECT_MFA_TYPE", { MFAS_CAN_CHOOSE: '["EMAIL_OTP","WEB_AUTHN"]' }, { step: { kind: "select", options: ["EMAIL_OTP"] } }],
    ["NEW_PASSWORD_REQUIRED", { requiredAttributes: "[]" }, { step: { kind: "newPassword", requiredAttributes: [] } }],
    ["NEW_PASSWORD_REQUIRED", { requiredAttributes: '["userAttributes.name","family_name","bad name!"]' }, { step: { kind: "newPassword", requiredAttributes: ["name", "family_name"] } }],
    ["NEW_PASSWORD_REQUIRED", {}, { step: { kind: "newPassword", requiredAttributes: [] } }],
    ["MFA_SETUP", { MFAS_CAN_SETUP: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' }, { step: { kind: "setupTotp" } }],
    ["MFA_SETUP", {}, { step: { kind: "setupTotp" } }],
  ];
  for (const [name, parameters, expected] of cases) {
    it(`${name} ${JSON.stringify(parameters)}`, () => assert.deepEqual(challengeStep({ name, parameters }), expected));
  }
  it("challenges of other flows, an empty factor list, or MFA_SETUP without TOTP fail closed", () => {
    for (const name of ["CUSTOM_CHALLENGE", "DEVICE_SRP_AUTH", "DEVICE_PASSWORD_VERIFIER", "PASSWORD_VERIFIER", "SELECT_CHALLENGE", "WEB_AUTHN", "SOMETHING_NEW"]) {
      assert.ok("unsupported" in challengeStep({ name, parameters: {} }), name);
    }
    assert.ok("unsupported" in challengeStep({ name: "SELECT_MFA_TYPE", parameters: { MFAS_CAN_CHOOSE: "not json" } }));
    assert.ok("unsupported" in challengeStep({ name: "MFA_SETUP", parameters: { MFAS_CAN_SETUP: '["SMS_MFA"]' } }));
  });
});

describe("respondToChallenge", () => {
  it("sends USERNAME, SECRET_HASH over that USERNAME, the Session and the challenge's members", async () => {
    const client = fakeClient([() => ({ ChallengeName: "SMS_MFA", Session: "next", ChallengeParameters: { CODE_DELIVERY_DESTINATION: "+***1" } })]);
    const r = await respondToChallenge(client as never, settings, { name: "SELECT_MFA_TYPE", session: "s1", username: "uuid-1", responses: { ANSWER: "SMS_MFA" } });
    assert.deepEqual(r, { kind: "challenge", challenge: { name: "SMS_MFA", session: "next", parameters: { CODE_DELIVERY_DESTINATION: "+***1" } } });
    const cmd = client.sent[0]!;
    assert.ok(cmd instanceof AdminRespondToAuthChallengeCommand);
    assert.deepEqual(cmd.input, {
      UserPoolId: "us-east-1_Pool",
      ClientId: "client1",
      ChallengeName: "SELECT_MFA_TYPE",
      Session: "s1",
      ChallengeResponses: { ANSWER: "SMS_MFA", USERNAME: "uuid-1", SECRET_HASH: hash("uuid-1") },
    });
  });
  it("no SECRET_HASH for an app client without a secret", async () => {
    const client = fakeClient([() => ({ ChallengeName: "SOFTWARE_TOKEN_MFA", Session: "n", ChallengeParameters: {} })]);
    await respondToChallenge(client as never, { ...settings, clientSecret: undefined }, { name: "X", session: "s", username: "u", responses: {} });
    assert.deepEqual((client.sent[0]!.input as { ChallengeResponses: object }).ChallengeResponses, { USERNAME: "u" });
  });
  it("Cognito's refusals in our words", async () => {
    const cases: [Error, string][] = [
      [err("CodeMismatchException", "Invalid code received for user"), "code_mismatch"],
      [err("ExpiredCodeException"), "code_expired"],
      [err("NotAuthorizedException", "Invalid session for the user, session is expired."), "session_expired"],
      [err("NotAuthorizedException", "Invalid session for the user, session can only be used once."), "session_invalid"],
      [err("NotAuthorizedException", "Password attempts exceeded"), "too_many_attempts"],
      [err("NotAuthorizedException", "Unable to verify secret hash for client client1"), "misconfigured"],
      [err("InvalidPasswordException", "Password does not conform to policy: Password not long enough"), "invalid_password"],
      [err("PasswordHistoryPolicyViolationException"), "password_reused"],
      [err("AliasExistsException"), "alias_exists"],
      [err("InvalidParameterException"), "invalid_input"],
      [err("TooManyRequestsException"), "throttled"],
      [err("InternalErrorException"), "unavailable"],
    ];
    for (const [e, reason] of cases) {
      const r = await respondToChallenge(fakeClient([() => e]) as never, settings, { name: "SMS_MFA", session: "s", username: "u", responses: { SMS_MFA_CODE: "1" } });
      assert.equal(r.kind === "failure" && r.reason, reason, e.message);
    }
  });
});

describe("TOTP enrolment", () => {
  it("AssociateSoftwareToken and VerifySoftwareToken are authorized by the Session alone", async () => {
    const client = fakeClient([() => ({ SecretCode: "ABCDEFGHIJKLMNOP", Session: "s2" }), () => ({ Status: "SUCCESS", Session: "s3" })]);
    assert.deepEqual(await associateSoftwareToken(client as never, settings, "s1"), { kind: "associated", secret: "ABCDEFGHIJKLMNOP", session: "s2" });
    assert.deepEqual(await verifySoftwareToken(client as never, settings, "s2", "123456"), { kind: "verified", session: "s3" });
    assert.ok(client.sent[0] instanceof AssociateSoftwareTokenCommand);
    assert.deepEqual(client.sent[0]!.input, { Session: "s1" });
    assert.ok(client.sent[1] instanceof VerifySoftwareTokenCommand);
    assert.deepEqual(client.sent[1]!.input, { Session: "s2", UserCode: "123456" });
  });
  it("a refused first code: Status ERROR, CodeMismatchException or EnableSoftwareTokenMFAException", async () => {
    for (const answer of [() => ({ Status: "ERROR" }), () => err("CodeMismatchException"), () => err("EnableSoftwareTokenMFAException")]) {
      const r = await verifySoftwareToken(fakeClient([answer]) as never, settings, "s", "000000");
      assert.equal(r.kind === "failure" && r.reason, "code_mismatch");
    }
  });
});

describe("password recovery", () => {
  it("ForgotPassword with SECRET_HASH; an unknown user, a user without a verified address and a success read the same", async () => {
    const ok = fakeClient([() => ({ CodeDeliveryDetails: { Destination: "d***@e***.com" } })]);
    assert.equal((await forgotPassword(ok as never, settings, "demo@example.com")).kind, "sent");
    assert.ok(ok.sent[0] instanceof ForgotPasswordCommand);
    assert.deepEqual(ok.sent[0]!.input, { ClientId: "client1", Username: "demo@example.com", SecretHash: hash("demo@example.com") });
    for (const name of ["UserNotFoundException", "InvalidParameterException", "NotAuthorizedException", "CodeDeliveryFailureException"]) {
      assert.equal((await forgotPassword(fakeClient([() => err(name)]) as never, settings, "x")).kind, "sent", name);
    }
    const limited = await forgotPassword(fakeClient([() => err("LimitExceededException")]) as never, settings, "x");
    assert.equal(limited.kind === "failure" && limited.reason, "too_many_attempts");
    const badHash = await forgotPassword(fakeClient([() => err("NotAuthorizedException", "Unable to verify secret hash for client client1")]) as never, settings, "x");
    assert.equal(badHash.kind === "failure" && badHash.reason, "misconfigured");
  });
  it("ConfirmForgotPassword with SECRET_HASH; an unknown user reads like a wrong code", async () => {
    const ok = fakeClient([() => ({})]);
    assert.deepEqual(await confirmForgotPassword(ok as never, settings, "demo@example.com", "123456", "New-Pass1!"), { kind: "confirmed" });
    assert.ok(ok.sent[0] instanceof ConfirmForgotPasswordCommand);
    assert.deepEqual(ok.sent[0]!.input, { ClientId: "client1", Username: "demo@example.com", ConfirmationCode: "123456", Password: "New-Pass1!", SecretHash: hash("demo@example.com") });
    const cases: [string, string][] = [
      ["UserNotFoundException", "code_mismatch"],
      ["CodeMismatchException", "code_mismatch"],
      ["ExpiredCodeException", "code_expired"],
      ["TooManyFailedAttemptsException", "too_many_attempts"],
      ["InvalidPasswordException", "invalid_password"],
    ];
    for (const [name, reason] of cases) {
      const r = await confirmForgotPassword(fakeClient([() => err(name)]) as never, settings, "x", "1", "p");
      assert.equal(r.kind === "failure" && r.reason, reason, name);
    }
  });
});

describe("password policy", () => {
  beforeEach(() => clearPasswordPolicyCache());
  it("one DescribeUserPool per pool and hour; a failed read is retried after a minute", async () => {
    let now = 1_000_000;
    const policy = { MinimumLength: 10, RequireUppercase: true, RequireLowercase: true, RequireNumbers: false, RequireSymbols: true };
    const client = fakeClient([() => err("TooManyRequestsException"), () => ({ UserPool: { Policies: { PasswordPolicy: policy } } })]);
    assert.equal(await passwordPolicy(client as never, settings, () => now), undefined);
    assert.equal(await passwordPolicy(client as never, settings, () => now + 30_000), undefined);
    assert.equal(client.sent.length, 1, "a failure is not retried at once");
    now += 61_000;
    const expected = { minimumLength: 10, requireUppercase: true, requireLowercase: true, requireNumbers: false, requireSymbols: true };
    assert.deepEqual(await passwordPolicy(client as never, settings, () => now), expected);
    assert.deepEqual(await passwordPolicy(client as never, settings, () => now + 59 * 60_000), expected);
    assert.equal(client.sent.length, 2);
    assert.ok(client.sent[1] instanceof DescribeUserPoolCommand);
    assert.deepEqual(client.sent[1]!.input, { UserPoolId: "us-east-1_Pool" });
  });
  it("InvalidPasswordException messages → which rule was broken", () => {
    assert.equal(passwordProblem("InvalidPasswordException: Password does not conform to policy: Password not long enough"), "tooShort");
    assert.equal(passwordProblem("Password did not conform with policy: Password must have uppercase characters"), "needsUppercase");
    assert.equal(passwordProblem("Password must have lowercase characters"), "needsLowercase");
    assert.equal(passwordProblem("Password must have numeric characters"), "needsNumber");
    assert.equal(passwordProblem("Password must have symbol characters"), "needsSymbol");
    assert.equal(passwordProblem("Password must satisfy regular expression pattern: ^\\S.*\\S$"), "spaces");
    assert.equal(passwordProblem("something else"), "other");
  });
});
