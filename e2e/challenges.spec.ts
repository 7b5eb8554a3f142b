// The steps after the password, in Chromium with and without JavaScript, against the Cognito stand-in's seeded
// users: TOTP (mfa@), SMS (sms@), e-mail OTP (email-otp@), a choice of factor (select@), a new password
// (newpass@). For each: a wrong code is refused with a message, the right one completes, the ID token's amr
// (RFC 8176) and acr say what was used; Cancel and an abandoned step leave no session (prompt=none still gets
// login_required); an expired step says so (a second app instance with a 2-second step lifetime).
import { AdminSetUserPasswordCommand } from "@aws-sdk/client-cognito-identity-provider";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_COGNITO, totpCode } from "../local/cognito/seed";
import { sdkClient } from "../local/cognito/test-support";
import { authorizationUrl, codeFlowParams, COGNITO_URL, expectLoginPage, formError, idTokenFor, sentCode, signInOnPage, stubClient, submitAndWait, toClient } from "./helpers";
import { startSecondApp, standInEnv, type SecondApp } from "./second-app";

const PASSWORD = "Demo-Pass1!";
const ACR_MFA = "urn:nextjs-oauth-server:acr:mfa";
const ACR_PWD = "urn:nextjs-oauth-server:acr:pwd";

// A TOTP code is good once in its 30-second window (RFC 6238 §5.2, as Cognito enforces it): remember the
// window each user last spent and wait for the next one rather than replay a code.
const spentWindow = new Map<string, number>();
async function freshTotp(user: string): Promise<string> {
  let window = Math.floor(Date.now() / 30_000);
  if (spentWindow.get(user) === window) {
    await new Promise((r) => setTimeout(r, (window + 1) * 30_000 - Date.now() + 200));
    window = Math.floor(Date.now() / 30_000);
  }
  spentWindow.set(user, window);
  return totpCode(DEMO_COGNITO.totpSecret, Date.now());
}

/** A six-digit code that is not the current TOTP code (nor the neighbouring windows'). */
function wrongTotp(): string {
  const now = Date.now();
  const valid = new Set([-30_000, 0, 30_000].map((d) => totpCode(DEMO_COGNITO.totpSecret, now + d)));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}

const cognito = sdkClient(COGNITO_URL);

/** Puts newpass@ back to a temporary password, so each run of the new-password step starts from the seed's state. */
async function makeTemporary(login: string): Promise<void> {
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: DEMO_COGNITO.userPoolId, Username: login, Password: DEMO_COGNITO.temporaryPassword, Permanent: false }));
}

async function startSignIn(page: Page, login: string, password = PASSWORD, base = ""): Promise<void> {
  await stubClient(page);
  await page.goto(`${base}${authorizationUrl(codeFlowParams({ scope: "openid email" }))}`);
  await expectLoginPage(page);
  await signInOnPage(page, login, password);
}

/** Submits a step and waits for the page's answer (a re-render with an error, or the next step). */
const submitStep = (page: Page, button = "Verify") => submitAndWait(page, button);

async function enterCode(page: Page, code: string): Promise<void> {
  await page.getByLabel("Code").fill(code);
}

/** The last answer: the browser lands at the client; the code is exchanged and the ID token verified. */
async function finishAtClient(page: Page, request: APIRequestContext, button = "Verify"): Promise<Record<string, unknown>> {
  const params = await toClient(page, () => page.getByRole("button", { name: button }).click());
  const code = params.get("code");
  expect(code, params.toString()).toBeTruthy();
  return (await idTokenFor(request, code)).payload as Record<string, unknown>;
}

/** prompt=none from this browser: nobody is signed in. */
async function expectNoSession(page: Page): Promise<void> {
  const params = await toClient(page, () => page.goto(authorizationUrl(codeFlowParams({ prompt: "none" }))));
  expect(params.get("error")).toBe("login_required");
}

