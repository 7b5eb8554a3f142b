// The walkthrough from DEVELOPERS.md, step by step: authorization request in a browser → login page →
// Authorize → redirect with code, state and iss → token request with Basic credentials → ID token verified
// against /api/jwks with the Cognito user's email and the nonce echoed. Once with JavaScript, once without.
import { expect, test, type Page } from "@playwright/test";
import { decodeJwt } from "jose";
import { authorize, BASE, CLIENT, codeFlowParams, DEMO_USER, formError, tokenRequest, verifyIdToken } from "./helpers";

async function walkthrough(page: Page, request: Parameters<typeof tokenRequest>[0]) {
  const params = await authorize(page, codeFlowParams());
  const code = params.get("code") ?? "";
  expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(params.get("state")).toBe("123");
  expect(params.get("iss")).toBe(BASE); // RFC 9207

  const token = await tokenRequest(request, { grant_type: "authorization_code", code, redirect_uri: CLIENT.redirectUri });
  expect(token.status).toBe(200);
  expect(token.headers["cache-control"]).toBe("no-store");
  expect(token.body).toMatchObject({ token_type: "Bearer", expires_in: 86400 });
  expect(typeof token.body.access_token).toBe("string");
  expect(typeof token.body.refresh_token).toBe("string");
  expect(String(token.body.scope).split(" ").sort()).toEqual(["email", "openid"]);

  const idToken = String(token.body.id_token);
  const { payload, alg } = await verifyIdToken(idToken, CLIENT.id);
  expect(alg).toBe("PS256"); // demo-client's registered algorithm, not Cognito's RS256
  expect(payload.email).toBe(DEMO_USER.email);
  expect(payload.nonce).toBe("abc");
  expect(payload.sub).toMatch(/^[0-9a-f-]{36}$/); // the Cognito sub (a UUID), never the login ID
  expect(Array.isArray(payload.aud)).toBe(true);
  expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(86400);
  expect(payload.auth_time as number).toBeLessThanOrEqual(payload.iat as number);
  expect(typeof payload.s_hash).toBe("string");
  expect(payload).not.toHaveProperty("at_hash");

  const ui = await request.get("/api/userinfo", { headers: { Authorization: `Bearer ${token.body.access_token}` } });
  expect(ui.status()).toBe(200);
  const claims = (await ui.json()) as Record<string, unknown>;
  expect(claims.sub).toBe(payload.sub);
  expect(claims.email).toBe(DEMO_USER.email);
  expect(claims.email_verified).toBe(true); // a real boolean, unlike Cognito's own userInfo

  // The same code again: single use, and the tokens issued from it are revoked (RFC 6749 §4.1.2).
  const reuse = await tokenRequest(request, { grant_type: "authorization_code", code, redirect_uri: CLIENT.redirectUri });
  expect(reuse.status).toBe(400);
  expect(reuse.body.error).toBe("invalid_grant");
  const revoked = await request.get("/api/userinfo", { headers: { Authorization: `Bearer ${token.body.access_token}` } });
  expect(revoked.status()).toBe(401);
  return { token, payload };
}

test.describe("walkthrough with JavaScript", () => {
  test("browser sign-in, code exchange, verified ID token, userinfo", async ({ page, request }) => {
    await walkthrough(page, request);
    const cookie = (await page.context().cookies()).find((c) => c.name === "as_session");
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe("Lax");
    expect(cookie?.value.startsWith("Fe26.2*")).toBe(true);
  });

  test("the token response members match the walkthrough", async ({ page, request }) => {
    const { token } = await walkthrough(page, request);
    const payload = decodeJwt(String(token.body.id_token));
    for (const claim of ["email", "iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "s_hash"]) expect(payload).toHaveProperty(claim);
  });
});

test.describe("walkthrough without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("plain form post signs in and redirects to the client", async ({ page, request }) => {
    await walkthrough(page, request);
  });

  test("a wrong password re-renders the page with the error and the form still works", async ({ page }) => {
    await page.goto(`/api/authorization?${new URLSearchParams(codeFlowParams())}`);
    await page.getByLabel("Login ID").fill(DEMO_USER.login);
    await page.getByLabel("Password").fill("wrong-password");
    await page.getByRole("button", { name: "Authorize" }).click();
    await expect(formError(page)).toContainText("Incorrect login ID or password.");
    await expect(page.getByLabel("Login ID")).toHaveValue(DEMO_USER.login);
  });
});
