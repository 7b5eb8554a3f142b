// The steps after the password, end to end through the flow functions with scripted Cognito and Authlete
// clients, an in-memory cookie store and a clock the tests move.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { captureLogs, fakeAuthlete, fakeCognito, fakeCookies, testDeps } from "./test-support";
import { decide } from "./authorization";
import { answerStep, groupSecret, otpauthUri, readStep, STEP_COOKIE, stepForPage, type ChallengeState } from "./challenge";
import { interactionPolicy } from "./policy";
import { getSession, readPending, savePending, sealForRequest, type PendingAuthorization } from "../session";
import { getConfig } from "../config";

const ID = "AAAAAAAAAAAAAAAAAAAAAA";
const T0 = 1_800_000_000_000;
const SESSION = "AYABe".padEnd(1100, "x"); // Cognito Sessions are about 1 KB

function idToken(payload: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${enc({ alg: "RS256" })}.${enc(payload)}.sig`;
}
const ISS = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test"; // the pool's iss, which lib/cognito checks
const tokens = (sub = "sub-1") => ({ AuthenticationResult: { IdToken: idToken({ iss: ISS, token_use: "id", aud: "testclient", sub, email: "mfa@example.com" }) } });
const challenge = (name: string, parameters: Record<string, string> = {}) => () => ({ ChallengeName: name, Session: SESSION, ChallengeParameters: { USER_ID_FOR_SRP: "uuid-1", ...parameters } });
const fail = (name: string, message = name) => () => Object.assign(new Error(message), { name });

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

interface Run {
  cookies: ReturnType<typeof fakeCookies>;
  cognito: ReturnType<typeof fakeCognito>;
  authlete: ReturnType<typeof fakeAuthlete>;
  issued: Record<string, unknown>[];
  clock: { now: number };
  deps: ReturnType<typeof testDeps>;
}

async function setUp(answers: Parameters<typeof fakeCognito>[0], pending: Partial<PendingAuthorization> = {}): Promise<Run> {
  const cookies = fakeCookies();
  const p: PendingAuthorization = { id: ID, ticket: "ticket-1", createdAt: T0, clientId: "1", client: { name: "Demo" }, scopes: [{ name: "openid" }], ...pending };
  await savePending(p, cookies.store);
  const issued: Record<string, unknown>[] = [];
  const authlete = fakeAuthlete({
    authorizationIssue: async (body) => {
      issued.push(body as unknown as Record<string, unknown>);
      return { action: "LOCATION", responseContent: "https://client.example.org/cb?code=c" };
    },
  });
  const cognito = fakeCognito(answers);
  const clock = { now: T0 };
  const deps = testDeps({ store: cookies.store, authlete, cognito, now: () => clock.now });
  return { cookies, cognito, authlete, issued, clock, deps };
}

async function signInPassword(run: Run, loginId = "mfa@example.com") {
  return (await captureLogs(() => decide(ID, form({ loginId, password: "Demo-Pass1!" }), run.deps))).result;
}

async function answer(run: Run, fields: Record<string, string>) {
  return (await captureLogs(() => answerStep(ID, form(fields), run.deps))).result;
}

async function step(run: Run): Promise<ChallengeState | undefined> {
  return readStep(ID, run.cookies.store);
}

async function signedInUser(run: Run) {
  return (await getSession(run.cookies.store)).user;
}

describe("a challenge after the password", () => {
  it("starts a step: back to the page, state sealed in its own cookie on the request's path, nobody signed in", async () => {
    const run = await setUp([challenge("SOFTWARE_TOKEN_MFA")]);
    assert.deepEqual(await signInPassword(run), { redirectTo: `/authorize/${ID}` });
    const written = run.cookies.written.find((c) => c.name === STEP_COOKIE);
    assert.equal(written?.options.path, `/authorize/${ID}`);
    assert.equal(written?.options.httpOnly, true);
    const s = await step(run);
    assert.equal(s?.name, "SOFTWARE_TOKEN_MFA");
    assert.equal(s?.session, SESSION);
    assert.equal(s?.username, "uuid-1", "answers go to USER_ID_FOR_SRP, the real username");
    assert.equal(s?.expiresAt, T0 + 180_000, "Cognito's Session lives 3 minutes");
    assert.equal(await signedInUser(run), undefined);
    assert.deepEqual(run.authlete.calls, [], "Authlete is not told anything yet");
    // A prompt=none request from this browser still meets no login session.
    const silent = interactionPolicy({
      request: { prompts: ["NONE"], scopes: [], client: "1" },
      session: { user: await signedInUser(run) },
      now: T0 / 1000,
      sessionTtl: 3600,
      acr: getConfig().acr,
    });
    assert.deepEqual(silent, { kind: "fail", reason: "NOT_LOGGED_IN" });
    assert.deepEqual(await stepForPage(ID, run.deps), { state: s, expired: false });
  });

  it("TOTP: a wrong code stays on the step with a message; the right one signs in with amr pwd otp mfa and the mfa acr", async () => {
    const run = await setUp([challenge("SOFTWARE_TOKEN_MFA"), fail("CodeMismatchException", "Invalid code received for user"), () => tokens()]);
    await signInPassword(run);
    assert.deepEqual(await answer(run, { code: "12345" }), { state: { error: "enterCode" } }, "five digits never reach Cognito");
    assert.deepEqual(await answer(run, { code: "000000" }), { state: { error: "wrongCode" } });
    assert.ok(await step(run), "the step survives a wrong code");
    assert.equal(await signedInUser(run), undefined, "a failed step leaves no sign-in");
    assert.deepEqual(await answer(run, { code: "123 456" }), { redirectTo: "https://client.example.org/cb?code=c" });
    assert.deepEqual(run.cognito.sent, ["AdminInitiateAuthCommand", "AdminRespondToAuthChallengeCommand", "AdminRespondToAuthChallengeCommand"]);
    const user = await signedInUser(run);
    assert.deepEqual(user?.amr, ["pwd", "otp", "mfa"]);
    assert.equal(user?.sub, "sub-1");
    assert.deepEqual(JSON.parse(run.issued[0]!.claims as string).amr, ["pwd", "otp", "mfa"]);
    assert.equal(run.issued[0]!.acr, "urn:nextjs-oauth-server:acr:mfa");
    assert.equal(await step(run), undefined, "the step cookie is dropped");
    assert.equal(await readPending(ID, T0, run.cookies.store), undefined, "the request is used");
  });

  it("SMS: the code goes out as SMS_MFA_CODE; amr pwd sms mfa", async () => {
    const sent: unknown[] = [];
    const run = await setUp([
      challenge("SMS_MFA", { CODE_DELIVERY_DESTINATION: "+*******0101" }),
      (cmd) => {
        sent.push(cmd.input);
        return tokens();
      },
    ]);
    await signInPassword(run, "sms@example.com");
    assert.deepEqual((await step(run))?.step, { kind: "code", factor: "SMS_MFA", destination: "+*******0101" });
    await answer(run, { code: "654321" });
    const responses = (sent[0] as { ChallengeResponses: Record<string, string> }).ChallengeResponses;
    assert.equal(responses.SMS_MFA_CODE, "654321");
    assert.equal(responses.USERNAME, "uuid-1");
    assert.deepEqual((await signedInUser(run))?.amr, ["pwd", "sms", "mfa"]);
  });

  it("e-mail OTP: 8 digits; amr pwd otp mfa", async () => {
    const run = await setUp([challenge("EMAIL_OTP", { CODE_DELIVERY_DESTINATION: "e***@e***.com" }), () => tokens()]);
    await signInPassword(run, "email-otp@example.com");
    assert.deepEqual(await answer(run, { code: "123456" }), { state: { error: "enterCode" } });
    await answer(run, { code: "12345678" });
    assert.deepEqual((await signedInUser(run))?.amr, ["pwd", "otp", "mfa"]);
  });

  it("SELECT_MFA_TYPE: an offered factor only; the chosen factor's code step follows; its amr", async () => {
    const answers: unknown[] = [];
    const run = await setUp([
      challenge("SELECT_MFA_TYPE", { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' }),
      (cmd) => {
        answers.push(cmd.input);
        return { ChallengeName: "SMS_MFA", Session: "S2".padEnd(1000, "y"), ChallengeParameters: { CODE_DELIVERY_DESTINATION: "+*******0102" } };
      },
      () => tokens(),
    ]);
    await signInPassword(run, "select@example.com");
    assert.deepEqual((await step(run))?.step, { kind: "select", options: ["SMS_MFA", "SOFTWARE_TOKEN_MFA"] });
    assert.deepEqual(await answer(run, { factor: "EMAIL_OTP" }), { state: { error: "chooseOption" } });
    run.clock.now += 60_000;
    assert.deepEqual(await answer(run, { factor: "SMS_MFA" }), { redirectTo: `/authorize/${ID}` });
    assert.equal((answers[0] as { ChallengeResponses: Record<string, string> }).ChallengeResponses.ANSWER, "SMS_MFA");
    const next = await step(run);
    assert.equal(next?.name, "SMS_MFA");
    assert.equal(next?.username, "uuid-1", "the username carries over when the next challenge omits USER_ID_FOR_SRP");
    assert.equal(next?.expiresAt, run.clock.now + 180_000, "a new Session, a new lifetime");
    await answer(run, { code: "111111" });
    assert.deepEqual((await signedInUser(run))?.amr, ["pwd", "sms", "mfa"]);
  });

  it("NEW_PASSWORD_REQUIRED: confirmation and required attributes checked here; policy refusals in words; then amr pwd", async () => {
    const sent: Record<string, string>[] = [];
    const run = await setUp([
      challenge("NEW_PASSWORD_REQUIRED", { requiredAttributes: '["userAttributes.name"]' }),
      fail("InvalidPasswordException", "Password does not conform to policy: Password not long enough"),
      (cmd) => {
        sent.push((cmd.input as { ChallengeResponses: Record<string, string> }).ChallengeResponses);
        return tokens();
      },
    ]);
    await signInPassword(run, "newpass@example.com");
    assert.deepEqual((await step(run))?.step, { kind: "newPassword", requiredAttributes: ["name"] });
    assert.deepEqual(await answer(run, { newPassword: "New-Pass1!", confirmPassword: "New-Pass2!", "attr.name": "N" }), { state: { error: "passwordsDiffer" } });
    assert.deepEqual(await answer(run, { newPassword: "New-Pass1!", confirmPassword: "New-Pass1!", "attr.name": " " }), { state: { error: "fillAttributes" } });
    assert.deepEqual(await answer(run, { newPassword: "Ab1!", confirmPassword: "Ab1!", "attr.name": "New User" }), { state: { error: "password_tooShort" } });
    await answer(run, { newPassword: "New-Pass1!", confirmPassword: "New-Pass1!", "attr.name": "New User" });
    assert.equal(sent[0]?.NEW_PASSWORD, "New-Pass1!");
    assert.equal(sent[0]?.["userAttributes.name"], "New User");
    assert.deepEqual((await signedInUser(run))?.amr, ["pwd"]);
    assert.equal(run.issued[0]!.acr, "urn:nextjs-oauth-server:acr:pwd");
  });

  it("a new password followed by TOTP: both steps, amr pwd otp mfa", async () => {
    const run = await setUp([challenge("NEW_PASSWORD_REQUIRED", { requiredAttributes: "[]" }), challenge("SOFTWARE_TOKEN_MFA"), () => tokens()]);
    await signInPassword(run);
    assert.deepEqual(await answer(run, { newPassword: "New-Pass1!", confirmPassword: "New-Pass1!" }), { redirectTo: `/authorize/${ID}` });
    await answer(run, { code: "123456" });
    assert.deepEqual((await signedInUser(run))?.amr, ["pwd", "otp", "mfa"]);
  });

  it("MFA_SETUP: AssociateSoftwareToken with the Session, VerifySoftwareToken, then MFA_SETUP with Verify's Session; amr pwd", async () => {
    const inputs: Record<string, unknown>[] = [];
    const record = (answerWith: unknown) => (cmd: { input: unknown }) => {
      inputs.push(cmd.input as Record<string, unknown>);
      return answerWith;
    };
    const run = await setUp([
      challenge("MFA_SETUP", { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' }),
      record({ SecretCode: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", Session: "after-associate" }),
      record({ Status: "ERROR" }),
      record({ Status: "SUCCESS", Session: "after-verify" }),
      record(tokens()),
    ]);
    await signInPassword(run, "demo@example.com");
    const s = await step(run);
    assert.deepEqual(s?.step, { kind: "setupTotp" });
    assert.equal(s?.totpSecret, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    assert.equal(s?.session, "after-associate");
    assert.deepEqual(inputs[0], { Session: SESSION });
    assert.deepEqual(await answer(run, { code: "000000" }), { state: { error: "wrongCode" } });
    await answer(run, { code: "123456" });
    assert.deepEqual(inputs[2], { Session: "after-associate", UserCode: "123456" });
    assert.equal(inputs[3]?.ChallengeName, "MFA_SETUP");
    assert.equal(inputs[3]?.Session, "after-verify");
    assert.deepEqual(run.cognito.sent, [
      "AdminInitiateAuthCommand",
      "AssociateSoftwareTokenCommand",
      "VerifySoftwareTokenCommand",
      "VerifySoftwareTokenCommand",
      "AdminRespondToAuthChallengeCommand",
    ]);
    // Enrolling a factor in this very sign-in proves nothing beyond the password.
    assert.deepEqual((await signedInUser(run))?.amr, ["pwd"]);
  });

  it("expiry: after Cognito's Session lifetime the step says so and asks for the password again, without calling Cognito", async () => {
    const run = await setUp([challenge("SOFTWARE_TOKEN_MFA")]);
    await signInPassword(run);
    run.clock.now += 180_000;
    assert.deepEqual(await stepForPage(ID, run.deps), { expired: true });
    assert.deepEqual(await answer(run, { code: "123456" }), { redirectTo: `/authorize/${ID}?notice=stepExpired` });
    assert.equal(run.cognito.sent.length, 1);
    assert.equal(await step(run), undefined);
    assert.equal(await signedInUser(run), undefined);
    assert.ok(await readPending(ID, run.clock.now, run.cookies.store), "the authorization request itself is still usable");
  });

  it("a configured lifetime (COGNITO_AUTH_SESSION_SECONDS) bounds the step", async () => {
    const run = await setUp([challenge("SMS_MFA")]);
    run.deps.config = { ...run.deps.config, cognito: { ...run.deps.config.cognito, authSessionSeconds: 5 } };
    await signInPassword(run);
    assert.equal((await step(run))?.expiresAt, T0 + 5000);
  });

  it("Cognito's own verdicts end the step: session expired, code expired, too many attempts, session used", async () => {
    const cases: [() => unknown, string][] = [
      [fail("NotAuthorizedException", "Invalid session for the user, session is expired."), "stepExpired"],
      [fail("ExpiredCodeException"), "codeExpired"],
      [fail("NotAuthorizedException", "Password attempts exceeded"), "tooManyAttempts"],
      [fail("NotAuthorizedException", "Invalid session for the user, session can only be used once."), "stepInvalid"],
    ];
    for (const [answerWith, notice] of cases) {
      const run = await setUp([challenge("SMS_MFA"), answerWith]);
      await signInPassword(run);
      assert.deepEqual(await answer(run, { code: "123456" }), { redirectTo: `/authorize/${ID}?notice=${notice}` });
      assert.equal(await step(run), undefined);
      assert.equal(await signedInUser(run), undefined);
    }
  });

  it("an outage keeps the step: the user may try the same code again", async () => {
    const run = await setUp([challenge("SMS_MFA"), fail("InternalErrorException"), () => tokens()]);
    await signInPassword(run);
    assert.deepEqual(await answer(run, { code: "123456" }), { state: { error: "unavailable" } });
    assert.ok(await step(run));
    assert.ok("redirectTo" in (await answer(run, { code: "123456" })));
  });

  it("Cancel drops the step and returns to the password step; nobody is signed in", async () => {
    const run = await setUp([challenge("SOFTWARE_TOKEN_MFA")]);
    await signInPassword(run);
    assert.deepEqual(await answer(run, { op: "cancel" }), { redirectTo: `/authorize/${ID}` });
    assert.equal(await step(run), undefined);
    assert.equal(await signedInUser(run), undefined);
    assert.deepEqual(await answer(run, { code: "123456" }), { redirectTo: `/authorize/${ID}?notice=stepExpired` }, "no step to answer any more");
  });

  it("a challenge this page cannot answer fails closed (logged as an error), nothing is stored", async () => {
    const run = await setUp([challenge("CUSTOM_CHALLENGE")]);
    const { result, lines } = await captureLogs(() => decide(ID, form({ loginId: "x@example.com", password: "pw" }), run.deps));
    assert.deepEqual(result, { redirectTo: `/authorize/${ID}?notice=unsupported` });
    assert.equal(await step(run), undefined);
    assert.ok(lines.some((l) => l.startsWith("level=error event=challenge") && l.includes("CUSTOM_CHALLENGE")), lines.join("\n"));
  });

  it("the subject the client demanded is still enforced after the last step", async () => {
    const run = await setUp([challenge("SOFTWARE_TOKEN_MFA"), () => tokens("someone-else")], { subject: "sub-1" });
    await signInPassword(run);
    assert.deepEqual(await answer(run, { code: "123456" }), { redirectTo: `/authorize/${ID}?notice=differentSubject` });
    assert.equal(await signedInUser(run), undefined);
  });

  it("a used or expired authorization request shows the expired view", async () => {
    const run = await setUp([challenge("SOFTWARE_TOKEN_MFA")]);
    await signInPassword(run);
    run.clock.now += 11 * 60_000;
    assert.deepEqual(await answer(run, { code: "123456" }), { state: { expired: true } });
  });

  it("logs never carry codes, passwords, Sessions or secrets", async () => {
    const run = await setUp([challenge("MFA_SETUP"), () => ({ SecretCode: "SECRETSECRETSECR", Session: "assoc-session" }), () => ({ Status: "SUCCESS", Session: "verify-session" }), () => tokens()]);
    const lines = [
      ...(await captureLogs(() => decide(ID, form({ loginId: "demo@example.com", password: "Demo-Pass1!" }), run.deps))).lines,
      ...(await captureLogs(() => answerStep(ID, form({ code: "987654" }), run.deps))).lines,
    ];
    const all = lines.join("\n");
    for (const secret of ["Demo-Pass1!", "987654", "SECRETSECRETSECR", "assoc-session", "verify-session", SESSION.slice(0, 40)]) assert.ok(!all.includes(secret), secret);
  });
});

describe("the step cookie", () => {
  it("stays well under the 4 KB cookie limit with a 1.1 KB Session, a 128-character login ID and a TOTP secret", async () => {
    const state: ChallengeState = {
      id: ID,
      name: "NEW_PASSWORD_REQUIRED",
      session: SESSION,
      username: "0c6e7a1e-5d2b-4f3a-9c41-000000000003",
      loginId: `${"a".repeat(116)}@example.com`,
      step: { kind: "newPassword", requiredAttributes: ["name", "given_name", "family_name", "phone_number", "birthdate", "custom:tenant"] },
      factors: ["SMS_MFA"],
      expiresAt: T0,
      totpSecret: "A".repeat(52),
    };
    const sealed = await sealForRequest(state, getConfig().session.password);
    const cookie = `${STEP_COOKIE}=${sealed}; Path=/authorize/${ID}; Max-Age=600; HttpOnly; SameSite=Lax; Secure`;
    console.log(`step cookie: ${cookie.length} bytes (Session ${SESSION.length})`);
    assert.ok(cookie.length < 3500, `${cookie.length} bytes`);
  });

  it("a cookie sealed for another request or with another secret is ignored", async () => {
    const state = { id: "BBBBBBBBBBBBBBBBBBBBBB", name: "SMS_MFA", session: "s", username: "u", loginId: "l", step: { kind: "code", factor: "SMS_MFA" }, factors: [], expiresAt: T0 + 1 } as ChallengeState;
    const store = fakeCookies({ [STEP_COOKIE]: await sealForRequest(state, getConfig().session.password) }).store;
    assert.equal(await readStep(ID, store), undefined);
    const other = fakeCookies({ [STEP_COOKIE]: await sealForRequest({ ...state, id: ID }, "another-secret-another-secret-0123456789") }).store;
    assert.equal(await readStep(ID, other), undefined);
  });
});

describe("authenticator-app enrolment helpers", () => {
  it("groups the key by four and builds the otpauth:// URI", () => {
    assert.equal(groupSecret("JBSWY3DPEHPK3PXPJ"), "JBSW Y3DP EHPK 3PXP J");
    const uri = new URL(otpauthUri("login.example.com", "demo@example.com", "JBSWY3DPEHPK3PXP"));
    assert.equal(uri.protocol, "otpauth:");
    assert.equal(uri.host, "totp");
    assert.equal(decodeURIComponent(uri.pathname), "/login.example.com:demo@example.com");
    assert.equal(uri.searchParams.get("secret"), "JBSWY3DPEHPK3PXP");
    assert.equal(uri.searchParams.get("issuer"), "login.example.com");
  });
});
