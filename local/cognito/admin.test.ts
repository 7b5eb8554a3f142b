// Contract tests of the administrative operations of the local Cognito stand-in (AdminGetUser,
// AdminCreateUser, AdminSetUserPassword, AdminUpdateUserAttributes, AdminDisableUser, AdminEnableUser,
// AdminDeleteUser, ListUsers, DescribeUserPool, DescribeUserPoolClient), through the real AWS SDK v3.

import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AliasExistsException,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InvalidParameterException,
  InvalidPasswordException,
  ListUsersCommand,
  NotAuthorizedException,
  ResourceNotFoundException,
  UnsupportedUserStateException,
  UsernameExistsException,
  UserNotFoundException,
  type UserType,
} from "@aws-sdk/client-cognito-identity-provider";
import { decodeJwt } from "jose";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DEMO_COGNITO, demoUser } from "./seed";
import { ALT, APP, type Harness, localCodes, PUBLIC_LEGACY, rejectsWith, signIn, startHarness } from "./test-support";

const POOL = DEMO_COGNITO.userPoolId;
const PASSWORD = DEMO_COGNITO.password;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

const attrs = (list: { Name?: string; Value?: string }[] | undefined) => Object.fromEntries((list ?? []).map((a) => [a.Name, a.Value]));
const getUser = (Username: string, UserPoolId: string = POOL) => h.client.send(new AdminGetUserCommand({ UserPoolId, Username }));
const create = (Username: string, extra: Partial<ConstructorParameters<typeof AdminCreateUserCommand>[0]> = {}) =>
  h.client.send(new AdminCreateUserCommand({ UserPoolId: POOL, Username, TemporaryPassword: "Temp-Pass9!", MessageAction: "SUPPRESS", ...extra }));
const setPassword = (Username: string, Password: string, Permanent: boolean) =>
  h.client.send(new AdminSetUserPasswordCommand({ UserPoolId: POOL, Username, Password, Permanent }));

describe("AdminGetUser", () => {
  it("returns every attribute as a string, the status and the dates, by e-mail, by sub and in any case", async () => {
    const demo = demoUser("demo@example.com");
    for (const login of [demo.loginId, demo.sub, "Demo@Example.com"]) {
      const u = await getUser(login);
      assert.equal(u.Username, demo.sub);
      assert.equal(u.UserStatus, "CONFIRMED");
      assert.equal(u.Enabled, true);
      assert.ok(u.UserCreateDate instanceof Date && u.UserLastModifiedDate instanceof Date);
      const a = attrs(u.UserAttributes);
      assert.equal(a.sub, demo.sub);
      assert.equal(a.email, "demo@example.com");
      assert.equal(a.email_verified, "true");
      assert.equal(a.phone_number_verified, "false");
      assert.equal(a.name, "Demo User");
      assert.equal(typeof JSON.parse(a.address!).street_address, "string");
      assert.match(a.updated_at!, /^\d+$/);
      assert.equal(u.UserMFASettingList, undefined);
    }
  });

  it("reports MFA settings", async () => {
    const mfa = await getUser("mfa@example.com");
    assert.equal(mfa.PreferredMfaSetting, "SOFTWARE_TOKEN_MFA");
    assert.deepEqual(mfa.UserMFASettingList, ["SOFTWARE_TOKEN_MFA"]);
    const sms = await getUser("sms@example.com");
    assert.deepEqual(sms.MFAOptions, [{ DeliveryMedium: "SMS", AttributeName: "phone_number" }]);
    assert.equal((await getUser("disabled@example.com")).Enabled, false);
    assert.equal((await getUser("unconfirmed@example.com")).UserStatus, "UNCONFIRMED");
    assert.equal((await getUser("reset@example.com")).UserStatus, "RESET_REQUIRED");
  });

  it("answers unknown users and pools", async () => {
    await rejectsWith(getUser("nobody@example.com"), UserNotFoundException, "User does not exist.");
    await rejectsWith(getUser("demo@example.com", "us-east-1_Nope"), ResourceNotFoundException, "User pool us-east-1_Nope does not exist.");
    // Case-sensitive alt pool.
    assert.equal((await getUser("alice", ALT.userPoolId)).Username, "alice");
    await rejectsWith(getUser("ALICE", ALT.userPoolId), UserNotFoundException);
  });
});

