import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AuthorizationResponse } from "../authlete/types";
import type { LoginState } from "../session";
import { CLAIMS_PROPERTY, claimsFromProperties, clientAudiences, issueBody, pendingFromResponse, rawRequestParameters } from "./interaction";

const user: LoginState = {
  sub: "sub-1",
  authTime: 1_000_000,
  sid: "sid-1",
  claims: { sub: "sub-1", email: "demo@example.com", email_verified: true, name: "Demo User", phone_number: "+15555550100" },
};

const res = (extra: Partial<AuthorizationResponse> = {}): AuthorizationResponse => ({
  action: "NO_INTERACTION",
  ticket: "ticket-1",
  client: { clientId: 42, clientIdAlias: "demo-client", clientName: "Demo Client", logoUri: "javascript:alert(1)", policyUri: "https://c.example/p" },
  scopes: [{ name: "openid" }, { name: "email", description: "Your email address" }],
  claims: ["email", "email_verified"],
  ...extra,
});

describe("raw request parameters (what Authlete's response cannot tell)", () => {
  it("reads max_age as sent, 0 included (Authlete reports maxAge 0 for both 0 and absent)", () => {
    assert.deepEqual(rawRequestParameters("client_id=c&max_age=0"), { maxAge: 0, idTokenHint: undefined });
    assert.deepEqual(rawRequestParameters("client_id=c&max_age=30&id_token_hint=a.b.c"), { maxAge: 30, idTokenHint: "a.b.c" });
    assert.deepEqual(rawRequestParameters("client_id=c"), { maxAge: undefined, idTokenHint: undefined });
    assert.deepEqual(rawRequestParameters("max_age=-1&max_age=x"), { maxAge: undefined, idTokenHint: undefined });
  });
  it("lets a request object's members win over the query's (OIDC Core §6.3.3)", () => {
    assert.deepEqual(rawRequestParameters("max_age=600", JSON.stringify({ max_age: 0, id_token_hint: "x.y.z" })), { maxAge: 0, idTokenHint: "x.y.z" });
    assert.deepEqual(rawRequestParameters("max_age=600", "{not json"), { maxAge: 600, idTokenHint: undefined });
  });
});

describe("client keys", () => {
  it("a client known only by its alias is remembered under the alias", () => {
    assert.equal(pendingFromResponse(res({ client: { clientIdAlias: "demo-spa" } }), 0).clientId, "demo-spa");
    assert.deepEqual(clientAudiences({ clientId: 42, clientIdAlias: "demo-client" }), ["42", "demo-client"]);
    assert.deepEqual(clientAudiences({ clientId: 42 }), ["42"]);
  });
});

