import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AdminGetUserCommand, AdminInitiateAuthCommand, NotAuthorizedException } from "@aws-sdk/client-cognito-identity-provider";
import { classifyError, cognitoIssuer, secretHash, signIn, type CognitoSettings } from "./authenticate";

const settings: CognitoSettings = { userPoolId: "us-east-1_Pool", clientId: "client1", clientSecret: "sekret", timeoutMs: 1000 };
/** What Cognito puts in `iss` for that pool (Developer Guide, "Verifying a JSON Web Token"). */
const ISS = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool";

function jwt(payload: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${enc({ alg: "RS256", kid: "k" })}.${enc(payload)}.sig`;
}

function sdkError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/** A fake client recording the commands it receives and answering from a script. */
function fakeClient(answers: ((cmd: unknown) => unknown)[]) {
  const sent: unknown[] = [];
  return {
    sent,
    send: async (cmd: unknown) => {
      sent.push(cmd);
      const next = answers.shift();
      if (!next) throw new Error("unexpected extra call");
      return next(cmd);
    },
  };
}

describe("secretHash (reference/cognito.md §3.2)", () => {
  it("is Base64(HMAC-SHA256(secret, username + clientId))", () => {
    // Independent vector: printf 'alice@example.comclient1' | openssl dgst -sha256 -hmac sekret -binary | base64
    assert.equal(secretHash("sekret", "alice@example.com", "client1"), "Nr29nOI4sD22EWgUKJPWD4gU3u28NmJ7LhKGxiC6IxA=");
  });
});

describe("signIn", () => {
  it("sends one AdminInitiateAuth with SECRET_HASH and reads claims from the ID token", async () => {
    const client = fakeClient([
      () => ({
        AuthenticationResult: {
          AccessToken: "a",
          IdToken: jwt({ iss: ISS, sub: "sub-1", aud: "client1", token_use: "id", email: "a@example.com", email_verified: "true", "cognito:username": "sub-1" }),
        },
      }),
    ]);
    const r = await signIn(client as never, settings, "alice@example.com", "pw", () => 1_700_000_000_500);
    assert.deepEqual(r, {
      kind: "success",
      subject: "sub-1",
      claims: { sub: "sub-1", email: "a@example.com", email_verified: true },
      authTime: 1_700_000_000,
    });
    assert.equal(client.sent.length, 1, "no AdminGetUser when the ID token carries the attributes");
    const cmd = client.sent[0] as AdminInitiateAuthCommand;
    assert.ok(cmd instanceof AdminInitiateAuthCommand);
    assert.equal(cmd.input.AuthFlow, "ADMIN_USER_PASSWORD_AUTH");
    assert.deepEqual(cmd.input.AuthParameters, { USERNAME: "alice@example.com", PASSWORD: "pw", SECRET_HASH: secretHash("sekret", "alice@example.com", "client1") });
  });

  it("omits SECRET_HASH for a client without a secret", async () => {
    const client = fakeClient([() => ({ AuthenticationResult: { IdToken: jwt({ iss: ISS, sub: "s", aud: "client1", token_use: "id" }) } })]);
    await signIn(client as never, { ...settings, clientSecret: undefined }, "bob", "pw");
    assert.equal((client.sent[0] as AdminInitiateAuthCommand).input.AuthParameters?.SECRET_HASH, undefined);
  });

  it("falls back to one AdminGetUser when the ID token is missing or not ours", async () => {
    const client = fakeClient([
      () => ({ AuthenticationResult: { IdToken: jwt({ sub: "s", aud: "someone-else", token_use: "id" }) } }),
      () => ({ Username: "u", UserAttributes: [{ Name: "sub", Value: "sub-2" }, { Name: "email", Value: "b@example.com" }] }),
    ]);
    const r = await signIn(client as never, settings, "b@example.com", "pw");
    assert.equal(r.kind, "success");
    assert.equal(r.kind === "success" && r.subject, "sub-2");
    assert.ok(client.sent[1] instanceof AdminGetUserCommand);
  });

  it("reads claims only from an ID token whose iss is the configured pool's, in Cognito's format", async () => {
    assert.equal(cognitoIssuer(settings), ISS);
    assert.equal(cognitoIssuer({ userPoolId: "eu-west-1_Abc" }), "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Abc");
    assert.equal(cognitoIssuer({ region: "ap-northeast-1", userPoolId: "ap-northeast-1_Xyz" }), "https://cognito-idp.ap-northeast-1.amazonaws.com/ap-northeast-1_Xyz");
    const wrong = [
      undefined,
      "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other", // another pool
      "https://cognito-idp.eu-west-1.amazonaws.com/us-east-1_Pool", // another region
      "http://127.0.0.1:9229/us-east-1_Pool", // an emulator's own URL (cognito-local)
      `${ISS}/`,
    ];
    for (const iss of wrong) {
      const client = fakeClient([
        () => ({ AuthenticationResult: { IdToken: jwt({ iss, sub: "from-token", aud: "client1", token_use: "id" }) } }),
        () => ({ Username: "u", UserAttributes: [{ Name: "sub", Value: "from-pool" }] }),
      ]);
      const r = await signIn(client as never, settings, "b@example.com", "pw");
      assert.equal(r.kind === "success" && r.subject, "from-pool", `iss ${iss} must not be trusted`);
      assert.ok(client.sent[1] instanceof AdminGetUserCommand);
    }
    // With an endpoint override the issuer is still Cognito's: the region comes from the settings.
    const regional = fakeClient([
      () => ({ AuthenticationResult: { IdToken: jwt({ iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool", sub: "s", aud: "client1", token_use: "id" }) } }),
    ]);
    const r = await signIn(regional as never, { ...settings, region: "us-east-1" }, "a", "b");
    assert.equal(r.kind, "success");
    assert.equal(regional.sent.length, 1);
  });

  it("never treats a challenge as a login: the challenge, its Session and parameters come back", async () => {
    const client = fakeClient([() => ({ ChallengeName: "SOFTWARE_TOKEN_MFA", Session: "sess", ChallengeParameters: { USER_ID_FOR_SRP: "u-1" } })]);
    assert.deepEqual(await signIn(client as never, settings, "mfa@example.com", "pw"), {
      kind: "challenge",
      challenge: { name: "SOFTWARE_TOKEN_MFA", session: "sess", parameters: { USER_ID_FOR_SRP: "u-1" } },
    });
  });

  it("a challenge without a Session cannot be answered: a failure, never a login", async () => {
    const client = fakeClient([() => ({ ChallengeName: "SMS_MFA", ChallengeParameters: {} })]);
    const r = await signIn(client as never, settings, "sms@example.com", "pw");
    assert.equal(r.kind, "failure");
  });

  it("refuses empty or oversized input without calling Cognito", async () => {
    const client = fakeClient([]);
    for (const [u, p] of [["", "pw"], ["u", ""], ["x".repeat(129), "pw"]] as const) {
      assert.deepEqual(await signIn(client as never, settings, u, p), { kind: "failure", reason: "invalid_credentials" });
    }
    assert.equal(client.sent.length, 0);
  });

  it("maps a thrown SDK exception to a failure", async () => {
    const client = fakeClient([
      () => {
        throw new NotAuthorizedException({ message: "Incorrect username or password.", $metadata: {} });
      },
    ]);
    const r = await signIn(client as never, settings, "a", "b");
    assert.deepEqual(r, { kind: "failure", reason: "invalid_credentials", detail: "NotAuthorizedException" });
  });
});

describe("classifyError (reference/cognito.md §3.4)", () => {
  const cases: [string, string, string][] = [
    ["NotAuthorizedException", "Incorrect username or password.", "invalid_credentials"],
    ["NotAuthorizedException", "User is disabled.", "invalid_credentials"],
    ["NotAuthorizedException", "Password attempts exceeded", "too_many_attempts"],
    ["NotAuthorizedException", "Unable to verify secret hash for client abc", "misconfigured"],
    ["UserNotFoundException", "User does not exist.", "invalid_credentials"],
    ["InvalidPasswordException", "Invalid password", "invalid_credentials"],
    ["UserNotConfirmedException", "User is not confirmed.", "not_confirmed"],
    ["PasswordResetRequiredException", "Password reset required for the user", "password_reset_required"],
    ["UserLambdaValidationException", "PreAuthentication failed", "rejected"],
    ["TooManyRequestsException", "Rate exceeded", "throttled"],
    ["InvalidParameterException", "Auth flow not enabled for this client", "misconfigured"],
    ["ResourceNotFoundException", "User pool client x does not exist.", "misconfigured"],
    ["CredentialsProviderError", "Could not load credentials from any providers", "misconfigured"],
    ["InternalErrorException", "boom", "unavailable"],
    ["TimeoutError", "The operation was aborted due to timeout", "unavailable"],
    ["TypeError", "fetch failed", "unavailable"],
  ];
  for (const [name, message, reason] of cases) {
    it(`${name} "${message}" → ${reason}`, () => {
      assert.equal(classifyError(sdkError(name, message)).reason, reason);
    });
  }
  it("treats AWS refusing our credentials or signature as misconfigured (500 + an operator hint), never as unavailable", () => {
    const cases: [string, string, RegExp][] = [
      ["InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", /AWS_SECRET_ACCESS_KEY/],
      ["InvalidSignatureException", "Signature expired: 20260101T000000Z is now earlier than 20260101T001000Z (20260101T001500Z - 5 min.)", /clock/],
      ["UnrecognizedClientException", "The security token included in the request is invalid.", /access key/],
      ["InvalidClientTokenId", "The security token included in the request is invalid.", /access key/],
      ["IncompleteSignatureException", "Credential should have exactly 5 slash-delimited elements.", /malformed/],
      ["MissingAuthenticationTokenException", "Missing Authentication Token", /unsigned/],
      ["ExpiredTokenException", "The security token included in the request is expired", /session token/],
      ["AccessDeniedException", "User: arn:aws:iam::1:user/x is not authorized to perform: cognito-idp:AdminInitiateAuth", /IAM policy/],
      ["CredentialsProviderError", "Could not load credentials from any providers", /no AWS credentials/],
    ];
    for (const [name, message, hint] of cases) {
      const r = classifyError(sdkError(name, message));
      assert.equal(r.reason, "misconfigured", name);
      assert.ok(r.detail.startsWith(`${name}: `), r.detail);
      assert.match(r.detail, hint);
      assert.ok(r.detail.includes(message.slice(0, 40)), "AWS's own words follow the hint");
    }
    // An exception named like an Object.prototype member is not a credential problem.
    assert.equal(classifyError(sdkError("constructor", "x")).reason, "unavailable");
  });

  it("never puts the user-facing detail of an invalid login into logs beyond the exception name", () => {
    assert.equal(classifyError(sdkError("NotAuthorizedException", "Incorrect username or password.")).detail, "NotAuthorizedException");
  });
});
