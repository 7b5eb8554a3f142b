// The machine-facing endpoints with injected Authlete and Cognito clients and clock (issue 6, item 15): the
// refresh-token grant's user check (item 11), operator logs for Authlete's error actions (item 7), per-endpoint
// realms (item 10), outages, discovery caching.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AuthleteApiError } from "../authlete/client";
import { captureLogs, fakeAuthlete, fakeCognito, testDeps } from "./test-support";
import {
  discoveryDocument,
  handlePushedAuthorizationRequest,
  handleRevocationRequest,
  handleTokenRequest,
  handleUserInfoRequest,
} from "./endpoints";

const BASIC = `Basic ${Buffer.from("demo-client:demo-client-secret").toString("base64")}`;

function tokenRequest(body: Record<string, string>, headers: Record<string, string> = { authorization: BASIC }): Request {
  return new Request("https://as.example.com/api/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(body),
  });
}

const refresh = () => tokenRequest({ grant_type: "refresh_token", refresh_token: "rt-1" });
const introspected = (content: object) => async () => ({ action: "OK" as const, responseContent: JSON.stringify(content) });
const tokenOk = async () => ({ action: "OK" as const, responseContent: '{"access_token":"at-2","token_type":"Bearer","refresh_token":"rt-2"}' });
const awsError = (name: string, message = name) => () => Object.assign(new Error(message), { name });

describe("refresh-token grant: the user is checked in Cognito first (item 11)", () => {
  it("an active user: one introspection, one AdminGetUser by sub, then /auth/token", async () => {
    let asked: unknown;
    const authlete = fakeAuthlete({ standardIntrospection: introspected({ active: true, sub: "sub-1", client_id: "demo-client" }), token: tokenOk });
    const cognito = fakeCognito([(cmd) => ((asked = cmd.input), { Username: "u", Enabled: true, UserStatus: "CONFIRMED" })]);
    const { result } = await captureLogs(() => handleTokenRequest(refresh(), testDeps({ authlete, cognito })));
    assert.equal(result.status, 200);
    assert.deepEqual(authlete.calls, ["standardIntrospection", "token"]);
    assert.deepEqual(cognito.sent, ["AdminGetUserCommand"]);
    assert.deepEqual(asked, { UserPoolId: "us-east-1_Test", Username: "sub-1" });
  });

  for (const [what, answer] of [
    ["disabled", () => ({ Username: "u", Enabled: false, UserStatus: "CONFIRMED" })],
    ["deleted", awsError("UserNotFoundException", "User does not exist.")],
  ] as const) {
    it(`a ${what} user: invalid_grant, every token of theirs revoked, nothing issued`, async () => {
      let revoked: unknown;
      const authlete = fakeAuthlete({
        standardIntrospection: introspected({ active: true, sub: "sub-1" }),
        tokenRevoke: async (req) => ((revoked = req), { resultCode: "A135101", count: 3 }),
      });
      const { result, lines } = await captureLogs(() => handleTokenRequest(refresh(), testDeps({ authlete, cognito: fakeCognito([answer]) })));
      assert.equal(result.status, 400);
      assert.equal(result.headers.get("cache-control"), "no-store");
      assert.equal(((await result.json()) as { error: string }).error, "invalid_grant");
      assert.deepEqual(authlete.calls, ["standardIntrospection", "tokenRevoke"], "/auth/token is never called");
      assert.deepEqual(revoked, { subject: "sub-1" });
      assert.ok(lines.some((l) => l.startsWith("level=warn event=token.refresh") && l.includes(`user_${what}`) && l.includes("revoked=3")), lines.join("\n"));
      assert.ok(!lines.join("\n").includes("rt-1"), "the refresh token never reaches the log");
    });
  }

  it("Cognito unreachable or throttling: 503 with Retry-After, the refresh token is not spent; misconfigured: 500", async () => {
    for (const [answer, status] of [
      [awsError("TimeoutError"), 503],
      [awsError("TooManyRequestsException"), 503],
      [awsError("AccessDeniedException"), 500],
    ] as const) {
      const authlete = fakeAuthlete({ standardIntrospection: introspected({ active: true, sub: "sub-1" }) });
      const { result } = await captureLogs(() => handleTokenRequest(refresh(), testDeps({ authlete, cognito: fakeCognito([answer]) })));
      assert.equal(result.status, status);
      assert.equal(((await result.json()) as { error: string }).error, "server_error");
      if (status === 503) assert.equal(result.headers.get("retry-after"), "5");
      assert.deepEqual(authlete.calls, ["standardIntrospection"]);
    }
  });

  it("an inactive or unknown refresh token is left to /auth/token; other grants are not introspected", async () => {
    const bad = async () => ({ action: "BAD_REQUEST" as const, responseContent: '{"error":"invalid_grant"}' });
    const inactive = fakeAuthlete({ standardIntrospection: introspected({ active: false }), token: bad });
    const cognito = fakeCognito([]);
    const { result } = await captureLogs(() => handleTokenRequest(refresh(), testDeps({ authlete: inactive, cognito })));
    assert.equal(result.status, 400);
    assert.deepEqual(inactive.calls, ["standardIntrospection", "token"]);
    assert.deepEqual(cognito.sent, []);

    const cc = fakeAuthlete({ token: tokenOk });
    await captureLogs(() => handleTokenRequest(tokenRequest({ grant_type: "client_credentials" }), testDeps({ authlete: cc })));
    assert.deepEqual(cc.calls, ["token"]);
    const twice = fakeAuthlete({ token: bad });
    await captureLogs(() => handleTokenRequest(new Request("https://as.example.com/api/token", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: BASIC }, body: "grant_type=refresh_token&refresh_token=a&refresh_token=b" }), testDeps({ authlete: twice })));
    assert.deepEqual(twice.calls, ["token"], "a duplicated parameter is Authlete's to refuse");
  });

  it("introspection failing on Authlete's side is a logged server error, not a pass", async () => {
    const authlete = fakeAuthlete({ standardIntrospection: async () => ({ action: "INTERNAL_SERVER_ERROR", resultCode: "A145101", resultMessage: "[A145101] boom" }) });
    const { result, lines } = await captureLogs(() => handleTokenRequest(refresh(), testDeps({ authlete })));
    assert.equal(result.status, 500);
    assert.ok(lines.some((l) => l.startsWith("level=error event=token.refresh") && l.includes('resultCode="A145101"') && l.includes("boom")), lines.join("\n"));
  });
});