describe("AdminCreateUser", () => {
  it("creates an email-as-username user: the username is a generated UUID equal to sub", async () => {
    const out = await create("New.Person@example.com", {
      UserAttributes: [
        { Name: "given_name", Value: "New" },
        { Name: "email_verified", Value: "true" },
        { Name: "custom:tenant", Value: "acme" },
      ],
    });
    const u = out.User!;
    assert.match(u.Username!, UUID);
    const a = attrs(u.Attributes);
    assert.equal(a.sub, u.Username);
    assert.equal(a.email, "New.Person@example.com");
    assert.equal(a.given_name, "New");
    assert.equal(a["custom:tenant"], "acme");
    assert.equal(u.UserStatus, "FORCE_CHANGE_PASSWORD");
    assert.equal(u.Enabled, true);
    // The temporary password leads to NEW_PASSWORD_REQUIRED; lookups ignore case but keep it.
    const first = await signIn(h, "new.person@example.com", "Temp-Pass9!");
    assert.equal(first.ChallengeName, "NEW_PASSWORD_REQUIRED");
    assert.equal(attrs((await getUser("NEW.PERSON@EXAMPLE.COM")).UserAttributes).email, "New.Person@example.com");
  });

  it("refuses duplicates (in any case), non-e-mail usernames, weak temporary passwords and unknown attributes", async () => {
    await rejectsWith(create("DEMO@example.com"), UsernameExistsException, "An account with the given email already exists.");
    await rejectsWith(create("not-an-email"), InvalidParameterException, "Username should be an email.");
    await rejectsWith(create("weak@example.com", { TemporaryPassword: "short" }), InvalidPasswordException, "Password does not conform to policy: Password not long enough");
    await rejectsWith(
      create("attr@example.com", { UserAttributes: [{ Name: "custom:nope", Value: "x" }] }),
      InvalidParameterException,
      "Attributes did not conform to the schema: Type for attribute {custom:nope} could not be determined",
    );
    await rejectsWith(create("phone@example.com", { UserAttributes: [{ Name: "phone_number", Value: "555-0100" }] }), InvalidParameterException, "Invalid phone number format.");
    await rejectsWith(create("sub@example.com", { UserAttributes: [{ Name: "sub", Value: "mine" }] }), InvalidParameterException);
    await rejectsWith(create("x@example.com", { UserPoolId: "us-east-1_Nope" }), ResourceNotFoundException);
  });

  it("without SUPPRESS generates a temporary password and 'sends' an invitation, readable locally and never logged", async () => {
    const out = await create("invited@example.com", { TemporaryPassword: undefined, MessageAction: undefined, DesiredDeliveryMediums: ["EMAIL"] });
    const { messages } = await localCodes(h.standIn.url, "invited@example.com");
    const invitation = messages.INVITATION!;
    assert.equal(invitation.deliveryMedium, "EMAIL");
    assert.equal(invitation.destination, "i***@e***.com");
    const temporary = invitation.temporaryPassword!;
    assert.ok(temporary.length >= 8);
    assert.ok(!h.logs.some((l) => l.includes(temporary)), "the temporary password must not be logged");
    assert.equal((await signIn(h, "invited@example.com", temporary)).ChallengeName, "NEW_PASSWORD_REQUIRED");

    // RESEND: a new temporary password for a user still in FORCE_CHANGE_PASSWORD.
    await create("invited@example.com", { MessageAction: "RESEND", TemporaryPassword: "Resent-Pass1!" });
    assert.equal((await signIn(h, "invited@example.com", "Resent-Pass1!")).ChallengeName, "NEW_PASSWORD_REQUIRED");
    await rejectsWith(signIn(h, "invited@example.com", temporary), NotAuthorizedException, "Incorrect username or password.");
    await rejectsWith(create("demo@example.com", { MessageAction: "RESEND" }), UnsupportedUserStateException);
    await rejectsWith(create("ghost@example.com", { MessageAction: "RESEND" }), UserNotFoundException);
    assert.equal(out.User!.UserStatus, "FORCE_CHANGE_PASSWORD");
  });

  it("keeps the chosen username in a plain-username, case-sensitive pool", async () => {
    const out = await h.client.send(
      new AdminCreateUserCommand({
        UserPoolId: ALT.userPoolId,
        Username: "carol",
        TemporaryPassword: "Temp-Pass9!",
        MessageAction: "SUPPRESS",
        UserAttributes: [{ Name: "email", Value: "carol@example.com" }],
      }),
    );
    assert.equal(out.User!.Username, "carol");
    assert.match(attrs(out.User!.Attributes).sub!, UUID);
    // "Carol" is someone else in a case-sensitive pool.
    const other = await h.client.send(new AdminCreateUserCommand({ UserPoolId: ALT.userPoolId, Username: "Carol", MessageAction: "SUPPRESS" }));
    assert.equal(other.User!.Username, "Carol");
    await rejectsWith(
      h.client.send(new AdminCreateUserCommand({ UserPoolId: ALT.userPoolId, Username: "carol", MessageAction: "SUPPRESS" })),
      UsernameExistsException,
      "User account already exists",
    );
    // Any valid username is just data, even one that is special in JavaScript.
    await h.client.send(new AdminCreateUserCommand({ UserPoolId: ALT.userPoolId, Username: "__proto__", MessageAction: "SUPPRESS" }));
    assert.equal((await getUser("__proto__", ALT.userPoolId)).Username, "__proto__");
  });
});

