// Sign-in sessions (issue 7): SSO consent page, prompt / max_age, per-user consent, the account chooser, hints,
// demanded subjects and acr — in Chromium against the built app and both stand-ins.
import { AdminCreateUserCommand, AdminDisableUserCommand, AdminSetUserPasswordCommand } from "@aws-sdk/client-cognito-identity-provider";
import { expect, test, type Page } from "@playwright/test";
import { DEFAULT_ACR } from "../lib/config";
import { DEMO_COGNITO, demoUser } from "../local/cognito/seed";
import { sdkClient } from "../local/cognito/test-support";
import { authorizationUrl, authorize, basicAuth, CLIENT, codeFlowParams, COGNITO_URL, DEMO_USER, expectLoginPage, failSignIn, formError, idTokenFor, open, SECOND_USER, signInOnPage, silentAuthorization, stubClient, submitAndWait, toClient, tokenRequest } from "./helpers";

const silently = (page: Page, extra: Record<string, string>) => silentAuthorization(page, codeFlowParams({ prompt: "none", ...extra }));

async function expectConsentPage(page: Page, who: string): Promise<void> {
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${who}`);
  await expect(page.getByLabel("Password")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Authorize" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Deny" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Use another account" })).toBeVisible();
}

test("SSO: signed in → a consent page without a password; the same or narrower scopes → no page; auth_time stays", async ({ page, request }) => {
  const first = await idTokenFor(request, (await authorize(page, codeFlowParams())).get("code"));

  await open(page, authorizationUrl(codeFlowParams({ scope: "openid email phone" })));
  await expectConsentPage(page, DEMO_USER.login);
  const wider = await toClient(page, () => page.getByRole("button", { name: "Authorize" }).click());
  const second = await idTokenFor(request, wider.get("code"));
  expect(second.payload.sub).toBe(first.payload.sub);
  expect(second.payload.auth_time).toBe(first.payload.auth_time);

  // Consent remembered for these scopes (or fewer): answered without any page.
  const narrower = await toClient(page, () => open(page, authorizationUrl(codeFlowParams({ scope: "openid phone", state: "narrow" }))));
  expect(narrower.get("state")).toBe("narrow");
  expect((await idTokenFor(request, narrower.get("code"))).payload.auth_time).toBe(first.payload.auth_time);

  // prompt=consent asks again.
  await open(page, authorizationUrl(codeFlowParams({ prompt: "consent" })));
  await expectConsentPage(page, DEMO_USER.login);
  const denied = await toClient(page, () => page.getByRole("button", { name: "Deny" }).click());
  expect(denied.get("error")).toBe("access_denied");
});

test("prompt=login and max_age=0 ask for the password again (auth_time moves); prompt=none&max_age=0 → login_required", async ({ page, request }) => {
  const first = await idTokenFor(request, (await authorize(page, codeFlowParams())).get("code"));

  // Authlete reports maxAge 0 for both max_age=0 and no max_age; the raw parameter decides.
  expect((await silently(page, { max_age: "0" })).get("error")).toBe("login_required");
  expect((await silently(page, {})).get("code")).toBeTruthy();

  await page.waitForTimeout(1100); // a later second, so a fresh auth_time is visible
  await open(page, authorizationUrl(codeFlowParams({ max_age: "0" })));
  await expectLoginPage(page);
  await expect(page.getByTestId("sign-in-notice")).toHaveText("The application needs a recent sign-in. Sign in again to continue.");
  await expect(page.getByLabel("Login ID")).toHaveValue(DEMO_USER.login);
  const again = await toClient(page, () => signInOnPage(page, DEMO_USER.login, DEMO_USER.password));
  const reauthenticated = await idTokenFor(request, again.get("code"));
  expect(Number(reauthenticated.payload.auth_time)).toBeGreaterThan(Number(first.payload.auth_time));

  await open(page, authorizationUrl(codeFlowParams({ prompt: "login" })));
  await expect(page.getByTestId("sign-in-notice")).toHaveText("The application asks you to sign in again.");
  await expectLoginPage(page);
});

test("two users, one browser: consent belongs to the user who gave it", async ({ page, request }) => {
  // The first person consents to openid email phone.
  await authorize(page, codeFlowParams({ scope: "openid email phone" }));
  // The second person signs in on the same browser (prompt=login) for openid only.
  await open(page, authorizationUrl(codeFlowParams({ prompt: "login", scope: "openid" })));
  const switched = await toClient(page, () => signInOnPage(page, SECOND_USER.login, SECOND_USER.password));
  const secondSub = (await idTokenFor(request, switched.get("code"))).payload.sub;
  expect(secondSub).toBe(demoUser(SECOND_USER.login).sub);

  // prompt=none for the first person's scopes must not ride on the first person's consent.
  expect((await silently(page, { scope: "openid email phone" })).get("error")).toBe("consent_required");
  // Interactively: the second person's own consent page.
  await open(page, authorizationUrl(codeFlowParams({ scope: "openid email phone" })));
  await expectConsentPage(page, SECOND_USER.login);
  const granted = await toClient(page, () => page.getByRole("button", { name: "Authorize" }).click());
  expect((await idTokenFor(request, granted.get("code"))).payload.sub).toBe(secondSub);
});

test("account chooser (prompt=select_account): continue as the signed-in user, or pick another account", async ({ page, request }) => {
  await authorize(page, codeFlowParams());
  await open(page, authorizationUrl(codeFlowParams({ prompt: "login" })));
  await toClient(page, () => signInOnPage(page, SECOND_USER.login, SECOND_USER.password));

  await open(page, authorizationUrl(codeFlowParams({ prompt: "select_account" })));
  await expect(page.getByTestId("chooser-title")).toHaveText("Choose an account");
  const accounts = page.getByTestId("accounts").getByRole("button");
  await expect(accounts).toHaveCount(2);
  await expect(accounts.nth(0)).toContainText(SECOND_USER.login);
  await expect(accounts.nth(0)).toContainText("Signed in");
  await expect(accounts.nth(1)).toContainText(DEMO_USER.login);
  await expect(accounts.nth(1)).toContainText("Signed out");

  // The signed-in account continues with its session (consent remembered: straight back to the client).
  const same = await toClient(page, () => accounts.nth(0).click());
  expect((await idTokenFor(request, same.get("code"))).payload.sub).toBe(demoUser(SECOND_USER.login).sub);

  // A signed-out account: its sign-in form, pre-filled.
  await open(page, authorizationUrl(codeFlowParams({ prompt: "select_account" })));
  await page.getByTestId("accounts").getByRole("button", { name: new RegExp(DEMO_USER.login) }).click();
  await expect(page.getByLabel("Login ID")).toHaveValue(DEMO_USER.login);
  const other = await toClient(page, () => signInOnPage(page, DEMO_USER.login, DEMO_USER.password));
  expect((await idTokenFor(request, other.get("code"))).payload.sub).toBe(demoUser(DEMO_USER.login).sub);

  // "Use another account" on the consent page: an empty sign-in form.
  await open(page, authorizationUrl(codeFlowParams({ prompt: "consent" })));
  await page.getByRole("button", { name: "Use another account" }).click();
  await expectLoginPage(page);
  await expect(page.getByLabel("Login ID")).toHaveValue("");
});

test("login_hint pre-fills the Login ID; a sub demanded by the claims parameter locks it and refuses anyone else", async ({ page, request }) => {
  await stubClient(page);
  await open(page, authorizationUrl(codeFlowParams({ login_hint: SECOND_USER.login })));
  await expect(page.getByLabel("Login ID")).toHaveValue(SECOND_USER.login);
  await expect(page.getByLabel("Login ID")).toBeEditable();

  const demoSub = demoUser(DEMO_USER.login).sub;
  const claims = JSON.stringify({ id_token: { sub: { value: demoSub } } });
  await open(page, authorizationUrl(codeFlowParams({ claims })));
  const loginId = page.getByLabel("Login ID");
  await expect(loginId).not.toBeEditable();
  await expect(loginId).toHaveValue(demoSub);
  await expect(page.getByText("The application asked for this account.")).toBeVisible();
  await page.getByLabel("Password").fill("Wrong-Pass1!");
  await submitAndWait(page, "Authorize");
  await expect(formError(page)).toContainText("Incorrect login ID or password.");
  // Even a Login ID changed in the page is ignored: only the demanded account is tried.
  await loginId.evaluate((el: HTMLInputElement) => {
    el.readOnly = false;
    el.value = "second@example.com";
  });
  await page.getByLabel("Password").fill(DEMO_USER.password);
  const params = await toClient(page, () => page.getByRole("button", { name: "Authorize" }).click());
  expect((await idTokenFor(request, params.get("code"))).payload.sub).toBe(demoSub);
});

test("SSO ends when Cognito disables the user: prompt=none → login_required, their tokens revoked, then the password form again", async ({ page, request }) => {
  const cognito = sdkClient(COGNITO_URL);
  const login = `sso-disabled-${Date.now()}@example.com`;
  const user = { login, password: "Demo-Pass1!", email: login };
  const UserPoolId = DEMO_COGNITO.userPoolId;
  await cognito.send(new AdminCreateUserCommand({ UserPoolId, Username: login, MessageAction: "SUPPRESS", UserAttributes: [{ Name: "email", Value: login }, { Name: "email_verified", Value: "true" }] }));
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: login, Password: user.password, Permanent: true }));

  expect((await authorize(page, codeFlowParams(), user)).get("code")).toBeTruthy();
  const code = (await silently(page, {})).get("code"); // SSO while the account is enabled
  const tokens = await tokenRequest(request, { grant_type: "authorization_code", code: code ?? "", redirect_uri: CLIENT.redirectUri });
  expect(tokens.status).toBe(200);
  const userinfo = () => request.get("/api/userinfo", { headers: { Authorization: `Bearer ${String(tokens.body.access_token)}` }, failOnStatusCode: false });
  expect((await userinfo()).status()).toBe(200);

  await cognito.send(new AdminDisableUserCommand({ UserPoolId, Username: login }));
  expect((await silently(page, {})).get("error")).toBe("login_required");
  expect((await userinfo()).status()).toBe(401); // revoked when SSO found the account disabled
  await open(page, authorizationUrl(codeFlowParams()));
  await expectLoginPage(page);
  await expect(page.getByLabel("Login ID")).toHaveValue(""); // forgotten on this browser, as by logout
});

test("pushed (PAR) requests: max_age=0 and id_token_hint are honoured; Authlete's bare request_uri is refused", async ({ page, request }) => {
  const demo = await idTokenFor(request, (await authorize(page, codeFlowParams())).get("code"));
  const push = async (extra: Record<string, string>) => {
    const res = await request.post("/api/par", { form: codeFlowParams(extra), headers: { Authorization: basicAuth(CLIENT.id, CLIENT.secret) } });
    expect(res.status()).toBe(201);
    return ((await res.json()) as { request_uri: string }).request_uri;
  };
  const viaPar = (requestUri: string) => ({ client_id: CLIENT.id, request_uri: requestUri });

  expect((await silentAuthorization(page, viaPar(await push({ prompt: "none", max_age: "0" })))).get("error")).toBe("login_required");
  expect((await silentAuthorization(page, viaPar(await push({ prompt: "none", id_token_hint: demo.raw })))).get("code")).toBeTruthy();

  await open(page, authorizationUrl(codeFlowParams({ prompt: "login" })));
  await toClient(page, () => signInOnPage(page, SECOND_USER.login, SECOND_USER.password));
  expect((await silentAuthorization(page, viaPar(await push({ prompt: "none", id_token_hint: demo.raw })))).get("error")).toBe("login_required");

  // The stand-in's own request_uri, unwrapped from ours: not issued by this server.
  const sealed = await push({});
  const [, authleteUri] = /^(urn:ietf:params:oauth:request_uri:)as\./.exec(sealed) ?? [];
  expect(authleteUri).toBeTruthy();
  const bare = await page.goto(authorizationUrl(viaPar(`${authleteUri}not-ours`)));
  expect(bare?.status()).toBe(400);
});

test("id_token_hint of another user: prompt=none → login_required; interactively the page asks that user to sign in", async ({ page, request }) => {
  const demo = await idTokenFor(request, (await authorize(page, codeFlowParams())).get("code"));
  await open(page, authorizationUrl(codeFlowParams({ prompt: "login" })));
  await toClient(page, () => signInOnPage(page, SECOND_USER.login, SECOND_USER.password));

  // The hint names demo@example.com, second@example.com is signed in.
  expect((await silently(page, { id_token_hint: demo.raw })).get("error")).toBe("login_required");

  await open(page, authorizationUrl(codeFlowParams({ id_token_hint: demo.raw })));
  await expect(page.getByTestId("sign-in-notice")).toHaveText("The application asks you to sign in with a specific account.");
  await expect(page.getByLabel("Login ID")).toHaveValue(DEMO_USER.login);
  await failSignIn(page, SECOND_USER.login, SECOND_USER.password);
  await expect(formError(page)).toHaveText("Sign in with the account this application asked for.");
  const params = await toClient(page, () => signInOnPage(page, DEMO_USER.login, DEMO_USER.password));
  expect((await idTokenFor(request, params.get("code"))).payload.sub).toBe(demo.payload.sub);

  // The hint of the signed-in user is answered silently; a tampered one is not.
  expect((await silently(page, { id_token_hint: demo.raw })).get("code")).toBeTruthy();
  const [h, p, sig] = demo.raw.split(".") as [string, string, string];
  const tampered = `${h}.${p}.${sig.slice(0, -4)}AAAA`;
  expect((await silently(page, { id_token_hint: tampered })).get("error")).toBe("login_required");
});

test("acr: non-essential acr_values never block; an essential acr the sign-in did not meet ends with the error, once", async ({ page, request }) => {
  const voluntary = await authorize(page, codeFlowParams({ acr_values: DEFAULT_ACR.mfa }));
  const met = (await idTokenFor(request, voluntary.get("code"))).payload;
  expect(met.acr).toBe(DEFAULT_ACR.password);
  expect(met.amr).toEqual(["pwd"]);

  const essentialPwd = JSON.stringify({ id_token: { acr: { essential: true, values: [DEFAULT_ACR.password] } } });
  const pwd = await toClient(page, () => open(page, authorizationUrl(codeFlowParams({ claims: essentialPwd }))));
  expect((await idTokenFor(request, pwd.get("code"))).payload.acr).toBe(DEFAULT_ACR.password);

  // Essential second factor: the password session does not meet it, a new password sign-in does not either.
  const essentialMfa = JSON.stringify({ id_token: { acr: { essential: true, values: [DEFAULT_ACR.mfa] } } });
  await open(page, authorizationUrl(codeFlowParams({ claims: essentialMfa, state: "mfa" })));
  await expect(page.getByTestId("sign-in-notice")).toHaveText("The application needs a stronger sign-in, with a second verification step.");
  const unmet = await toClient(page, () => signInOnPage(page, DEMO_USER.login, DEMO_USER.password));
  expect(unmet.get("error")).toBe("unmet_authentication_requirements");
  expect(unmet.get("state")).toBe("mfa");
  expect(unmet.get("code")).toBeNull();
  expect((await silently(page, { claims: essentialMfa })).get("error")).toBe("unmet_authentication_requirements");
});

test("discovery lists end_session_endpoint, acr_values_supported and ui_locales_supported, and nothing unimplemented", async ({ request }) => {
  const doc = (await (await request.get("/.well-known/openid-configuration")).json()) as Record<string, unknown>;
  expect(doc.end_session_endpoint).toBe(`${doc.issuer}/api/logout`);
  expect(doc.acr_values_supported).toEqual([DEFAULT_ACR.password, DEFAULT_ACR.mfa]);
  expect(doc.ui_locales_supported).toEqual(["en", "ja"]);
  for (const k of ["check_session_iframe", "frontchannel_logout_supported", "backchannel_logout_supported", "introspection_endpoint"]) expect(doc[k], k).toBeUndefined();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the consent page, Use another account and the account chooser work as plain form posts", async ({ page, request }) => {
    await authorize(page, codeFlowParams());
    await open(page, authorizationUrl(codeFlowParams({ prompt: "consent" })));
    await expectConsentPage(page, DEMO_USER.login);
    const consented = await toClient(page, () => page.getByRole("button", { name: "Authorize" }).click());
    expect((await idTokenFor(request, consented.get("code"))).payload.sub).toBe(demoUser(DEMO_USER.login).sub);

    await open(page, authorizationUrl(codeFlowParams({ prompt: "consent" })));
    await page.getByRole("button", { name: "Use another account" }).click();
    await expectLoginPage(page);
    const switched = await toClient(page, () => signInOnPage(page, SECOND_USER.login, SECOND_USER.password));
    expect((await idTokenFor(request, switched.get("code"))).payload.sub).toBe(demoUser(SECOND_USER.login).sub);

    await open(page, authorizationUrl(codeFlowParams({ prompt: "select_account" })));
    await page.getByTestId("accounts").getByRole("button", { name: new RegExp(DEMO_USER.login) }).click();
    await expect(page.getByLabel("Login ID")).toHaveValue(DEMO_USER.login);
  });
});