describe("Authlete's error actions reach the operator's log (item 7)", () => {
  const passwordGrant = () => tokenRequest({ grant_type: "password", username: "demo@example.com", password: "pw" });
  const passwordAction = async () => ({ action: "PASSWORD" as const, ticket: "t-1", username: "demo@example.com", password: "pw", scopes: ["openid"] });
  const signedIn = () => ({ AuthenticationResult: { IdToken: `e30.${Buffer.from(JSON.stringify({ iss: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Test", token_use: "id", aud: "testclient", sub: "sub-1" })).toString("base64url")}.s` } });

  it("INTERNAL_SERVER_ERROR from /auth/token/issue: error level, resultCode and resultMessage; the client a 500", async () => {
    const authlete = fakeAuthlete({
      token: passwordAction,
      tokenIssue: async () => ({ action: "INTERNAL_SERVER_ERROR", resultCode: "A162201", resultMessage: "[A162201] The service has no JWK Set", responseContent: '{"error":"server_error"}' }),
    });
    const { result, lines } = await captureLogs(() => handleTokenRequest(passwordGrant(), testDeps({ authlete, cognito: fakeCognito([signedIn]) })));
    assert.equal(result.status, 500);
    assert.ok(lines.some((l) => l.startsWith("level=error event=token.password") && l.includes('resultCode="A162201"') && l.includes("no JWK Set")), lines.join("\n"));
    assert.ok(!lines.join("\n").includes('"pw"'), "no password in the log");
  });

  it("INTERNAL_SERVER_ERROR from /auth/token/fail and from /auth/token itself, too", async () => {
    const authlete = fakeAuthlete({
      token: passwordAction,
      tokenFail: async () => ({ action: "INTERNAL_SERVER_ERROR", resultCode: "A067399", resultMessage: "[A067399] bad ticket call" }),
    });
    const wrong = awsError("NotAuthorizedException", "Incorrect username or password.");
    const failed = await captureLogs(() => handleTokenRequest(passwordGrant(), testDeps({ authlete, cognito: fakeCognito([wrong]) })));
    assert.equal(failed.result.status, 500);
    assert.ok(failed.lines.some((l) => l.startsWith("level=error") && l.includes('api="/auth/token/fail"') && l.includes("bad ticket call")), failed.lines.join("\n"));

    const direct = fakeAuthlete({ token: async () => ({ action: "INTERNAL_SERVER_ERROR", resultCode: "A001101", resultMessage: "[A001101] Authlete Server error." }) });
    const { lines } = await captureLogs(() => handleTokenRequest(tokenRequest({ grant_type: "client_credentials" }), testDeps({ authlete: direct })));
    assert.ok(lines.some((l) => l.startsWith("level=error event=token") && l.includes('resultCode="A001101"')), lines.join("\n"));
  });

  it("a client's BAD_REQUEST is routine: info level, resultCode only", async () => {
    const authlete = fakeAuthlete({ token: async () => ({ action: "BAD_REQUEST", resultCode: "A050201", resultMessage: "[A050201] something the client sent", responseContent: "{}" }) });
    const { lines } = await captureLogs(() => handleTokenRequest(tokenRequest({ grant_type: "authorization_code", code: "c" }), testDeps({ authlete })));
    const line = lines.find((l) => l.includes("event=token")) ?? "";
    assert.match(line, /^level=info /);
    assert.match(line, /resultCode="A050201"/);
    assert.doesNotMatch(line, /something the client sent/);
  });

  it("a locked-out account at the password grant is refused like a wrong password (item 3)", async () => {
    let reason: unknown;
    const authlete = fakeAuthlete({
      token: passwordAction,
      tokenFail: async (req) => ((reason = req.reason), { action: "BAD_REQUEST", responseContent: '{"error":"invalid_request"}' }),
    });
    const locked = awsError("NotAuthorizedException", "Password attempts exceeded");
    const { result } = await captureLogs(() => handleTokenRequest(passwordGrant(), testDeps({ authlete, cognito: fakeCognito([locked]) })));
    assert.equal(result.status, 400);
    assert.equal(reason, "INVALID_RESOURCE_OWNER_CREDENTIALS");
  });
});