describe("AdminSetUserPassword", () => {
  it("enforces the password policy with InvalidPasswordException", async () => {
    await create("policy@example.com");
    const cases: [string, string][] = [
      ["Aa1!", "Password not long enough"],
      ["ALLUPPER1!", "Password must have lowercase characters"],
      ["alllower1!", "Password must have uppercase characters"],
      ["NoDigits!!", "Password must have numeric characters"],
      ["NoSymbols11", "Password must have symbol characters"],
    ];
    for (const [password, problem] of cases)
      await rejectsWith(setPassword("policy@example.com", password, true), InvalidPasswordException, `Password does not conform to policy: ${problem}`);
    // Leading/trailing whitespace breaks the API's pattern; the value is never echoed.
    const e = await rejectsWith(setPassword("policy@example.com", " Spaced-Pass1! ", true), InvalidParameterException);
    assert.ok(!e.message.includes("Spaced-Pass1!"));
  });

  it("makes a permanent password CONFIRMED and a temporary one FORCE_CHANGE_PASSWORD", async () => {
    await create("perm@example.com");
    await setPassword("perm@example.com", "Perm-Pass1!", true);
    assert.equal((await getUser("perm@example.com")).UserStatus, "CONFIRMED");
    assert.ok((await signIn(h, "perm@example.com", "Perm-Pass1!")).AuthenticationResult);
    await setPassword("perm@example.com", "Temp-Pass2!", false);
    assert.equal((await getUser("perm@example.com")).UserStatus, "FORCE_CHANGE_PASSWORD");
    assert.equal((await signIn(h, "perm@example.com", "Temp-Pass2!")).ChallengeName, "NEW_PASSWORD_REQUIRED");
    await rejectsWith(setPassword("nobody@example.com", "Perm-Pass1!", true), UserNotFoundException);
  });

  it("works on any user: a RESET_REQUIRED or UNCONFIRMED user becomes CONFIRMED", async () => {
    await setPassword("unconfirmed@example.com", "Fresh-Pass1!", true);
    assert.ok((await signIn(h, "unconfirmed@example.com", "Fresh-Pass1!")).AuthenticationResult);
    await setPassword("reset@example.com", "Fresh-Pass1!", true);
    assert.ok((await signIn(h, "reset@example.com", "Fresh-Pass1!")).AuthenticationResult);
  });
});

describe("AdminUpdateUserAttributes", () => {
  it("updates attributes, which then appear in AdminGetUser and in new ID tokens", async () => {
    await create("update@example.com");
    await setPassword("update@example.com", PASSWORD, true);
    await h.client.send(
      new AdminUpdateUserAttributesCommand({
        UserPoolId: POOL,
        Username: "update@example.com",
        UserAttributes: [
          { Name: "name", Value: "Updated Name" },
          { Name: "phone_number", Value: "+15555550199" },
          { Name: "custom:tenant", Value: "t1" },
        ],
      }),
    );
    const a = attrs((await getUser("update@example.com")).UserAttributes);
    assert.equal(a.name, "Updated Name");
    assert.equal(a.phone_number, "+15555550199");
    assert.equal(a.phone_number_verified, "false");
    const id = decodeJwt((await signIn(h, "update@example.com", PASSWORD)).AuthenticationResult!.IdToken!);
    assert.equal(id.name, "Updated Name");
    assert.equal(id["custom:tenant"], "t1");
  });

  it("marks a changed e-mail unverified and keeps e-mail addresses unique", async () => {
    await create("moving@example.com", { UserAttributes: [{ Name: "email_verified", Value: "true" }] });
    await h.client.send(
      new AdminUpdateUserAttributesCommand({ UserPoolId: POOL, Username: "moving@example.com", UserAttributes: [{ Name: "email", Value: "moved@example.com" }] }),
    );
    const a = attrs((await getUser("moved@example.com")).UserAttributes);
    assert.equal(a.email, "moved@example.com");
    assert.equal(a.email_verified, "false");
    await rejectsWith(getUser("moving@example.com"), UserNotFoundException);
    await rejectsWith(
      h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: POOL, Username: "moved@example.com", UserAttributes: [{ Name: "email", Value: "DEMO@example.com" }] })),
      AliasExistsException,
      "An account with the given email already exists.",
    );
  });

  it("refuses immutable, unknown and malformed attributes", async () => {
    const update = (Name: string, Value: string) =>
      h.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: POOL, Username: "demo@example.com", UserAttributes: [{ Name, Value }] }));
    await rejectsWith(update("sub", "x"), InvalidParameterException, "Cannot modify the non-mutable attribute sub");
    await rejectsWith(update("favourite_colour", "blue"), InvalidParameterException, /could not be determined/);
    await rejectsWith(update("email", "not-an-address"), InvalidParameterException, "Invalid email address format.");
    await rejectsWith(update("email_verified", "yes"), InvalidParameterException);
    await rejectsWith(update("birthdate", "1990"), InvalidParameterException);
  });
});

