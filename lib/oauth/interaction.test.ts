import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { AuthorizationResponse } from "../authlete/types";
import type { LoginState } from "../session";
import { CLAIMS_PROPERTY, claimsFromProperties, decideWithoutInteraction, issueBody, pendingFromResponse, recordGrant } from "./interaction";

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

describe("decideWithoutInteraction (prompt=none, reference/authlete-api.md §3.1)", () => {
  const grants = { "42": ["email", "openid"] };
  const now = 1_000_100;
  it("issues for a signed-in user who already granted the scopes", () => {
    assert.deepEqual(decideWithoutInteraction(res(), user, grants, now), { issue: user });
  });
  it("checks login, then max_age, then subject, then ACR, then consent", () => {
    assert.deepEqual(decideWithoutInteraction(res({ subject: "other", maxAge: 10 }), undefined, grants, now), { fail: "NOT_LOGGED_IN" });
    assert.deepEqual(decideWithoutInteraction(res({ subject: "other", maxAge: 10 }), user, grants, now), { fail: "EXCEEDS_MAX_AGE" });
    assert.deepEqual(decideWithoutInteraction(res({ subject: "other", maxAge: 100 }), user, grants, now), { fail: "DIFFERENT_SUBJECT" });
    assert.deepEqual(decideWithoutInteraction(res({ acrs: ["urn:mfa"], acrEssential: true }), user, grants, now), { fail: "ACR_NOT_SATISFIED" });
    assert.deepEqual(decideWithoutInteraction(res({ acrs: ["urn:mfa"], acrEssential: false }), user, grants, now), { issue: user });
    assert.deepEqual(decideWithoutInteraction(res({ scopes: [{ name: "openid" }, { name: "phone" }] }), user, grants, now), { fail: "CONSENT_REQUIRED" });
    assert.deepEqual(decideWithoutInteraction(res(), user, {}, now), { fail: "CONSENT_REQUIRED" });
  });
  it("finds grants recorded from the login page for a client known only by its alias", () => {
    const aliasOnly = res({ client: { clientIdAlias: "demo-spa" } });
    const pending = pendingFromResponse(aliasOnly, 0);
    const recorded = recordGrant(undefined, pending.clientId, pending.scopes.map((s) => s.name));
    assert.deepEqual(decideWithoutInteraction(aliasOnly, user, recorded, now), { issue: user });
  });
  it("treats maxAge 0 as absent (Authlete reports 0 for no max_age)", () => {
    assert.deepEqual(decideWithoutInteraction(res({ maxAge: 0 }), user, grants, now + 10_000_000), { issue: user });
  });
});

describe("pendingFromResponse", () => {
  it("keeps what the page needs and drops unsafe URIs", () => {
    const p = pendingFromResponse(res({ action: "INTERACTION", loginHint: "demo@example.com", claimsAtUserInfo: ["name"] }), 5);
    assert.equal(p.ticket, "ticket-1");
    assert.equal(p.clientId, "42");
    assert.equal(p.client.name, "Demo Client");
    assert.equal(p.client.logoUri, undefined, "javascript: URI dropped");
    assert.equal(p.client.policyUri, "https://c.example/p");
    assert.deepEqual(p.scopes, [{ name: "openid", description: undefined }, { name: "email", description: "Your email address" }]);
    assert.equal(p.loginHint, "demo@example.com");
    assert.deepEqual(new Set(p.userinfoClaims), new Set(["name", "email", "email_verified"]));
    assert.match(p.id, /^[A-Za-z0-9_-]{22}$/);
  });
  it("derives userinfo claim names from scopes and the claims request on Authlete 2.x", () => {
    const p = pendingFromResponse(res({ scopes: [{ name: "openid" }, { name: "phone" }], userInfoClaims: '{"name":null}' }), 0);
    assert.deepEqual(new Set(p.userinfoClaims), new Set(["phone_number", "phone_number_verified", "name"]));
  });
  it("prefers the demanded subject over login_hint", () => {
    assert.equal(pendingFromResponse(res({ subject: "sub-9", loginHint: "x" }), 0).loginHint, undefined);
  });
});

describe("issue body and claims snapshot", () => {
  it("sends subject, auth time, requested ID-token claims and a hidden userinfo snapshot", () => {
    const body = issueBody("t", user, ["email", "email_verified", "address"], ["name", "email"]);
    assert.equal(body.subject, "sub-1");
    assert.equal(body.authTime, 1_000_000);
    assert.equal(body.sessionId, "sid-1");
    assert.deepEqual(JSON.parse(body.claims as string), { email: "demo@example.com", email_verified: true, amr: ["pwd"] });
    assert.equal(body.acr, undefined, "no acr values given, no acr asserted");
    assert.deepEqual(body.properties, [{ key: CLAIMS_PROPERTY, value: JSON.stringify({ name: "Demo User", email: "demo@example.com" }), hidden: true }]);
    assert.deepEqual(claimsFromProperties(body.properties), { name: "Demo User", email: "demo@example.com" });
  });
  it("sends only amr when no claims were requested, and no userinfo snapshot", () => {
    const body = issueBody("t", user, undefined, undefined);
    assert.deepEqual(JSON.parse(body.claims), { amr: ["pwd"] });
    assert.equal(body.properties, undefined);
  });
  it("amr travels inside `claims` (the issue request has no amr member); acr is the one the sign-in met", () => {
    const acr = { password: "urn:x:pwd", mfa: "urn:x:mfa" };
    const mfa = issueBody("t", { ...user, amr: ["pwd", "sms", "mfa"] }, ["email"], undefined, acr);
    assert.deepEqual(JSON.parse(mfa.claims).amr, ["pwd", "sms", "mfa"]);
    assert.equal(mfa.acr, "urn:x:mfa");
    assert.equal(Object.hasOwn(mfa, "amr"), false);
    const pwd = issueBody("t", { ...user, amr: ["pwd"] }, ["email"], undefined, acr);
    assert.equal(pwd.acr, "urn:x:pwd");
  });
  it("tolerates missing or damaged snapshots", () => {
    assert.deepEqual(claimsFromProperties(undefined), {});
    assert.deepEqual(claimsFromProperties([{ key: CLAIMS_PROPERTY, value: "{not json" }]), {});
    assert.deepEqual(claimsFromProperties([{ key: CLAIMS_PROPERTY, value: "[1]" }]), {});
  });
  it("merges grants per client", () => {
    assert.deepEqual(recordGrant(recordGrant(undefined, "1", ["openid", "email"]), "1", ["profile", "openid"]), { "1": ["email", "openid", "profile"] });
  });
});