for (const js of [true, false]) {
  test.describe(`steps after the password, ${js ? "with" : "without"} JavaScript`, () => {
    test.use({ javaScriptEnabled: js });

    test("TOTP (mfa@): a wrong code is refused, the right one signs in with amr pwd otp mfa", async ({ page, request }) => {
      test.setTimeout(60_000);
      await startSignIn(page, "mfa@example.com");
      await expect(page.getByTestId("step-title")).toHaveText("Enter the code from your authenticator app");
      await enterCode(page, wrongTotp());
      await submitStep(page);
      await expect(formError(page)).toHaveText("That code isn't right. Check it and try again.");
      await enterCode(page, await freshTotp("mfa@"));
      const idToken = await finishAtClient(page, request);
      expect(idToken.amr).toEqual(["pwd", "otp", "mfa"]);
      expect(idToken.acr).toBe(ACR_MFA);
    });

    test("SMS (sms@): the masked number is shown; wrong code refused; the sent code signs in with amr pwd sms mfa", async ({ page, request }) => {
      await startSignIn(page, "sms@example.com");
      await expect(page.getByTestId("step-help")).toContainText("+*******0101");
      await enterCode(page, "000000");
      await submitStep(page);
      await expect(formError(page)).toHaveText("That code isn't right. Check it and try again.");
      await enterCode(page, await sentCode(request, "sms@example.com", "SMS"));
      const idToken = await finishAtClient(page, request);
      expect(idToken.amr).toEqual(["pwd", "sms", "mfa"]);
      expect(idToken.acr).toBe(ACR_MFA);
    });

    test("e-mail OTP (email-otp@): 8 digits to the masked address; wrong code refused; amr pwd otp mfa", async ({ page, request }) => {
      await startSignIn(page, "email-otp@example.com");
      await expect(page.getByTestId("step-help")).toContainText("8-digit code");
      await expect(page.getByTestId("step-help")).toContainText("@");
      await expect(page.getByTestId("step-help")).not.toContainText("email-otp@example.com");
      await enterCode(page, "00000000");
      await submitStep(page);
      await expect(formError(page)).toHaveText("That code isn't right. Check it and try again.");
      await enterCode(page, await sentCode(request, "email-otp@example.com", "EMAIL"));
      const idToken = await finishAtClient(page, request);
      expect(idToken.amr).toEqual(["pwd", "otp", "mfa"]);
    });

    test(`choice of factor (select@): radio buttons, then the ${js ? "SMS" : "authenticator app"} code step`, async ({ page, request }) => {
      test.setTimeout(60_000);
      await startSignIn(page, "select@example.com");
      await expect(page.getByTestId("step-title")).toHaveText("Confirm it's you");
      await expect(page.getByRole("radio")).toHaveCount(2);
      await page.getByLabel(js ? "Text message (SMS)" : "Authenticator app").check();
      await submitStep(page, "Continue");
      if (js) {
        await expect(page.getByTestId("step-help")).toContainText("+*******0102");
        await enterCode(page, "000000");
        await submitStep(page);
        await expect(formError(page)).toHaveText("That code isn't right. Check it and try again.");
        await enterCode(page, await sentCode(request, "select@example.com", "SMS"));
        expect((await finishAtClient(page, request)).amr).toEqual(["pwd", "sms", "mfa"]);
      } else {
        await expect(page.getByTestId("step-title")).toHaveText("Enter the code from your authenticator app");
        await enterCode(page, wrongTotp());
        await submitStep(page);
        await expect(formError(page)).toHaveText("That code isn't right. Check it and try again.");
        await enterCode(page, await freshTotp("select@"));
        expect((await finishAtClient(page, request)).amr).toEqual(["pwd", "otp", "mfa"]);
      }
    });

    test("new password (newpass@): policy hints, mismatch and policy refusals in words, then amr pwd", async ({ page, request }) => {
      await makeTemporary("newpass@example.com");
      await startSignIn(page, "newpass@example.com", DEMO_COGNITO.temporaryPassword);
      await expect(page.getByTestId("step-title")).toHaveText("Choose a new password");
      await expect(page.getByTestId("password-policy")).toContainText("at least 8 characters");
      await expect(page.getByTestId("password-policy")).toContainText("a symbol");
      const fillRequired = async () => {
        for (const field of await page.locator('input[name^="attr."]').all()) await field.fill("New User");
      };
      await page.getByLabel("New password", { exact: true }).fill("New-Pass1!");
      await page.getByLabel("Confirm new password").fill("New-Pass2!");
      await fillRequired();
      await submitStep(page, "Continue");
      await expect(formError(page)).toHaveText("The two passwords don't match.");
      await page.getByLabel("New password", { exact: true }).fill("newpass1!");
      await page.getByLabel("Confirm new password").fill("newpass1!");
      await fillRequired();
      await submitStep(page, "Continue");
      await expect(formError(page)).toHaveText("The new password needs an uppercase letter.");
      await page.getByLabel("New password", { exact: true }).fill("New-Pass1!");
      await page.getByLabel("Confirm new password").fill("New-Pass1!");
      await fillRequired();
      const idToken = await finishAtClient(page, request, "Continue");
      expect(idToken.amr).toEqual(["pwd"]);
      expect(idToken.acr).toBe(ACR_PWD);
      await makeTemporary("newpass@example.com");
    });

    test("Cancel returns to the password step of the same request; nobody is signed in", async ({ page }) => {
      await startSignIn(page, "sms@example.com");
      await expect(page.getByTestId("step-code")).toBeVisible();
      await submitStep(page, "Cancel");
      await expectLoginPage(page);
      expect(page.url()).toContain("/authorize/");
      await expectNoSession(page);
    });

    test("an abandoned step leaves no session: prompt=none gets login_required", async ({ page }) => {
      await startSignIn(page, "mfa@example.com");
      await expect(page.getByTestId("step-code")).toBeVisible();
      await expectNoSession(page);
    });

    test("the step cookie and the request cookie each stay under 4 KB", async ({ page, context }) => {
      await startSignIn(page, "newpass@example.com", DEMO_COGNITO.temporaryPassword);
      await expect(page.getByTestId("step-newPassword")).toBeVisible();
      const cookies = await context.cookies();
      const step = cookies.find((c) => c.name === "as_step");
      const req = cookies.find((c) => c.name === "as_req");
      expect(step?.httpOnly).toBe(true);
      expect(step?.path).toBe(req?.path);
      const size = (c: { name: string; value: string } | undefined) => (c ? c.name.length + 1 + c.value.length : 0);
      console.log(`as_step ${size(step)} bytes, as_req ${size(req)} bytes`);
      expect(size(step)).toBeGreaterThan(1000);
      expect(size(step)).toBeLessThan(4096);
      expect(size(req)).toBeLessThan(4096);
    });
  });
}

