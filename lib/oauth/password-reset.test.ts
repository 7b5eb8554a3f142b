// Password recovery inside a pending authorization request, with a scripted Cognito client.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { captureLogs, fakeCognito, fakeCookies, testDeps } from "./test-support";
import { decide } from "./authorization";
import { resetLoginId, resetPassword } from "./password-reset";
import { getSession, savePending } from "../session";

const ID = "AAAAAAAAAAAAAAAAAAAAAA";
const T0 = 1_800_000_000_000;
const fail = (name: string, message = name) => () => Object.assign(new Error(message), { name });

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

async function setUp(answers: Parameters<typeof fakeCognito>[0]) {
  const cookies = fakeCookies();
  await savePending({ id: ID, ticket: "t", createdAt: T0, clientId: "1", client: { name: "Demo" }, scopes: [] }, cookies.store);
  const cognito = fakeCognito(answers);
  return { cookies, cognito, deps: testDeps({ store: cookies.store, cognito }) };
}

const run = async (deps: ReturnType<typeof testDeps>, fields: Record<string, string>) => (await captureLogs(() => resetPassword(ID, form(fields), deps))).result;

describe("password recovery", () => {
  it("PasswordResetRequiredException on sign-in reads exactly like a wrong password (Cognito gives it for any password); nobody signed in", async () => {
    // Sending the user to the reset page here would tell anyone that the account exists (issue 6, item 3): the
    // message of a wrong password points to "Forgot password?", and every such failure alike leaves the typed
    // Login ID for that page.
    const reset = await setUp([fail("PasswordResetRequiredException", "Password reset required for the user")]);
    const wrong = await setUp([fail("NotAuthorizedException", "Incorrect username or password.")]);
    const a = (await captureLogs(() => decide(ID, form({ loginId: "reset@example.com", password: "Demo-Pass1!" }), reset.deps))).result;
    const b = (await captureLogs(() => decide(ID, form({ loginId: "reset@example.com", password: "Demo-Pass1!" }), wrong.deps))).result;
    assert.deepEqual(a, { state: { error: "invalidCredentials", loginId: "reset@example.com" } });
    assert.deepEqual(b, a);
    const names = (c: typeof reset) => c.cookies.written.map((w) => `${w.name} ${String(w.options.path)}`);
    assert.deepEqual(names(reset), names(wrong), "the same cookies, on the same paths");
    for (const c of [reset, wrong]) {
      assert.equal(await resetLoginId(ID, c.cookies.store), "reset@example.com", "the reset page starts with the Login ID");
      assert.equal((await getSession(c.cookies.store)).user, undefined);
    }
  });

  it("Send code: the same answer whether the account exists or not", async () => {
    const exists = await setUp([() => ({ CodeDeliveryDetails: { Destination: "r***@e***.com", DeliveryMedium: "EMAIL" } })]);
    const unknown = await setUp([fail("UserNotFoundException", "Username/client id combination not found.")]);
    const simulated = await setUp([fail("InvalidParameterException", "Cannot reset password for the user as there is no registered/verified email or phone_number")]);
    const a = await run(exists.deps, { op: "send", loginId: "reset@example.com" });
    const b = await run(unknown.deps, { op: "send", loginId: "reset@example.com" });
    const c = await run(simulated.deps, { op: "send", loginId: "reset@example.com" });
    assert.deepEqual(a, { state: { stage: "confirm", loginId: "reset@example.com", sent: true } });
    assert.deepEqual(b, a);
    assert.deepEqual(c, a);
  });

  it("Confirm: checks here first, Cognito's refusals in words, success back to sign-in with a notice", async () => {
    const { cookies, cognito, deps } = await setUp([fail("CodeMismatchException"), fail("ExpiredCodeException"), fail("InvalidPasswordException", "Password does not conform to policy: Password must have symbol characters"), () => ({})]);
    const base = { op: "confirm", loginId: "reset@example.com", code: "123456", newPassword: "New-Pass1!", confirmPassword: "New-Pass1!" };
    assert.deepEqual(await run(deps, { ...base, confirmPassword: "x" }), { state: { stage: "confirm", loginId: "reset@example.com", error: "passwordsDiffer" } });
    assert.deepEqual(await run(deps, { ...base, code: "" }), { state: { stage: "confirm", loginId: "reset@example.com", error: "enterCode" } });
    assert.equal(cognito.sent.length, 0);
    assert.deepEqual(await run(deps, base), { state: { stage: "confirm", loginId: "reset@example.com", error: "wrongCode" } });
    assert.deepEqual(await run(deps, base), { state: { stage: "confirm", loginId: "reset@example.com", error: "codeExpired" } });
    assert.deepEqual(await run(deps, base), { state: { stage: "confirm", loginId: "reset@example.com", problem: "password_needsSymbol" } });
    assert.deepEqual(await run(deps, base), { redirectTo: `/authorize/${ID}?notice=passwordChanged` });
    assert.deepEqual(cognito.sent, ["ConfirmForgotPasswordCommand", "ConfirmForgotPasswordCommand", "ConfirmForgotPasswordCommand", "ConfirmForgotPasswordCommand"]);
    assert.equal((await getSession(cookies.store)).user, undefined, "a reset never signs anyone in");
  });

  it("an unknown login ID with a made-up code reads like a wrong code", async () => {
    const { deps } = await setUp([fail("UserNotFoundException")]);
    const r = await run(deps, { op: "confirm", loginId: "nobody@example.com", code: "123456", newPassword: "New-Pass1!", confirmPassword: "New-Pass1!" });
    assert.deepEqual(r, { state: { stage: "confirm", loginId: "nobody@example.com", error: "wrongCode" } });
  });

  it("I already have a code: to the second stage without sending one; a used request shows the expired view", async () => {
    const { cognito, deps } = await setUp([]);
    assert.deepEqual(await run(deps, { op: "have-code", loginId: "reset@example.com" }), { state: { stage: "confirm", loginId: "reset@example.com" } });
    assert.equal(cognito.sent.length, 0);
    const gone = testDeps({ store: fakeCookies().store });
    assert.deepEqual(await run(gone, { op: "send", loginId: "x" }), { state: { stage: "request", expired: true } });
  });
});
