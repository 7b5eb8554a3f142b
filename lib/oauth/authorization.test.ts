// The authorization flow with injected Authlete and Cognito clients, cookie store and clock.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { captureLogs, fakeAuthlete, fakeCognito, fakeCookies, testDeps } from "./test-support";
import { consentCovers } from "./sso";
import { decide, handleAuthorizationRequest, serveFormPost } from "./authorization";
import { getSession, LOCALE_COOKIE, readPending, savePending, type PendingAuthorization } from "../session";

const interaction = {
  action: "INTERACTION" as const,
  ticket: "ticket-1",
  client: { clientId: 1, clientIdAlias: "demo-client", clientName: "Demo" },
  scopes: [{ name: "openid" }, { name: "email" }],
};

function idToken(payload: object): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${enc({ alg: "RS256" })}.${enc(payload)}.sig`;
}

const signedIn = () => ({
  // Cognito's ID tokens always carry the pool's iss, which lib/cognito checks (test-support's us-east-1_Test).
  AuthenticationResult: { IdToken: idToken({ iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test", token_use: "id", aud: "testclient", sub: "sub-1", email: "demo@example.com" }) },
});

async function pendingIn(store: ReturnType<typeof fakeCookies>["store"]): Promise<PendingAuthorization> {
  const p: PendingAuthorization = { id: "AAAAAAAAAAAAAAAAAAAAAA", ticket: "ticket-1", createdAt: 1_800_000_000_000, clientId: "1", client: { name: "Demo" }, scopes: [{ name: "openid" }] };
  await savePending(p, store);
  return p;
}

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe("authorization endpoint", () => {
  it("INTERACTION → 303 to the page; the pending request in a cookie scoped to it; ui_locales remembered", async () => {
    const cookies = fakeCookies();
    const deps = testDeps({ store: cookies.store, authlete: fakeAuthlete({ authorization: async () => interaction }) });
    const res = await handleAuthorizationRequest(new Request("https://as.example.com/api/authorization?client_id=demo-client&ui_locales=fr%20ja"), deps);
    assert.equal(res.status, 303);
    const id = /^\/authorize\/([A-Za-z0-9_-]{22})$/.exec(res.headers.get("location") ?? "")?.[1];
    assert.ok(id, res.headers.get("location") ?? "");
    const req = cookies.written.find((c) => c.name === "as_req");
    assert.equal(req?.options.path, `/authorize/${id}`);
    assert.equal(req?.options.httpOnly, true);
    assert.deepEqual(cookies.written.find((c) => c.name === LOCALE_COOKIE)?.value, "ja");
    assert.equal((await readPending(id, 1_800_000_000_000, cookies.store))?.ticket, "ticket-1");
  });

  it("a POST body over the limit → 413 page; a non-form POST → 400 page; both in the browser's language", async () => {
    const deps = testDeps();
    const big = await handleAuthorizationRequest(
      new Request("https://as.example.com/api/authorization", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "ja" },
        body: "a=".padEnd(70_000, "x"),
      }),
      deps,
    );
    assert.equal(big.status, 413);
    assert.match(await big.text(), /lang="ja"/);
    const json = await handleAuthorizationRequest(new Request("https://as.example.com/api/authorization", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }), deps);
    assert.equal(json.status, 400);
  });

  it("Authlete's INTERNAL_SERVER_ERROR is logged with resultCode and resultMessage, the user gets a 500 page", async () => {
    const deps = testDeps({
      authlete: fakeAuthlete({ authorization: async () => ({ action: "INTERNAL_SERVER_ERROR", resultCode: "A162201", resultMessage: "[A162201] no JWK Set" }) }),
    });
    const { result, lines } = await captureLogs(() => handleAuthorizationRequest(new Request("https://as.example.com/api/authorization?x=1"), deps));
    assert.equal(result.status, 500);
    assert.ok(!(await result.text()).includes("A162201"));
    assert.ok(lines.some((l) => l.startsWith("level=error") && l.includes('resultCode="A162201"') && l.includes("no JWK Set")), lines.join("\n"));
  });
});

describe("decide (the Authorize button)", () => {
  it("a failure to save the session after Authlete issued the code is caught: no retry is offered, the error is logged", async () => {
    const cookies = fakeCookies({}, { failOn: "as_session" });
    await pendingIn(cookies.store);
    const authlete = fakeAuthlete({ authorizationIssue: async () => ({ action: "LOCATION", responseContent: "https://c/cb?code=x" }) });
    const deps = testDeps({ store: cookies.store, authlete, cognito: fakeCognito([signedIn]) });
    const { result, lines } = await captureLogs(() => decide("AAAAAAAAAAAAAAAAAAAAAA", form({ loginId: "demo@example.com", password: "pw" }), deps));
    assert.deepEqual(result, { state: { error: "serverError" } });
    assert.deepEqual(authlete.calls, ["authorizationIssue"]);
    assert.equal(await readPending("AAAAAAAAAAAAAAAAAAAAAA", 1_800_000_000_000, cookies.store), undefined, "the spent request is not restored");
    assert.ok(lines.some((l) => l.startsWith("level=error event=decision")), lines.join("\n"));
  });

  it("INTERNAL_SERVER_ERROR from issue is our bug: a server-error message, logged with Authlete's result, no retry loop", async () => {
    const cookies = fakeCookies();
    await pendingIn(cookies.store);
    const authlete = fakeAuthlete({ authorizationIssue: async () => ({ action: "INTERNAL_SERVER_ERROR", resultCode: "A040101", resultMessage: "[A040101] bad call" }) });
    const deps = testDeps({ store: cookies.store, authlete, cognito: fakeCognito([signedIn]) });
    const { result, lines } = await captureLogs(() => decide("AAAAAAAAAAAAAAAAAAAAAA", form({ loginId: "demo@example.com", password: "pw" }), deps));
    assert.deepEqual(result, { state: { error: "serverError" } });
    assert.equal(await readPending("AAAAAAAAAAAAAAAAAAAAAA", 1_800_000_000_000, cookies.store), undefined);
    assert.ok(lines.some((l) => l.startsWith("level=error") && l.includes('resultCode="A040101"')), lines.join("\n"));
  });

  it("Authlete unreachable: the request is kept for a retry", async () => {
    const cookies = fakeCookies();
    await pendingIn(cookies.store);
    const authlete = fakeAuthlete({
      authorizationIssue: async () => {
        throw Object.assign(new Error("down"), { name: "TypeError" });
      },
    });
    const deps = testDeps({ store: cookies.store, authlete, cognito: fakeCognito([signedIn]) });
    const { result } = await captureLogs(() => decide("AAAAAAAAAAAAAAAAAAAAAA", form({ loginId: "demo@example.com", password: "pw" }), deps));
    assert.deepEqual(result, { state: { error: "unavailable" } });
    assert.ok(await readPending("AAAAAAAAAAAAAAAAAAAAAA", 1_800_000_000_000, cookies.store));
  });
});

describe("decide: sign-in failures and the login session (items 3, fixation)", () => {
  const err = (name: string, message: string) => () => Object.assign(new Error(message), { name });

  it("wrong password, unknown, disabled, locked-out, reset-required and Lambda-refused accounts read alike", async () => {
    const answers = [
      err("NotAuthorizedException", "Incorrect username or password."),
      err("UserNotFoundException", "User does not exist."),
      err("NotAuthorizedException", "User is disabled."),
      err("NotAuthorizedException", "Password attempts exceeded"),
      err("PasswordResetRequiredException", "Password reset required for the user"),
      err("UserLambdaValidationException", "PreAuthentication failed with error nope."),
    ];
    const states = await Promise.all(
      answers.map(async (answer) => {
        const cookies = fakeCookies();
        await pendingIn(cookies.store);
        const deps = testDeps({ store: cookies.store, cognito: fakeCognito([answer]) });
        return (await captureLogs(() => decide("AAAAAAAAAAAAAAAAAAAAAA", form({ loginId: "who@example.com", password: "pw" }), deps))).result;
      }),
    );
    for (const state of states) assert.deepEqual(state, { state: { error: "invalidCredentials", loginId: "who@example.com" } });
  });

  it("signing in renews the login session: a new sid, and another user's consents don't carry over", async () => {
    const cookies = fakeCookies();
    const planted = await getSession(cookies.store);
    planted.user = { sub: "attacker", authTime: 1, claims: { sub: "attacker" }, sid: "planted-sid" };
    planted.consents = [["attacker", "1", "openid email profile"]];
    await planted.save();
    const before = cookies.jar.get("as_session");
    await pendingIn(cookies.store);
    const authlete = fakeAuthlete({ authorizationIssue: async () => ({ action: "LOCATION", responseContent: "https://c/cb?code=x" }) });
    const deps = testDeps({ store: cookies.store, authlete, cognito: fakeCognito([signedIn]) });
    const { result } = await captureLogs(() => decide("AAAAAAAAAAAAAAAAAAAAAA", form({ loginId: "demo@example.com", password: "pw" }), deps));
    assert.deepEqual(result, { redirectTo: "https://c/cb?code=x" });
    assert.notEqual(cookies.jar.get("as_session"), before);
    const after = await getSession(cookies.store);
    assert.equal(after.user?.sub, "sub-1");
    assert.notEqual(after.user?.sid, "planted-sid");
    assert.ok(!consentCovers(after.consents, "sub-1", "1", ["openid", "email", "profile"]), "the planted consent is not this user's");
    assert.ok(consentCovers(after.consents, "sub-1", "1", ["openid"]), "what this user granted now");
  });
});

describe("ids from URLs", () => {
  it("a malformed form_post id never reaches a cookie Path", async () => {
    for (const id of ["x; Domain=evil.example; Max-Age=999", "x\r\nSet-Cookie: a=b", "x\u0000", "../../x", ""]) {
      const cookies = fakeCookies();
      const res = await serveFormPost(new Request("https://as.example.com/"), id, testDeps({ store: cookies.store }));
      assert.equal(res.status, 400);
      assert.deepEqual(cookies.written, [], JSON.stringify(id));
    }
  });
  it("a malformed page id reads nothing", async () => {
    const cookies = fakeCookies();
    await pendingIn(cookies.store);
    assert.equal(await readPending("AAAAAAAAAAAAAAAAAAAAAA; Path=/", 1_800_000_000_000, cookies.store), undefined);
    assert.deepEqual(await decide("bad id", new FormData(), testDeps({ store: cookies.store })), { state: { expired: true } });
  });
});