describe("AdminDisableUser, AdminEnableUser, AdminDeleteUser", () => {
  it("disables and re-enables sign-in", async () => {
    await create("toggle@example.com");
    await setPassword("toggle@example.com", PASSWORD, true);
    await h.client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: "toggle@example.com" }));
    assert.equal((await getUser("toggle@example.com")).Enabled, false);
    await rejectsWith(signIn(h, "toggle@example.com", PASSWORD), NotAuthorizedException, "User is disabled.");
    await h.client.send(new AdminEnableUserCommand({ UserPoolId: POOL, Username: "toggle@example.com" }));
    assert.equal((await getUser("toggle@example.com")).Enabled, true);
    assert.ok((await signIn(h, "toggle@example.com", PASSWORD)).AuthenticationResult);
    await rejectsWith(h.client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: "nobody@example.com" })), UserNotFoundException);
  });

  it("deletes a user: gone for AdminGetUser, sign-in and a second delete", async () => {
    await create("doomed@example.com");
    await setPassword("doomed@example.com", PASSWORD, true);
    await h.client.send(new AdminDeleteUserCommand({ UserPoolId: POOL, Username: "doomed@example.com" }));
    await rejectsWith(getUser("doomed@example.com"), UserNotFoundException, "User does not exist.");
    await rejectsWith(signIn(h, "doomed@example.com", PASSWORD), NotAuthorizedException, "Incorrect username or password.");
    await rejectsWith(signIn(h, "doomed@example.com", PASSWORD, PUBLIC_LEGACY), UserNotFoundException);
    await rejectsWith(h.client.send(new AdminDeleteUserCommand({ UserPoolId: POOL, Username: "doomed@example.com" })), UserNotFoundException);
  });
});