test.describe("an expired step", () => {
  let app: SecondApp;
  test.beforeAll(async () => {
    // The same stand-ins behind a second app instance whose steps live 2 seconds (COGNITO_AUTH_SESSION_SECONDS).
    app = await startSecondApp((url) => ({ ...standInEnv(url, process.env.E2E_AUTHLETE_URL as string, COGNITO_URL), COGNITO_AUTH_SESSION_SECONDS: "2" }));
  });
  test.afterAll(() => app?.stop());

  for (const js of [true, false]) {
    test.describe(js ? "with JavaScript" : "without JavaScript", () => {
      test.use({ javaScriptEnabled: js });
      test("says so and asks for the password again; no session is left", async ({ page }) => {
        await startSignIn(page, "sms@example.com", PASSWORD, app.url);
        await expect(page.getByTestId("step-code")).toBeVisible();
        await page.waitForTimeout(2500);
        await enterCode(page, "123456");
        await submitStep(page);
        await expect(formError(page)).toHaveText("This step expired — sign in again.");
        await expect(page.getByLabel("Password")).toBeVisible();
        const params = await toClient(page, () => page.goto(`${app.url}${authorizationUrl(codeFlowParams({ prompt: "none" }))}`));
        expect(params.get("error")).toBe("login_required");
      });
    });
  }
});

test("the Japanese page speaks Japanese in the steps too", async ({ page }) => {
  await stubClient(page);
  await page.goto(authorizationUrl(codeFlowParams({ ui_locales: "ja" })));
  await page.getByLabel("ログイン ID").fill("sms@example.com");
  await page.getByLabel("パスワード").fill(PASSWORD);
  await page.getByRole("button", { name: "許可する" }).click();
  await expect(page.getByTestId("step-title")).toHaveText("お送りしたコードを入力してください");
  await expect(page.getByRole("button", { name: "キャンセル" })).toBeVisible();
});