describe("pendingFromResponse", () => {
  it("client name and scope descriptions in the page's language (Authlete's tagged values), else the default", () => {
    const r = res({
      client: { clientId: 1, clientName: "Demo Client", clientNames: [{ tag: "ja-JP", value: "デモクライアント" }] },
      scopes: [{ name: "email", description: "Read your email address.", descriptions: [{ tag: "ja", value: "メールアドレスを読み取ります。" }] }, { name: "openid" }],
    });
    const ja = pendingFromResponse(r, 0, "ja");
    assert.equal(ja.client.name, "デモクライアント");
    assert.deepEqual(ja.scopes, [{ name: "email", description: "メールアドレスを読み取ります。" }, { name: "openid", description: undefined }]);
    const en = pendingFromResponse(r, 0, "en");
    assert.equal(en.client.name, "Demo Client");
    assert.equal(en.scopes[0]?.description, "Read your email address.");
  });
  it("keeps what the page needs and drops unsafe URIs", () => {
    const p = pendingFromResponse(res({ action: "INTERACTION", loginHint: "demo@example.com", claimsAtUserInfo: ["name"] }), 5);
    assert.equal(p.ticket, "ticket-1");
    assert.equal(p.clientId, "42");
    assert.equal(p.client.name, "Demo Client");
    assert.equal(p.client.logoUri, undefined, "javascript: URI dropped");
    assert.equal(p.client.policyUri, "https://c.example/p");
    // Only what the page shows travels in the cookie (the client's home page is never shown).
    assert.deepEqual(Object.keys(p.client).sort(), ["logoUri", "name", "policyUri", "tosUri"]);
    assert.deepEqual(p.scopes, [{ name: "openid", description: undefined }, { name: "email", description: "Your email address" }]);
    assert.equal(p.loginHint, "demo@example.com");
    assert.deepEqual(new Set(p.userinfoClaims), new Set(["name", "email", "email_verified"]));
    assert.match(p.id, /^[A-Za-z0-9_-]{22}$/);
  });
  it("derives userinfo claim names from scopes and the claims request on Authlete 2.x", () => {
    const p = pendingFromResponse(res({ scopes: [{ name: "openid" }, { name: "phone" }], userInfoClaims: '{"name":null}' }), 0);
    assert.deepEqual(new Set(p.userinfoClaims), new Set(["phone_number", "phone_number_verified", "name"]));
  });
  it("keeps what the policy needs: prompts, a client default max_age, acr values", () => {
    const p = pendingFromResponse(res({ prompts: ["LOGIN"], maxAge: 600, acrs: ["urn:a"], acrEssential: true }), 0);
    assert.deepEqual([p.prompts, p.maxAge, p.acrs, p.acrEssential], [["LOGIN"], 600, ["urn:a"], true]);
    assert.equal(pendingFromResponse(res({ maxAge: 0 }), 0).maxAge, undefined, "0 from Authlete means no max_age");
  });
  it("prefers the demanded subject over login_hint", () => {
    assert.equal(pendingFromResponse(res({ subject: "sub-9", loginHint: "x" }), 0).loginHint, undefined);
  });
});

describe("issue body and claims snapshot", () => {
  it("sends subject, auth time, requested ID-token claims and a hidden userinfo snapshot", () => {
    const body = issueBody("t", user, ["email", "email_verified", "address"], ["name", "email"], "urn:acr:pwd");
    assert.equal(body.subject, "sub-1");
    assert.equal(body.acr, "urn:acr:pwd");
    assert.equal(body.authTime, 1_000_000);
    assert.equal(body.sessionId, "sid-1");
    assert.deepEqual(JSON.parse(body.claims as string), { email: "demo@example.com", email_verified: true, amr: ["pwd"] });
    assert.deepEqual(body.properties, [{ key: CLAIMS_PROPERTY, value: JSON.stringify({ name: "Demo User", email: "demo@example.com" }), hidden: true }]);
    assert.deepEqual(claimsFromProperties(body.properties), { name: "Demo User", email: "demo@example.com" });
  });
  it("sends only amr when no claims were requested; amr inside claims (issue has no amr member)", () => {
    const body = issueBody("t", user, undefined, undefined);
    assert.deepEqual(JSON.parse(body.claims as string), { amr: ["pwd"] });
    assert.equal(body.properties, undefined);
    assert.deepEqual(JSON.parse(issueBody("t", { ...user, amr: ["pwd", "otp", "mfa"] }, undefined, undefined).claims as string), { amr: ["pwd", "otp", "mfa"] });
  });
  it("amr travels inside `claims` (the issue request has no amr member); acr is its own member", () => {
    const mfa = issueBody("t", { ...user, amr: ["pwd", "sms", "mfa"] }, ["email"], undefined, "urn:x:mfa");
    assert.deepEqual(JSON.parse(mfa.claims as string).amr, ["pwd", "sms", "mfa"]);
    assert.equal(mfa.acr, "urn:x:mfa");
    assert.equal(Object.hasOwn(mfa, "amr"), false);
  });
  it("tolerates missing or damaged snapshots", () => {
    assert.deepEqual(claimsFromProperties(undefined), {});
    assert.deepEqual(claimsFromProperties([{ key: CLAIMS_PROPERTY, value: "{not json" }]), {});
    assert.deepEqual(claimsFromProperties([{ key: CLAIMS_PROPERTY, value: "[1]" }]), {});
  });
});
