// Table tests: one case per Authlete action, checking status, headers and body (reference/authlete-api.md §3).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import {
  authorizationActions,
  authorizationIssueActions,
  pushedAuthReqActions,
  revocationActions,
  tokenActions,
  tokenFailActions,
  tokenIssueActions,
  userinfoActions,
  userinfoIssueActions,
} from "./responses";
import * as types from "./types";

const json = '{"error":"invalid_grant","error_description":"[A050302] The code is bad."}';

async function check(res: unknown, status: number, headers: Record<string, string | null>, body?: string) {
  assert.ok(res instanceof Response, "expected a Response");
  assert.equal(res.status, status);
  for (const [k, v] of Object.entries(headers)) assert.equal(res.headers.get(k), v, k);
  if (body !== undefined) assert.equal(await res.text(), body);
}

describe("authorization endpoint table: typed outcomes, no pages", () => {
  const authlete = { resultCode: "A000001", resultMessage: "[A000001] m" };
  it("LOCATION → redirect to responseContent", () => {
    assert.deepEqual(authorizationActions.LOCATION({ action: "LOCATION", responseContent: "https://client.example.org/cb?error=x&state=s" }), {
      kind: "redirect",
      location: "https://client.example.org/cb?error=x&state=s",
    });
  });
  it("FORM → Authlete's form_post page verbatim", () => {
    assert.deepEqual(authorizationActions.FORM({ action: "FORM", responseContent: "<html>post</html>" }), { kind: "form", html: "<html>post</html>" });
  });
  it("BAD_REQUEST → bad_request naming Authlete's error (never a redirect), with the result for the log", () => {
    const res = authorizationActions.BAD_REQUEST({
      action: "BAD_REQUEST",
      ...authlete,
      responseContent: '{"error":"invalid_request","error_description":"redirect_uri is not registered"}',
    });
    assert.deepEqual(res, { kind: "bad_request", detail: "invalid_request: redirect_uri is not registered", authlete });
  });
  it("INTERNAL_SERVER_ERROR → server_error carrying resultCode/resultMessage for the operator", () => {
    assert.deepEqual(authorizationActions.INTERNAL_SERVER_ERROR({ action: "INTERNAL_SERVER_ERROR", ...authlete, responseContent: "{}" }), { kind: "server_error", authlete });
  });
  it("INTERACTION and NO_INTERACTION are ours to handle", () => {
    assert.deepEqual(authorizationActions.INTERACTION({ action: "INTERACTION" }), { interaction: "INTERACTION" });
    assert.deepEqual(authorizationActions.NO_INTERACTION({ action: "NO_INTERACTION" }), { interaction: "NO_INTERACTION" });
  });
  it("issue/fail outcomes: a refused ticket is 'expired', INTERNAL_SERVER_ERROR is our bug (server_error)", () => {
    assert.deepEqual(authorizationIssueActions.LOCATION({ action: "LOCATION", responseContent: "https://c/cb?code=x" }), { kind: "redirect", location: "https://c/cb?code=x" });
    assert.deepEqual(authorizationIssueActions.FORM({ action: "FORM", responseContent: "<form>" }), { kind: "form", html: "<form>" });
    assert.deepEqual(authorizationIssueActions.BAD_REQUEST({ action: "BAD_REQUEST", ...authlete }), { kind: "expired", authlete });
    assert.deepEqual(authorizationIssueActions.INTERNAL_SERVER_ERROR({ action: "INTERNAL_SERVER_ERROR", ...authlete }), { kind: "server_error", authlete });
  });
});

describe("token endpoint table (RFC 6749 §5)", () => {
  it("OK and ID_TOKEN_REISSUABLE → 200 JSON verbatim, no-store", async () => {
    for (const action of ["OK", "ID_TOKEN_REISSUABLE"] as const) {
      await check(tokenActions[action]({ action, responseContent: '{"access_token":"t"}' }), 200, {
        "content-type": "application/json",
        "cache-control": "no-store",
        pragma: "no-cache",
      }, '{"access_token":"t"}');
    }
  });
  it("INVALID_CLIENT → 401 with a Basic challenge", async () => {
    await check(tokenActions.INVALID_CLIENT({ action: "INVALID_CLIENT", responseContent: '{"error":"invalid_client"}' }), 401, {
      "www-authenticate": 'Basic realm="token"',
    }, '{"error":"invalid_client"}');
  });
  it("BAD_REQUEST → 400, INTERNAL_SERVER_ERROR → 500, both verbatim", async () => {
    await check(tokenActions.BAD_REQUEST({ action: "BAD_REQUEST", responseContent: json }), 400, {}, json);
    await check(tokenActions.INTERNAL_SERVER_ERROR({ action: "INTERNAL_SERVER_ERROR", responseContent: '{"error":"server_error"}' }), 500, {});
  });
  it("PASSWORD hands the credentials and ticket to our flow", () => {
    assert.deepEqual(tokenActions.PASSWORD({ action: "PASSWORD", ticket: "t", username: "u", password: "p" }), { password: { ticket: "t", username: "u", password: "p" } });
  });
  it("TOKEN_EXCHANGE, JWT_BEARER and NATIVE_SSO → 400 unsupported_grant_type", async () => {
    for (const action of ["TOKEN_EXCHANGE", "JWT_BEARER", "NATIVE_SSO"] as const) {
      const res = tokenActions[action]({ action });
      await check(res, 400, { "cache-control": "no-store" });
      assert.equal(((await (res as Response).json()) as { error: string }).error, "unsupported_grant_type");
    }
  });
  it("DPoP-Nonce is forwarded on success and on errors", async () => {
    await check(tokenActions.OK({ action: "OK", responseContent: "{}", dpopNonce: "n1" }), 200, { "dpop-nonce": "n1" });
    await check(tokenActions.BAD_REQUEST({ action: "BAD_REQUEST", responseContent: "{}", dpopNonce: "n2" }), 400, { "dpop-nonce": "n2" });
  });
  it("token/issue and token/fail", async () => {
    await check(tokenIssueActions.OK({ action: "OK", responseContent: "{}" }), 200, {});
    await check(tokenIssueActions.INTERNAL_SERVER_ERROR({ action: "INTERNAL_SERVER_ERROR", responseContent: "{}" }), 500, {});
    await check(tokenFailActions.BAD_REQUEST({ action: "BAD_REQUEST", responseContent: '{"error":"invalid_request"}' }), 400, {}, '{"error":"invalid_request"}');
    await check(tokenFailActions.INTERNAL_SERVER_ERROR({ action: "INTERNAL_SERVER_ERROR", responseContent: "{}" }), 500, {});
  });
});

