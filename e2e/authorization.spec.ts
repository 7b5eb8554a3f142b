// The authorization endpoint and the login/consent page: clients, errors and safety properties.
import { expect, test } from "@playwright/test";
import {
  authorizationUrl,
  authorize,
  basicAuth,
  BASE,
  CLIENT,
  codeFlowParams,
  DEMO_USER,
  expectLoginPage,
  failSignIn,
  formError,
  pkce,
  signInOnPage,
  SPA,
  stubClient,
  toClient,
  tokenRequest,
  verifyIdToken,
} from "./helpers";

test("the public demo-spa client with PKCE gets an ES256 ID token", async ({ page, request }) => {
  const { verifier, challenge } = pkce();
  const params = await authorize(page, {
    ...codeFlowParams({ client_id: SPA.id, redirect_uri: SPA.redirectUri, scope: "openid profile email" }),
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const code = params.get("code") ?? "";
  const wrongVerifier = await tokenRequest(request, { grant_type: "authorization_code", code, redirect_uri: SPA.redirectUri, client_id: SPA.id, code_verifier: pkce().verifier }, null);
  expect(wrongVerifier.status).toBe(400);
  expect(wrongVerifier.body.error, JSON.stringify(wrongVerifier.body)).toBe("invalid_grant");
  // The failed attempt above spent the code (single use); run the flow again for the success path.
  const again = await authorize(page, {
    ...codeFlowParams({ client_id: SPA.id, redirect_uri: SPA.redirectUri, scope: "openid profile email" }),
    code_challenge: challenge,
    code_challenge_method: "S256",
  });
  const ok = await tokenRequest(
    request,
    { grant_type: "authorization_code", code: again.get("code") ?? "", redirect_uri: SPA.redirectUri, client_id: SPA.id, code_verifier: verifier },
    null,
  );
  expect(ok.status).toBe(200);
  const { payload, alg } = await verifyIdToken(String(ok.body.id_token), SPA.id);
  expect(alg).toBe("ES256");
  expect(payload.given_name).toBe("Demo");
  expect(payload.family_name).toBe("User");
});

test("a public client without PKCE is refused with a redirect carrying the error", async ({ page }) => {
  const params = await toClient(page, () => page.goto(authorizationUrl(codeFlowParams({ client_id: SPA.id }))));
  expect(params.get("error")).toBe("invalid_request");
  expect(params.get("state")).toBe("123");
});

test("Deny sends access_denied back to the client", async ({ page }) => {
  await stubClient(page);
  await page.goto(authorizationUrl(codeFlowParams()));
  await expectLoginPage(page);
  const params = await toClient(page, () => page.getByRole("button", { name: "Deny" }).click());
  expect(params.get("error")).toBe("access_denied");
  expect(params.get("state")).toBe("123");
  expect(params.get("code")).toBeNull();
});

test("wrong password and unknown user get the same message and nothing is issued", async ({ page }) => {
  await stubClient(page);
  await page.goto(authorizationUrl(codeFlowParams()));
  await failSignIn(page, DEMO_USER.login, "Wrong-Pass1!");
  await expect(formError(page)).toContainText("Incorrect login ID or password.");
  await failSignIn(page, "nobody@example.com", "Demo-Pass1!");
  await expect(formError(page)).toContainText("Incorrect login ID or password.");
  await expect(page.getByLabel("Login ID")).toHaveValue("nobody@example.com");
  await failSignIn(page, "disabled@example.com", "Demo-Pass1!");
  await expect(formError(page)).toContainText("Incorrect login ID or password.");
  await expect(page.getByLabel("Login ID")).toHaveValue("disabled@example.com");
  expect(page.url()).toContain("/authorize/");
  // The same pending request still works with the right password.
  expect((await toClient(page, () => signInOnPage(page, DEMO_USER.login, DEMO_USER.password))).get("code")).toBeTruthy();
});

test("a user with an MFA challenge is asked for a code, never signed in by the password alone", async ({ page }) => {
  await stubClient(page);
  await page.goto(authorizationUrl(codeFlowParams()));
  await signInOnPage(page, "mfa@example.com", "Demo-Pass1!");
  await expect(page.getByTestId("step-code")).toBeVisible();
  await expect(page.locator("body")).not.toContainText("does not offer yet");
  expect(page.url()).toContain("/authorize/");
});

test("an unregistered redirect URI shows an error page and never redirects", async ({ page }) => {
  let redirected = false;
  await page.route("https://evil.example/**", (route) => {
    redirected = true;
    return route.abort();
  });
  const res = await page.goto(authorizationUrl(codeFlowParams({ redirect_uri: "https://evil.example/cb" })));
  expect(res?.status()).toBe(400);
  await expect(page.getByRole("heading")).toHaveText("This sign-in request can't be processed");
  expect(redirected).toBe(false);
  expect(new URL(page.url()).origin).toBe(BASE);
});

test("an unknown client shows the error page", async ({ page }) => {
  const res = await page.goto(authorizationUrl(codeFlowParams({ client_id: "no-such-client" })));
  expect(res?.status()).toBe(400);
  await expect(page.getByRole("heading")).toHaveText("This sign-in request can't be processed");
});

test("response_mode=form_post delivers code and state by an auto-submitted POST", async ({ page }) => {
  const client = await stubClient(page);
  await page.goto(authorizationUrl(codeFlowParams({ response_mode: "form_post" })));
  const form = await toClient(page, () => signInOnPage(page, DEMO_USER.login, DEMO_USER.password));
  await expect.poll(() => client.posts.length).toBe(1);
  expect(form.get("code")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(form.get("state")).toBe("123");
});

test("prompt=none without a session → login_required; after sign-in and consent → a code without UI", async ({ page }) => {
  let params = await toClient(page, () => page.goto(authorizationUrl(codeFlowParams({ prompt: "none" }))));
  expect(params.get("error")).toBe("login_required");
  expect(params.get("state")).toBe("123");

  await authorize(page, codeFlowParams());
  params = await toClient(page, () => page.goto(authorizationUrl(codeFlowParams({ prompt: "none", state: "silent" }))));
  expect(params.get("code")).toBeTruthy();
  expect(params.get("state")).toBe("silent");

  // A scope this user never granted this client still needs consent.
  params = await toClient(page, () => page.goto(authorizationUrl(codeFlowParams({ prompt: "none", scope: "openid phone" }))));
  expect(params.get("error")).toBe("consent_required");
});

test("five tabs with five requests all complete; a used request shows the expired page", async ({ context }) => {
  // Every scope, so each pending request carries the most the page can show; none may crowd out another.
  const tabs = ["a", "b", "c", "d", "e"];
  const pages = [];
  for (const tab of tabs) {
    const page = await context.newPage();
    await stubClient(page);
    await page.goto(authorizationUrl(codeFlowParams({ state: `tab-${tab}`, scope: "openid profile email phone address" })));
    await expectLoginPage(page);
    pages.push(page);
  }
  const firstUrl = pages[0]?.url() ?? "";
  for (const [i, page] of [...pages.entries()].reverse()) {
    expect((await toClient(page, () => signInOnPage(page, DEMO_USER.login, DEMO_USER.password))).get("state")).toBe(`tab-${tabs[i]}`);
  }
  for (const cookie of await context.cookies()) expect(cookie.value.length, cookie.name).toBeLessThan(4096);

  const again = pages[0];
  await again?.goto(firstUrl);
  await expect(again!.getByRole("heading")).toHaveText("This request has expired");
  await expect(again!.getByLabel("Password")).toHaveCount(0);
});

test("a request ID from another browser is not usable", async ({ page, browser }) => {
  await page.goto(authorizationUrl(codeFlowParams()));
  await expectLoginPage(page);
  const other = await browser.newContext();
  const stranger = await other.newPage();
  await stranger.goto(page.url());
  await expect(stranger.getByRole("heading")).toHaveText("This request has expired");
  await other.close();
});

test("the login page cannot be framed and sends no referrer", async ({ page }) => {
  const res = await page.goto(authorizationUrl(codeFlowParams()));
  expect(res?.url()).toContain("/authorize/");
  const headers = res?.headers() ?? {};
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  await expect(page.getByTestId("client-name")).toHaveText("Demo Client");
  await expect(page.getByTestId("scopes")).toContainText("email");
});

test("POST to the authorization endpoint works like GET (OIDC Core §3.1.2.1)", async ({ page }) => {
  await stubClient(page);
  await page.setContent(
    `<form method="post" action="${BASE}/api/authorization">${Object.entries(codeFlowParams({ state: "posted" }))
      .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
      .join("")}<button>go</button></form>`,
  );
  await page.getByRole("button", { name: "go" }).click();
  await expectLoginPage(page);
  expect((await toClient(page, () => signInOnPage(page, DEMO_USER.login, DEMO_USER.password))).get("state")).toBe("posted");
});

test("client credentials reach the token endpoint only through the configured method", async ({ request }) => {
  const res = await tokenRequest(request, { grant_type: "client_credentials" }, `Basic ${Buffer.from(`${CLIENT.id}:wrong`).toString("base64")}`);
  expect(res.status).toBe(401);
  expect(res.headers["www-authenticate"]).toContain("Basic");
  expect(res.body.error).toBe("invalid_client");
});

test("pushed authorization request (RFC 9126): request_uri works once", async ({ page, request }) => {
  const par = await request.post("/api/par", {
    form: codeFlowParams({ state: "pushed" }),
    headers: { Authorization: basicAuth(CLIENT.id, CLIENT.secret) },
    failOnStatusCode: false,
  });
  expect(par.status()).toBe(201);
  expect(par.headers()["cache-control"]).toBe("no-store");
  const { request_uri: requestUri, expires_in: expiresIn } = (await par.json()) as { request_uri: string; expires_in: number };
  expect(requestUri).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  expect(expiresIn).toBeGreaterThan(0);

  const params = await authorize(page, { client_id: CLIENT.id, request_uri: requestUri });
  expect(params.get("state")).toBe("pushed");
  expect(params.get("code")).toBeTruthy();

  const replay = await page.goto(authorizationUrl({ client_id: CLIENT.id, request_uri: requestUri }));
  expect(replay?.status()).toBe(400);

  const unauthenticated = await request.post("/api/par", { form: codeFlowParams(), failOnStatusCode: false });
  expect(unauthenticated.status()).toBe(401);
});

test("a locked-out or reset-required account reads like a wrong password, and the message says what to do", async ({ page }) => {
  // unconfirmed@example.com is otherwise unused by the suite (sms@ has its MFA step tested, and wrong MFA codes count
  // towards the same lockout), so its failure counter is this test's alone.
  await page.goto(authorizationUrl(codeFlowParams()));
  await failSignIn(page, "nobody@example.com", "Wrong-Pass0!");
  const unknown = await formError(page).textContent();
  expect(unknown).toContain("Incorrect login ID or password.");
  expect(unknown).toContain("wait a few minutes");
  expect(unknown).toContain("Forgot password?");
  // After 7 failures Cognito locks the account for 4 s (2^(n−5) s) and answers "Password attempts exceeded".
  for (let i = 0; i < 7; i++) await failSignIn(page, "unconfirmed@example.com", `Wrong-Pass${i}!`);
  await failSignIn(page, "unconfirmed@example.com", "Wrong-Pass9!");
  await expect(formError(page)).toHaveText(unknown ?? "");
  await failSignIn(page, "reset@example.com", "anything-at-all");
  await expect(formError(page)).toHaveText(unknown ?? "");
});
