// RP-Initiated Logout 1.0 at /api/logout (issue 7, item 7) and the demo client's Log out button.
import { expect, test, type Page } from "@playwright/test";
import { authorizationUrl, authorize, BASE, codeFlowParams, DEMO_USER, idTokenFor, signInOnPage, toClient, open, silentAuthorization } from "./helpers";

const LOGGED_OUT = "https://client.example.org/logged-out";

const silently = (page: Page) => silentAuthorization(page, codeFlowParams({ prompt: "none", state: "after" }));

/** Runs `action` and returns the URL the browser was sent to at LOGGED_OUT (with its query). */
async function toLoggedOut(page: Page, action: () => Promise<unknown>): Promise<URL> {
  const seen = page.waitForRequest((r) => r.url().startsWith(LOGGED_OUT), { timeout: 20_000 });
  await action().catch((e: unknown) => {
    if (!/ERR_NAME_NOT_RESOLVED|ERR_ABORTED|interrupted by another navigation|frame was detached/.test(String(e))) throw e;
  });
  return new URL((await seen).url());
}

test("logout with id_token_hint and a registered post_logout_redirect_uri → back to the client with state; then prompt=none → login_required", async ({ page, request }) => {
  const { raw } = await idTokenFor(request, (await authorize(page, codeFlowParams())).get("code"));
  const params = new URLSearchParams({ id_token_hint: raw, post_logout_redirect_uri: LOGGED_OUT, state: "bye" });
  const back = await toLoggedOut(page, () => open(page, `/api/logout?${params}`));
  expect(back.searchParams.get("state")).toBe("bye");
  expect((await silently(page)).get("error")).toBe("login_required");
});

test("logout with an unregistered post_logout_redirect_uri → our own logged-out page, never a redirect", async ({ page, request }) => {
  const { raw } = await idTokenFor(request, (await authorize(page, codeFlowParams())).get("code"));
  let redirected = false;
  await page.route("https://evil.example/**", (route) => {
    redirected = true;
    return route.abort();
  });
  const params = new URLSearchParams({ id_token_hint: raw, post_logout_redirect_uri: "https://evil.example/", state: "x" });
  const res = await open(page, `/api/logout?${params}`);
  expect(res?.status()).toBe(200);
  await expect(page.getByRole("heading")).toHaveText("You have logged out");
  expect(new URL(page.url()).origin).toBe(BASE);
  expect(redirected).toBe(false);
  expect((await silently(page)).get("error")).toBe("login_required");
});

test("logout that cannot be tied to the signed-in user asks first: Stay signed in keeps the session, Log out ends it", async ({ page }) => {
  await authorize(page, codeFlowParams());
  const params = new URLSearchParams({ client_id: "demo-client", post_logout_redirect_uri: LOGGED_OUT, state: "asked" });
  await open(page, `/api/logout?${params}`);
  await expect(page.getByRole("heading")).toHaveText("Log out?");
  await expect(page.getByTestId("signed-in-as")).toHaveText(`Signed in as ${DEMO_USER.login}`);
  await page.getByRole("button", { name: "Stay signed in" }).click();
  await expect(page.getByRole("heading")).toHaveText("You are still signed in");
  expect((await silently(page)).get("code")).toBeTruthy();

  await open(page, `/api/logout?${params}`);
  const back = await toLoggedOut(page, () => page.getByRole("button", { name: "Log out" }).click());
  expect(back.searchParams.get("state")).toBe("asked");
  expect((await silently(page)).get("error")).toBe("login_required");
});

test("a tampered id_token_hint is refused: an error page, still signed in", async ({ page, request }) => {
  const { raw } = await idTokenFor(request, (await authorize(page, codeFlowParams())).get("code"));
  const [h, p, s] = raw.split(".") as [string, string, string];
  const res = await open(page, `/api/logout?${new URLSearchParams({ id_token_hint: `${h}.${p}.${s.slice(0, -4)}AAAA`, post_logout_redirect_uri: LOGGED_OUT })}`);
  expect(res?.status()).toBe(400);
  await expect(page.getByRole("heading")).toHaveText("This log-out request can't be processed");
  expect((await silently(page)).get("code")).toBeTruthy();
});

test("the demo client's Log out ends the sign-in and comes back to the start page", async ({ page }) => {
  await open(page, "/");
  await page.getByRole("button", { name: "Try it" }).click();
  await signInOnPage(page, DEMO_USER.login, DEMO_USER.password);
  await page.waitForURL(/\/demo\/callback\?/);
  await expect(page.getByTestId("id-token-verification")).toContainText("Signature verified");
  await page.getByRole("button", { name: "Log out" }).click();
  await page.waitForURL((u) => u.pathname === "/" && u.searchParams.has("state"));
  await expect(page.getByRole("heading", { name: "nextjs-oauth-server" })).toBeVisible();
  expect((await silently(page)).get("error")).toBe("login_required");
});