describe("ListUsers", () => {
  const list = (input: Omit<ConstructorParameters<typeof ListUsersCommand>[0], "UserPoolId"> = {}, UserPoolId: string = POOL) =>
    h.client.send(new ListUsersCommand({ UserPoolId, ...input }));
  const emails = (users: UserType[] | undefined) => (users ?? []).map((u) => attrs(u.Attributes).email).sort();

  it("lists users with attributes, and filters with = and ^= on the standard filterable attributes", async () => {
    const all = await list();
    assert.ok(all.Users!.length >= 9);
    assert.ok(emails(all.Users).includes("demo@example.com"));
    assert.deepEqual(emails((await list({ Filter: 'email = "demo@example.com"' })).Users), ["demo@example.com"]);
    assert.deepEqual(emails((await list({ Filter: 'email ^= "s"' })).Users), ["second@example.com", "select@example.com", "sms@example.com"]);
    assert.deepEqual(emails((await list({ Filter: 'family_name = "User"' })).Users), ["demo@example.com"]);
    assert.deepEqual(emails((await list({ Filter: 'phone_number ^= "+1555555010"' })).Users), ["demo@example.com", "select@example.com", "sms@example.com"]);
    assert.deepEqual(emails((await list({ Filter: 'status = "Disabled"' })).Users), ["disabled@example.com"]);
    assert.deepEqual(emails((await list({ Filter: 'cognito:user_status = "force_change_password"' })).Users).includes("newpass@example.com"), true);
    const sub = demoUser("sms@example.com").sub;
    assert.deepEqual(emails((await list({ Filter: `sub = "${sub}"` })).Users), ["sms@example.com"]);
    assert.deepEqual(emails((await list({ Filter: `username = "${sub}"` })).Users), ["sms@example.com"]);
    assert.deepEqual((await list({ Filter: 'name = "Nobody"' })).Users, []);
    assert.deepEqual((await list({ Filter: 'name = "Alice Example"' }, ALT.userPoolId)).Users!.map((u) => u.Username), ["alice"]);
  });

  it("returns only AttributesToGet", async () => {
    const out = await list({ Filter: 'email = "demo@example.com"', AttributesToGet: ["email", "name"] });
    assert.deepEqual(attrs(out.Users![0]!.Attributes), { email: "demo@example.com", name: "Demo User" });
  });

  it("pages with Limit and PaginationToken", async () => {
    const total = (await list()).Users!.length;
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await list({ Limit: 3, PaginationToken: token });
      assert.ok(page.Users!.length <= 3);
      seen.push(...page.Users!.map((u) => u.Username!));
      token = page.PaginationToken;
      pages++;
    } while (token);
    assert.equal(seen.length, total);
    assert.equal(new Set(seen).size, total);
    assert.equal(pages, Math.ceil(total / 3));
  });

  it("refuses bad filters, limits and tokens with InvalidParameterException", async () => {
    await rejectsWith(list({ Filter: "email = demo@example.com" }), InvalidParameterException, "Error while parsing filter");
    await rejectsWith(list({ Filter: 'custom:tenant = "acme"' }), InvalidParameterException, "Invalid search attribute: custom:tenant");
    await rejectsWith(list({ Limit: 61 }), InvalidParameterException, /Member must have value less than or equal to 60/);
    await rejectsWith(list({ PaginationToken: "bogus" }), InvalidParameterException);
    await rejectsWith(list({}, "us-east-1_Nope"), ResourceNotFoundException);
  });
});

describe("DescribeUserPool and DescribeUserPoolClient", () => {
  it("describes the app pool", async () => {
    const p = (await h.client.send(new DescribeUserPoolCommand({ UserPoolId: POOL }))).UserPool!;
    assert.equal(p.Id, POOL);
    assert.equal(p.Arn, `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL}`);
    assert.deepEqual(p.UsernameAttributes, ["email"]);
    assert.equal(p.UsernameConfiguration!.CaseSensitive, false);
    assert.equal(p.MfaConfiguration, "OPTIONAL");
    assert.deepEqual(p.Policies!.PasswordPolicy, {
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    });
    const schema = Object.fromEntries(p.SchemaAttributes!.map((a) => [a.Name, a]));
    assert.equal(schema.sub!.Required, true);
    assert.equal(schema.sub!.Mutable, false);
    assert.equal(schema.email!.Required, true);
    assert.equal(schema["custom:tenant"]!.AttributeDataType, "String");
    assert.ok(p.EstimatedNumberOfUsers! >= 9);
    assert.ok(p.CreationDate instanceof Date);
    await rejectsWith(h.client.send(new DescribeUserPoolCommand({ UserPoolId: "us-east-1_Nope" })), ResourceNotFoundException, "User pool us-east-1_Nope does not exist.");
  });

  it("describes app clients, with the secret only where there is one", async () => {
    const c = (await h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: POOL, ClientId: APP.clientId }))).UserPoolClient!;
    assert.equal(c.ClientSecret, DEMO_COGNITO.clientSecret);
    assert.deepEqual(c.ExplicitAuthFlows, ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    assert.equal(c.PreventUserExistenceErrors, "ENABLED");
    assert.equal(c.AuthSessionValidity, 3);
    assert.equal(c.AccessTokenValidity, 60);
    assert.deepEqual(c.TokenValidityUnits, { AccessToken: "minutes", IdToken: "minutes", RefreshToken: "days" });
    const legacy = (await h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: POOL, ClientId: PUBLIC_LEGACY.clientId }))).UserPoolClient!;
    assert.equal(legacy.ClientSecret, undefined);
    assert.equal(legacy.PreventUserExistenceErrors, "LEGACY");
    await rejectsWith(
      h.client.send(new DescribeUserPoolClientCommand({ UserPoolId: POOL, ClientId: ALT.clientId })),
      ResourceNotFoundException,
      `User pool client ${ALT.clientId} does not exist.`,
    );
  });
});