describe("per-endpoint realms (item 10)", () => {
  it("a malformed Basic header names the endpoint's own realm", async () => {
    const malformed = { authorization: "Basic !!!", "content-type": "application/x-www-form-urlencoded" };
    const req = (path: string) => new Request(`https://as.example.com${path}`, { method: "POST", headers: malformed, body: "token=x" });
    const deps = testDeps();
    assert.equal((await handleTokenRequest(req("/api/token"), deps)).headers.get("www-authenticate"), 'Basic realm="token"');
    assert.equal((await handleRevocationRequest(req("/api/revocation"), deps)).headers.get("www-authenticate"), 'Basic realm="revocation"');
    assert.equal((await handlePushedAuthorizationRequest(req("/api/par"), deps)).headers.get("www-authenticate"), 'Basic realm="par"');
  });
  it("userinfo's own challenges name the userinfo realm (RFC 6750 §3)", async () => {
    const none = await handleUserInfoRequest(new Request("https://as.example.com/api/userinfo"), testDeps());
    assert.equal(none.status, 401);
    assert.equal(none.headers.get("www-authenticate"), 'Bearer realm="userinfo"');
    const both = await handleUserInfoRequest(
      new Request("https://as.example.com/api/userinfo", { method: "POST", headers: { authorization: "Bearer a", "content-type": "application/x-www-form-urlencoded" }, body: "access_token=b" }),
      testDeps(),
    );
    assert.equal(both.status, 400);
    assert.match(both.headers.get("www-authenticate") ?? "", /^Bearer realm="userinfo", error="invalid_request"/);
  });
});

describe("outages and limits", () => {
  it("Authlete unreachable → 503 + Retry-After; Authlete refusing our call → 500; never an upstream message", async () => {
    for (const [error, status] of [
      [new AuthleteApiError("timeout", "/auth/token", "no answer within 10 ms"), 503],
      [new AuthleteApiError("status", "/auth/token", "HTTP 401 A001204", 401, "A001204"), 500],
      [new AuthleteApiError("invalid_response", "/auth/token", "response is not a JSON object", 200), 500],
    ] as const) {
      const authlete = fakeAuthlete({
        token: async () => {
          throw error;
        },
      });
      const { result, lines } = await captureLogs(() => handleTokenRequest(tokenRequest({ grant_type: "client_credentials" }), testDeps({ authlete })));
      assert.equal(result.status, status);
      const body = await result.text();
      assert.doesNotMatch(body, /A001204|JSON object|within/);
      assert.equal(result.headers.get("retry-after"), status === 503 ? "5" : null);
      assert.ok(lines.some((l) => l.startsWith("level=error event=token") && l.includes('upstream="authlete"')), lines.join("\n"));
    }
  });

  it("a chunked body over 64 KB is cut off while streaming: 413, Authlete never asked", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        pulled++;
        c.enqueue(new Uint8Array(16 * 1024).fill(0x61));
      },
    });
    const authlete = fakeAuthlete({});
    const res = await handleRevocationRequest(
      new Request("https://as.example.com/api/revocation", { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: BASIC }, body, duplex: "half" } as RequestInit),
      testDeps({ authlete }),
    );
    assert.equal(res.status, 413);
    assert.ok(pulled < 10, `pulled ${pulled} chunks`);
    assert.deepEqual(authlete.calls, []);
  });
});

describe("discovery (injected clock)", () => {
  it("is cached for 60 s, then asked again; endpoints we don't serve are left out", async () => {
    let asked = 0;
    const authlete = fakeAuthlete({
      serviceConfiguration: async () => (asked++, { issuer: "https://as.example.com", introspection_endpoint: "https://as.example.com/x", token_endpoint: "" }),
    });
    let now = 5_000_000_000_000; // far from any other test's clock, so the process-wide cache is fresh
    const deps = testDeps({ authlete, now: () => now });
    const first = await discoveryDocument(deps);
    assert.equal(first.introspection_endpoint, undefined);
    assert.equal(first.token_endpoint, "https://as.example.com/api/token");
    now += 59_000;
    await discoveryDocument(deps);
    assert.equal(asked, 1);
    now += 2_000;
    await discoveryDocument(deps);
    assert.equal(asked, 2);
  });
});
