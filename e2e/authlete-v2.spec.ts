// The same code against Authlete's 2.x API generation (paths /api/…, HTTP Basic with the service API key and
// secret): a second app instance with AUTHLETE_API_VERSION=V2 runs the walkthrough against the stand-in.
import { expect, test } from "@playwright/test";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { AUTHLETE_URL, BASE, CLIENT, codeFlowParams, COGNITO_URL, DEMO_USER, expectLoginPage, signInOnPage, stubClient, toClient, tokenRequest } from "./helpers";
import { startSecondApp, standInEnv, type SecondApp } from "./second-app";

let app: SecondApp;

test.beforeAll(async () => {
  app = await startSecondApp((url) => standInEnv(url, AUTHLETE_URL, COGNITO_URL, "V2"));
});

test.afterAll(() => app?.stop());

test("walkthrough over Authlete 2.x: code, token, verified ID token, userinfo", async ({ page, request }) => {
  await stubClient(page);
  await page.goto(`${app.url}/api/authorization?${new URLSearchParams(codeFlowParams())}`);
  await expectLoginPage(page);
  const params = await toClient(page, () => signInOnPage(page, DEMO_USER.login, DEMO_USER.password));
  const code = params.get("code") ?? "";
  expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);

  const token = await tokenRequest(request, { grant_type: "authorization_code", code, redirect_uri: CLIENT.redirectUri }, undefined, app.url);
  expect(token.status).toBe(200);
  // The stand-in's service issuer is the main test server's; what matters here is the V2 path end to end.
  const { payload, protectedHeader } = await jwtVerify(String(token.body.id_token), createRemoteJWKSet(new URL(`${app.url}/api/jwks`)), {
    issuer: BASE,
    audience: CLIENT.id,
  });
  expect(protectedHeader.alg).toBe("PS256");
  expect(payload.email).toBe(DEMO_USER.email);
  expect(payload.nonce).toBe("abc");

  const ui = await request.get(`${app.url}/api/userinfo`, { headers: { Authorization: `Bearer ${token.body.access_token}` } });
  expect(ui.status()).toBe(200);
  expect(((await ui.json()) as { email: string }).email).toBe(DEMO_USER.email);

  const discovery = await request.get(`${app.url}/.well-known/openid-configuration`);
  expect(((await discovery.json()) as { token_endpoint: string }).token_endpoint).toBeTruthy();
});
