// Shared fixtures for the end-to-end specs: demo data (DESIGN.md), URLs of the running stack, and small
// helpers to drive the authorization-code flow as a real client and browser would.
import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from "jose";

export const BASE = process.env.E2E_BASE_URL as string;
export const AUTHLETE_URL = process.env.E2E_AUTHLETE_URL as string;
export const COGNITO_URL = process.env.E2E_COGNITO_URL as string;

import { basicAuth, CLIENT, DEMO_USER } from "./fixtures";
export * from "./fixtures";

export function authorizationUrl(params: Record<string, string>): string {
  return `/api/authorization?${new URLSearchParams(params)}`;
}

export function codeFlowParams(extra: Record<string, string> = {}): Record<string, string> {
  return {
    response_type: "code",
    client_id: CLIENT.id,
    redirect_uri: CLIENT.redirectUri,
    scope: "openid email",
    state: "123",
    nonce: "abc",
    ...extra,
  };
}


/**
 * The client's redirect URI is not a real site: answer it in the browser so the test can read what the
 * authorization server sent (query for GET, body for form_post).
 */
export async function stubClient(page: Page): Promise<{ posts: string[] }> {
  const posts: string[] = [];
  await page.route("https://client.example.org/**", async (route) => {
    if (route.request().method() === "POST") posts.push(route.request().postData() ?? "");
    await route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>client</title><p>client callback</p>" });
  });
  return { posts };
}

export async function expectLoginPage(page: Page): Promise<void> {
  await expect(page.getByLabel("Login ID")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expect(page.getByRole("button", { name: "Authorize" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Deny" })).toBeVisible();
}

export async function signInOnPage(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel("Login ID").fill(login);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Authorize" }).click();
}

/** Presses a button of the login page (or one of its steps) and waits for the server action's answer. */
export async function submitAndWait(page: Page, button: string): Promise<void> {
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith("/authorize/"));
  await page.getByRole("button", { name: button }).click();
  await answered;
  await page.waitForLoadState();
}

/** Signs in expecting to stay on the page (an error): waits for the action's answer before returning. */
export async function failSignIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel("Login ID").fill(login);
  await page.getByLabel("Password").fill(password);
  await submitAndWait(page, "Authorize");
  await expect(page.getByRole("button", { name: "Authorize" })).toBeEnabled();
}

/** The latest code the Cognito stand-in "sent" to a user (GET /_local/codes). */
export async function sentCode(request: APIRequestContext, login: string, channel: "SMS" | "EMAIL" | "PASSWORD_RESET"): Promise<string> {
  const res = await request.get(`${COGNITO_URL}/_local/codes?${new URLSearchParams({ username: login })}`);
  expect(res.status()).toBe(200);
  const code = ((await res.json()) as { codes: Record<string, string> }).codes[channel];
  expect(code, `a ${channel} code for ${login}`).toBeTruthy();
  return code as string;
}

/**
 * Runs `action` (a navigation or a click) and returns what reached the client's redirect URI: the query
 * parameters of a redirect, or the form body of a form_post. Redirects issued by the server are followed by
 * the browser itself (Playwright does not route them), so the request is observed rather than stubbed; the
 * failed DNS lookup of client.example.org that may follow is expected.
 */
export async function toClient(page: Page, action: () => Promise<unknown>): Promise<URLSearchParams> {
  const seen = page.waitForRequest((r) => r.url().startsWith(CLIENT.redirectUri), { timeout: 20_000 });
  await action().catch((e: unknown) => {
    if (!/ERR_NAME_NOT_RESOLVED|ERR_ABORTED|interrupted by another navigation|frame was detached/.test(String(e))) throw e;
  });
  const req = await seen;
  // Let that navigation finish (stubbed page, or Chromium's error page when the stub was bypassed), so it
  // cannot interrupt whatever the test does next.
  await page.waitForURL((u) => u.href.startsWith(CLIENT.redirectUri) || u.protocol === "chrome-error:", { timeout: 10_000 });
  return req.method() === "POST" ? new URLSearchParams(req.postData() ?? "") : new URL(req.url()).searchParams;
}

/**
 * page.goto that survives the tail of a previous navigation: after a redirect to the client's (unresolvable)
 * redirect URI, Chromium may still commit its error page and interrupt the next navigation.
 */
export async function open(page: Page, url: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await page.goto(url);
    } catch (e) {
      if (attempt >= 2 || !/interrupted by another navigation/.test(String(e))) throw e;
      await page.waitForLoadState("load").catch(() => {});
    }
  }
}

/**
 * The whole browser part: authorization request → (sign-in form, or the consent page of a browser that is
 * already signed in, or no page at all when consent is remembered) → callback parameters.
 */
export async function authorize(page: Page, params: Record<string, string>, user = DEMO_USER): Promise<URLSearchParams> {
  await stubClient(page);
  return toClient(page, async () => {
    await open(page, authorizationUrl(params));
    if (page.url().startsWith(CLIENT.redirectUri)) return;
    const password = page.getByLabel("Password");
    await expect(password.or(page.getByTestId("signed-in-as"))).toBeVisible();
    if (await password.isVisible()) await signInOnPage(page, user.login, user.password);
    else await page.getByRole("button", { name: "Authorize" }).click();
  });
}

/**
 * A prompt=none request from this browser (its cookies), answered without any page: the parameters the
 * authorization server sent to the client's redirect URI. Sent through the context's request API, so no
 * navigation to the unresolvable client is left behind to disturb the next one.
 */
export async function silentAuthorization(page: Page, params: Record<string, string>): Promise<URLSearchParams> {
  const res = await page.context().request.get(authorizationUrl(params), { maxRedirects: 0 });
  const location = res.headers().location ?? "";
  expect(location.startsWith(CLIENT.redirectUri), `${res.status()} ${location}`).toBe(true);
  return new URL(location).searchParams;
}

/** The code's ID token, verified (the client is demo-client, redirect URI CLIENT.redirectUri). */
export async function idTokenFor(request: APIRequestContext, code: string | null): Promise<{ raw: string; payload: JWTPayload }> {
  const res = await tokenRequest(request, { grant_type: "authorization_code", code: code ?? "", redirect_uri: CLIENT.redirectUri });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const raw = String(res.body.id_token);
  return { raw, payload: (await verifyIdToken(raw, CLIENT.id)).payload };
}

/** The error message above the login form. */
export function formError(page: Page) {
  return page.getByTestId("form-error");
}

export async function tokenRequest(
  request: APIRequestContext,
  form: Record<string, string>,
  /** The Authorization header; null sends none (public clients, client_secret_post). */
  auth: string | null = basicAuth(CLIENT.id, CLIENT.secret),
  /** Another app instance's origin; default: the main test server. */
  origin = "",
) {
  const res = await request.post(`${origin}/api/token`, { form, headers: auth ? { Authorization: auth } : {}, failOnStatusCode: false });
  const text = await res.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // leave empty; tests assert on status
  }
  return { status: res.status(), headers: res.headers(), body };
}

const jwks = createRemoteJWKSet(new URL(`${BASE}/api/jwks`));

export async function verifyIdToken(idToken: string, audience: string): Promise<{ payload: JWTPayload; alg: string }> {
  const { payload, protectedHeader } = await jwtVerify(idToken, jwks, { issuer: BASE, audience });
  return { payload, alg: protectedHeader.alg };
}
