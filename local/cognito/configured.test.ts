// The contract subset that also makes sense against another Cognito: a real user pool, moto_server, or
// a stand-in already running. It creates its own throwaway user (AdminCreateUser), signs in, checks a
// wrong password, disables and deletes the user — so the same expectations the stand-in is held to can
// be checked against an independent implementation. Without configuration it is reported as skipped.
//
// Environment:
//   COGNITO_CONTRACT_ENDPOINT       endpoint URL of a Cognito-compatible server (moto_server:
//                                   http://127.0.0.1:9340). Leave unset for real AWS.
//   COGNITO_CONTRACT_USER_POOL_ID   user pool to create the throwaway user in (required)
//   COGNITO_CONTRACT_CLIENT_ID      app client with ALLOW_ADMIN_USER_PASSWORD_AUTH (required)
//   COGNITO_CONTRACT_CLIENT_SECRET  that client's secret, when it has one (SECRET_HASH is then sent)
//   COGNITO_CONTRACT_REGION         default: AWS_REGION, else us-east-1
// Credentials: for real AWS the SDK's ambient chain (AWS_PROFILE, AWS_ACCESS_KEY_ID, …; needs
// cognito-idp:DescribeUserPool, AdminCreateUser, AdminSetUserPassword, AdminInitiateAuth, AdminGetUser,
// AdminDisableUser, AdminDeleteUser on the pool). With an endpoint and no AWS_ACCESS_KEY_ID, dummy ones.
//
//   COGNITO_CONTRACT_ENDPOINT=http://127.0.0.1:9229 COGNITO_CONTRACT_USER_POOL_ID=us-east-1_LocalDemo \
//   COGNITO_CONTRACT_CLIENT_ID=demoappclient0000000000000a COGNITO_CONTRACT_CLIENT_SECRET=demo-cognito-client-secret \
//   node --import tsx --test local/cognito/configured.test.ts

import type { CognitoIdentityProviderClientConfig } from "@aws-sdk/client-cognito-identity-provider";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { secretHash } from "./seed";

const env = process.env;
const endpoint = env.COGNITO_CONTRACT_ENDPOINT || undefined;
const userPoolId = env.COGNITO_CONTRACT_USER_POOL_ID || "";
const clientId = env.COGNITO_CONTRACT_CLIENT_ID || "";
const clientSecret = env.COGNITO_CONTRACT_CLIENT_SECRET || undefined;
const region = env.COGNITO_CONTRACT_REGION || env.AWS_REGION || "us-east-1";

function skipReason(): string | false {
  if (!endpoint && !userPoolId) return "COGNITO_CONTRACT_ENDPOINT not set (nor COGNITO_CONTRACT_USER_POOL_ID for real AWS)";
  const missing = [!userPoolId && "COGNITO_CONTRACT_USER_POOL_ID", !clientId && "COGNITO_CONTRACT_CLIENT_ID"].filter(Boolean);
  return missing.length ? `${missing.join(" and ")} not set` : false;
}

const skip = skipReason();

test(`against a configured Cognito (${endpoint ?? `AWS ${region}`})`, { skip }, async (t) => {
  // Loaded here, so the skipped case costs nothing.
  const {
    AdminCreateUserCommand,
    AdminDeleteUserCommand,
    AdminDisableUserCommand,
    AdminGetUserCommand,
    AdminInitiateAuthCommand,
    AdminSetUserPasswordCommand,
    CognitoIdentityProviderClient,
    DescribeUserPoolCommand,
    NotAuthorizedException,
    UserNotFoundException,
  } = await import("@aws-sdk/client-cognito-identity-provider");
  const { rejectsWith } = await import("./test-support");
  const config: CognitoIdentityProviderClientConfig = { region, maxAttempts: 1 };
  if (endpoint) config.endpoint = endpoint;
  if (endpoint && !env.AWS_ACCESS_KEY_ID) config.credentials = { accessKeyId: "local", secretAccessKey: "local" };
  const client = new CognitoIdentityProviderClient(config);
  const password = `Contract-${randomBytes(6).toString("hex")}-Aa1!`;
  let created = false;

  const pool = (await client.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }))).UserPool!;
  const tag = `contract-${Date.now()}-${randomBytes(3).toString("hex")}`;
  const login = pool.UsernameAttributes?.includes("email") ? `${tag}@example.com` : tag;

  const hash = (username: string): Record<string, string> =>
    clientSecret ? { SECRET_HASH: secretHash(username, clientId, clientSecret) } : {};
  const signIn = (pw: string) =>
    client.send(
      new AdminInitiateAuthCommand({
        UserPoolId: userPoolId,
        ClientId: clientId,
        AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
        AuthParameters: { USERNAME: login, PASSWORD: pw, ...hash(login) },
      }),
    );

  try {
    await t.test("creates a throwaway user and gives it a permanent password", async () => {
      const out = await client.send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: login,
          MessageAction: "SUPPRESS",
          TemporaryPassword: `Temp-${randomBytes(6).toString("hex")}-Aa1!`,
          UserAttributes: [
            { Name: "email", Value: login.includes("@") ? login : `${login}@example.com` },
            { Name: "email_verified", Value: "true" },
            { Name: "name", Value: "Contract Test" },
          ],
        }),
      );
      created = true;
      assert.equal(out.User!.UserStatus, "FORCE_CHANGE_PASSWORD");
      await client.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: login, Password: password, Permanent: true }));
      const got = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: login }));
      assert.equal(got.UserStatus, "CONFIRMED");
      assert.equal(got.Enabled, true);
    });

    await t.test("signs the user in with ADMIN_USER_PASSWORD_AUTH", async () => {
      const out = await signIn(password);
      assert.equal(out.ChallengeName, undefined);
      assert.ok(out.AuthenticationResult?.IdToken);
      assert.ok(out.AuthenticationResult?.AccessToken);
      assert.equal(out.AuthenticationResult?.TokenType, "Bearer");
      // Developer Guide, "Verifying a JSON Web Token": iss is https://cognito-idp.<region>.amazonaws.com/<pool id>.
      const { decodeJwt } = await import("jose");
      assert.equal(decodeJwt(out.AuthenticationResult!.IdToken!).iss, `https://cognito-idp.${region}.amazonaws.com/${userPoolId}`);
    });

    await t.test("refuses a wrong password with NotAuthorizedException", async () => {
      await rejectsWith(signIn(`${password}x`), NotAuthorizedException);
    });

    await t.test("refuses a disabled user with NotAuthorizedException", async () => {
      await client.send(new AdminDisableUserCommand({ UserPoolId: userPoolId, Username: login }));
      await rejectsWith(signIn(password), NotAuthorizedException, "User is disabled.");
    });

    await t.test("deletes the user", async () => {
      await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: login }));
      created = false;
      await rejectsWith(client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: login })), UserNotFoundException);
    });
  } finally {
    if (created) await client.send(new AdminDeleteUserCommand({ UserPoolId: userPoolId, Username: login })).catch(() => {});
    client.destroy();
  }
});
