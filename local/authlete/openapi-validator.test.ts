// The OpenAPI validator must be strict enough to be trusted: these tests feed it bodies that are wrong in the
// ways a stand-in (or a client) typically goes wrong.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { test } from "node:test";
import { findNulls, getValidator, OPENAPI_FILES } from "./openapi-validator";

const closed = getValidator(true);
const open = getValidator(false);

test("the OpenAPI documents are vendored in the repository (local/authlete/openapi)", () => {
  assert.ok(existsSync(OPENAPI_FILES.v3), OPENAPI_FILES.v3);
  assert.ok(existsSync(OPENAPI_FILES.v2), OPENAPI_FILES.v2);
});

test("a valid token response passes (V3 and V2)", () => {
  const body = { resultCode: "A050001", resultMessage: "[A050001] ok", action: "OK", accessToken: "x", clientId: 1, scopes: ["openid"] };
  assert.ok(closed.validate("v3", "POST", "/auth/token", 200, body).ok);
  assert.ok(closed.validate("v2", "POST", "/auth/token", 200, body).ok);
});

test("an action that is not in the spec's enum is rejected, in open mode too", () => {
  const body = { resultCode: "A050001", resultMessage: "[A050001] ok", action: "MAYBE" };
  for (const v of [closed, open]) {
    const r = v.validate("v3", "POST", "/auth/token", 200, body);
    assert.equal(r.ok, false);
    assert.match(r.errors.join(" "), /allowed values/);
  }
  // NATIVE_SSO exists in 3.0 but not in 2.3.
  const native = { resultCode: "A050001", resultMessage: "[A050001] ok", action: "NATIVE_SSO" };
  assert.equal(open.validate("v3", "POST", "/auth/token", 200, native).ok, true);
  assert.equal(open.validate("v2", "POST", "/auth/token", 200, native).ok, false);
});

test("wrong types are rejected (clientId as a string, scopes as a string, nested enums)", () => {
  assert.equal(open.validate("v3", "POST", "/auth/token", 200, { clientId: "123" }).ok, false);
  assert.equal(open.validate("v3", "POST", "/auth/token", 200, { scopes: "openid" }).ok, false);
  assert.equal(open.validate("v3", "POST", "/auth/authorization", 200, { prompts: ["LOGIN", "SOMETIMES"] }).ok, false);
  assert.equal(open.validate("v3", "POST", "/auth/authorization", 200, { client: { clientType: "SECRET" } }).ok, false);
  assert.equal(open.validate("v3", "POST", "/auth/authorization", 200, { maxAge: 1.5 }).ok, false);
});

test("closed mode rejects properties the document does not list (e.g. a 3.0 field in a 2.x answer)", () => {
  const body = { resultCode: "A004001", resultMessage: "[A004001] ok", action: "INTERACTION", claimsAtUserInfo: ["email"] };
  assert.equal(closed.validate("v3", "POST", "/auth/authorization", 200, body).ok, true);
  const v2 = closed.validate("v2", "POST", "/auth/authorization", 200, body);
  assert.equal(v2.ok, false);
  assert.match(v2.errors.join(" "), /claimsAtUserInfo/);
  assert.equal(open.validate("v2", "POST", "/auth/authorization", 200, body).ok, true);
  assert.equal(closed.validate("v3", "POST", "/auth/token", 200, { acessToken: "typo" }).ok, false);
});

test("null is rejected where the document does not say nullable", () => {
  assert.equal(open.validate("v3", "POST", "/auth/token", 200, { responseContent: null }).ok, false);
  assert.deepEqual(findNulls({ a: [1, null], b: { c: null } }), ["/a/1", "/b/c"]);
});

test("error statuses validate against the `result` schema", () => {
  assert.ok(closed.validate("v3", "POST", "/auth/token", 401, { resultCode: "A001202", resultMessage: "[A001202] x" }).ok);
  assert.equal(closed.validate("v3", "POST", "/auth/token", 401, { resultCode: "A001202", action: "OK" }).ok, false);
  assert.ok(closed.validate("v2", "POST", "/auth/authorization/ticket/info", 404, { resultCode: "A001206", resultMessage: "[A001206] x" }).ok);
});

test("GET /client/get/{clientId} and the raw discovery / JWK Set schemas resolve", () => {
  assert.ok(closed.validate("v3", "GET", "/client/get/demo-client", 200, { clientId: 1, clientIdAlias: "a", grantTypes: ["AUTHORIZATION_CODE"] }).ok);
  assert.equal(closed.validate("v2", "GET", "/client/get/1", 200, { grantTypes: ["NOPE"] }).ok, false);
  assert.ok(closed.validate("v3", "POST", "/service/configuration", 200, { issuer: "https://x" }).ok);
  assert.ok(closed.validate("v3", "GET", "/service/jwks/get", 200, { keys: [{ kty: "EC" }] }).ok);
  assert.equal(closed.validate("v3", "GET", "/service/jwks/get", 200, { keys: "none" }).ok, false);
});
