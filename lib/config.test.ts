import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, EXAMPLE_SESSION_SECRET, loadConfig } from "./config";

const base = {
  ISSUER: "https://login.example.com/",
  AUTHLETE_BASE_URL: "https://us.authlete.com",
  AUTHLETE_SERVICE_APIKEY: "715948317",
  AUTHLETE_SERVICE_ACCESSTOKEN: "service-token",
  AWS_REGION: "eu-west-1",
  COGNITO_USER_POOL_ID: "eu-west-1_AbC123",
  COGNITO_CLIENT_ID: "client123",
  SESSION_SECRET: "x".repeat(40),
};

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return e.problems;
  }
  assert.fail("configuration was accepted");
}

describe("loadConfig", () => {
  it("parses a complete V3 environment with defaults", () => {
    const c = loadConfig(base);
    assert.equal(c.issuer, "https://login.example.com");
    assert.deepEqual(c.authlete, {
      baseUrl: "https://us.authlete.com",
      apiVersion: "V3",
      serviceId: "715948317",
      apiSecret: undefined,
      accessToken: "service-token",
      timeoutMs: 10000,
    });
    assert.equal(c.cognito.endpoint, undefined);
    assert.equal(c.cognito.clientSecret, undefined);
    assert.equal(c.session.ttlSeconds, 3600);
    assert.equal(c.session.secure, true, "https issuer → Secure cookie");
    assert.equal(c.demo.enabled, true, "demo on outside production by default");
    assert.equal(c.production, false);
    assert.equal(c.cognito.authSessionSeconds, 180, "Cognito's default AuthSessionValidity, 3 minutes");
    assert.deepEqual(c.acr, { password: "urn:nextjs-oauth-server:acr:pwd", mfa: "urn:nextjs-oauth-server:acr:mfa" });
  });

  it("the challenge lifetime can be configured", () => {
    assert.equal(loadConfig({ ...base, COGNITO_AUTH_SESSION_SECONDS: "900" }).cognito.authSessionSeconds, 900);
    assert.ok(problems({ ...base, COGNITO_AUTH_SESSION_SECONDS: "0" }).some((x) => x.startsWith("COGNITO_AUTH_SESSION_SECONDS ")));
  });

  it("takes the acr values from ACR_PASSWORD / ACR_MFA, refusing whitespace and equal values", () => {
    assert.deepEqual(loadConfig({ ...base, ACR_PASSWORD: "urn:example:loa:1", ACR_MFA: "urn:example:loa:2" }).acr, {
      password: "urn:example:loa:1",
      mfa: "urn:example:loa:2",
    });
    assert.ok(problems({ ...base, ACR_MFA: "two words" }).some((p) => p.startsWith("ACR_MFA ")));
    assert.ok(problems({ ...base, ACR_PASSWORD: "same", ACR_MFA: "same" }).some((p) => p.includes("must differ")));
  });

  it("names every missing variable at once", () => {
    const p = problems({ NODE_ENV: "production" });
    for (const name of [
      "ISSUER",
      "AUTHLETE_BASE_URL",
      "AUTHLETE_SERVICE_APIKEY",
      "AUTHLETE_SERVICE_ACCESSTOKEN",
      "AWS_REGION",
      "COGNITO_USER_POOL_ID",
      "COGNITO_CLIENT_ID",
      "SESSION_SECRET",
    ]) {
      assert.ok(p.some((x) => x.startsWith(`${name} `)), `${name} missing from ${JSON.stringify(p)}`);
    }
  });

  it("treats blank values as unset", () => {
    const p = problems({ ...base, COGNITO_CLIENT_ID: "", COGNITO_ENDPOINT: " " });
    assert.ok(p.some((x) => x.startsWith("COGNITO_CLIENT_ID")));
    assert.equal(p.length, 1, JSON.stringify(p));
    assert.equal(loadConfig({ ...base, COGNITO_CLIENT_SECRET: "" }).cognito.clientSecret, undefined);
  });

  it("rejects malformed URLs and numbers with the variable's name", () => {
    const p = problems({ ...base, ISSUER: "login.example.com", AUTHLETE_TIMEOUT_MS: "soon", COGNITO_ENDPOINT: "ftp://x" });
    assert.ok(p.some((x) => x.startsWith("ISSUER") && x.includes("URL")));
    assert.ok(p.some((x) => x.startsWith("AUTHLETE_TIMEOUT_MS")));
    assert.ok(p.some((x) => x.startsWith("COGNITO_ENDPOINT")));
    assert.ok(problems({ ...base, ISSUER: "https://a.example/?x=1" }).some((x) => x.includes("query")));
  });

  it("requires the credentials of the chosen Authlete API generation", () => {
    assert.ok(problems({ ...base, AUTHLETE_SERVICE_ACCESSTOKEN: undefined }).some((x) => x.startsWith("AUTHLETE_SERVICE_ACCESSTOKEN")));
    assert.ok(problems({ ...base, AUTHLETE_API_VERSION: "V2" }).some((x) => x.startsWith("AUTHLETE_SERVICE_APISECRET")));
    const v2 = loadConfig({ ...base, AUTHLETE_API_VERSION: "v2", AUTHLETE_SERVICE_APISECRET: "secret" });
    assert.equal(v2.authlete.apiVersion, "V2");
    assert.equal(v2.authlete.apiSecret, "secret");
    assert.ok(problems({ ...base, AUTHLETE_API_VERSION: "V4" }).some((x) => x.startsWith("AUTHLETE_API_VERSION")));
  });

  it("refuses a missing, short or example session secret in production", () => {
    const prod = { ...base, NODE_ENV: "production" };
    assert.ok(problems({ ...prod, SESSION_SECRET: undefined }).some((x) => x.startsWith("SESSION_SECRET is required")));
    assert.ok(problems({ ...prod, SESSION_SECRET: EXAMPLE_SESSION_SECRET }).some((x) => x.includes("example value")));
    assert.ok(problems({ ...base, SESSION_SECRET: "short" }).some((x) => x.includes("at least 32")));
    // Outside production a missing secret falls back to the example one, so `next dev` works unconfigured.
    assert.equal(loadConfig({ ...base, SESSION_SECRET: undefined }).session.password, EXAMPLE_SESSION_SECRET);
  });

  it("requires https issuers in production except on loopback", () => {
    const prod = { ...base, NODE_ENV: "production" };
    assert.ok(problems({ ...prod, ISSUER: "http://login.example.com" }).some((x) => x.includes("https")));
    const local = loadConfig({ ...prod, ISSUER: "http://localhost:3000" });
    assert.equal(local.session.secure, true, "production cookies are Secure even on loopback");
    assert.equal(loadConfig({ ...base, ISSUER: "http://localhost:3000" }).session.secure, false);
  });

  it("turns the demo client off in production unless asked", () => {
    const prod = { ...base, NODE_ENV: "production" };
    assert.equal(loadConfig(prod).demo.enabled, false);
    assert.equal(loadConfig({ ...prod, DEMO_CLIENT_ENABLED: "true" }).demo.enabled, true);
    assert.equal(loadConfig({ ...base, DEMO_CLIENT_ENABLED: "off" }).demo.enabled, false);
    assert.ok(problems({ ...base, DEMO_CLIENT_ENABLED: "maybe" }).some((x) => x.startsWith("DEMO_CLIENT_ENABLED")));
  });

  it("reads timeouts, TTL and the Cognito options", () => {
    const c = loadConfig({
      ...base,
      AUTHLETE_TIMEOUT_MS: "2500",
      COGNITO_TIMEOUT_MS: "1500",
      SESSION_TTL_SECONDS: "600",
      COGNITO_CLIENT_SECRET: "s3cret",
      COGNITO_ENDPOINT: "http://127.0.0.1:9229/",
    });
    assert.equal(c.authlete.timeoutMs, 2500);
    assert.equal(c.cognito.timeoutMs, 1500);
    assert.equal(c.session.ttlSeconds, 600);
    assert.equal(c.cognito.clientSecret, "s3cret");
    assert.equal(c.cognito.endpoint, "http://127.0.0.1:9229");
    assert.ok(problems({ ...base, SESSION_TTL_SECONDS: "0" }).some((x) => x.startsWith("SESSION_TTL_SECONDS")));
  });
});
