// A certified relying-party library as the client: openid-client discovers us, builds the request with
// PKCE, state and nonce, and validates the callback, the token response, the ID token and userinfo itself.
import { expect, test } from "@playwright/test";
import * as oidc from "openid-client";
import { BASE, CLIENT, DEMO_USER, expectLoginPage, signInOnPage, stubClient, toClient } from "./helpers";

test("openid-client completes the authorization-code flow against us", async ({ page }) => {
  const config = await oidc.discovery(new URL(BASE), CLIENT.id, CLIENT.secret, oidc.ClientSecretBasic(CLIENT.secret), {
    execute: [oidc.allowInsecureRequests], // the test server is plain http on loopback
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CLIENT.redirectUri,
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });

  await stubClient(page);
  await page.goto(url.href);
  await expectLoginPage(page);
  const callback = await toClient(page, () => signInOnPage(page, DEMO_USER.login, DEMO_USER.password));

  const tokens = await oidc.authorizationCodeGrant(config, new URL(`${CLIENT.redirectUri}?${callback}`), {
    pkceCodeVerifier: verifier,
    expectedState: state,
    expectedNonce: nonce,
    idTokenExpected: true,
  });
  const claims = tokens.claims();
  expect(claims?.email).toBe(DEMO_USER.email);
  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims?.sub ?? "");
  expect(info.email).toBe(DEMO_USER.email);
  expect(info.name).toBe("Demo User");

  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? "");
  expect(refreshed.access_token).not.toBe(tokens.access_token);
});