describe("userinfo tables (OIDC Core §5.3, RFC 6750 §3)", () => {
  const challenge = 'Bearer error="invalid_token",error_description="expired"';
  for (const [action, status] of [["BAD_REQUEST", 400], ["UNAUTHORIZED", 401], ["FORBIDDEN", 403], ["INTERNAL_SERVER_ERROR", 500]] as const) {
    it(`${action} → ${status}, WWW-Authenticate, no body`, async () => {
      await check(userinfoActions[action]({ action, responseContent: challenge }), status, { "www-authenticate": challenge, "cache-control": "no-store" }, "");
      await check(userinfoIssueActions[action]({ action, responseContent: challenge }), status, { "www-authenticate": challenge }, "");
    });
  }
  it("OK continues to userinfo/issue", () => {
    const r = { action: "OK" as const, subject: "s" };
    assert.deepEqual(userinfoActions.OK(r), { ok: r });
  });
  it("JSON and JWT bodies", async () => {
    await check(userinfoIssueActions.JSON({ action: "JSON", responseContent: '{"sub":"s"}' }), 200, { "content-type": "application/json;charset=UTF-8" }, '{"sub":"s"}');
    await check(userinfoIssueActions.JWT({ action: "JWT", responseContent: "a.b.c" }), 200, { "content-type": "application/jwt" }, "a.b.c");
  });
});

describe("revocation and PAR tables", () => {
  it("revocation OK → 200 empty (RFC 7009 §2.2), JSONP when Authlete built one", async () => {
    await check(revocationActions.OK({ action: "OK" }), 200, {}, "");
    await check(revocationActions.OK({ action: "OK", responseContent: "cb()" }), 200, { "content-type": "application/javascript;charset=UTF-8" }, "cb()");
    await check(revocationActions.INVALID_CLIENT({ action: "INVALID_CLIENT", responseContent: "{}" }), 401, { "www-authenticate": 'Basic realm="revocation"' });
    await check(revocationActions.BAD_REQUEST({ action: "BAD_REQUEST", responseContent: "{}" }), 400, {});
    await check(revocationActions.INTERNAL_SERVER_ERROR({ action: "INTERNAL_SERVER_ERROR", responseContent: "{}" }), 500, {});
  });
  it("PAR actions (RFC 9126 §2.2, §2.3)", async () => {
    const expected = { CREATED: 201, BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, PAYLOAD_TOO_LARGE: 413, INTERNAL_SERVER_ERROR: 500 } as const;
    for (const [action, status] of Object.entries(expected) as [keyof typeof expected, number][]) {
      await check(pushedAuthReqActions[action]({ action, responseContent: "{}" }), status, { "cache-control": "no-store" }, "{}");
    }
  });
});

describe("action unions match Authlete's OpenAPI document", () => {
  const spec = parse(readFileSync(resolve(process.cwd(), "local/authlete/openapi/authlete-api-3.0.16.yaml"), "utf8")) as {
    components: { schemas: Record<string, { properties?: { action?: { enum?: string[] } } }> };
  };
  const pairs: [string, readonly string[]][] = [
    ["authorization_response", types.AUTHORIZATION_ACTIONS],
    ["authorization_issue_response", types.AUTHORIZATION_ISSUE_ACTIONS],
    ["authorization_fail_response", types.AUTHORIZATION_ISSUE_ACTIONS],
    ["token_response", types.TOKEN_ACTIONS],
    ["token_issue_response", types.TOKEN_ISSUE_ACTIONS],
    ["token_fail_response", types.TOKEN_FAIL_ACTIONS],
    ["userinfo_response", types.USERINFO_ACTIONS],
    ["userinfo_issue_response", types.USERINFO_ISSUE_ACTIONS],
    ["standard_introspection_response", types.STANDARD_INTROSPECTION_ACTIONS],
    ["revocation_response", types.REVOCATION_ACTIONS],
    ["pushed_authorization_response", types.PUSHED_AUTH_REQ_ACTIONS],
  ];
  for (const [schema, ours] of pairs) {
    it(`${schema}.action`, () => {
      const theirs = spec.components.schemas[schema]?.properties?.action?.enum;
      assert.ok(theirs, `no action enum for ${schema}`);
      assert.deepEqual([...ours].sort(), [...theirs].sort());
    });
  }
});
