// Password recovery (ForgotPassword → code → ConfirmForgotPassword) from the sign-in page, with and without
// JavaScript: the page says the same for an existing and a non-existing address, a wrong code is refused, the
// new password works. And TOTP enrolment (MFA_SETUP) in the MFA-required pool, on a second app instance.
import { AdminCreateUserCommand, AdminSetUserPasswordCommand } from "@aws-sdk/client-cognito-identity-provider";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_COGNITO, totpCode } from "../local/cognito/seed";
import { sdkClient } from "../local/cognito/test-support";
import { AUTHLETE_URL, authorizationUrl, codeFlowParams, COGNITO_URL, expectLoginPage, formError, idTokenFor, sentCode, stubClient, submitAndWait, toClient } from "./helpers";
import { startSecondApp, standInEnv, type SecondApp } from "./second-app";

const cognito = sdkClient(COGNITO_URL);

/**
 * A confirmed account of our own for the second run: Cognito allows only a few reset attempts per user and hour
 * (LimitExceededException), so the two runs must not share one.
 */
async function createUser(email: string): Promise<void> {
  try {
    await cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: DEMO_COGNITO.userPoolId,
        Username: email,
        MessageAction: "SUPPRESS",
        UserAttributes: [
          { Name: "email", Value: email },
          { Name: "email_verified", Value: "true" },
          { Name: "name", Value: "Recovery Test" },
        ],
      }),
    );
  } catch (e) {
    if (!(e instanceof Error && e.name === "UsernameExistsException")) throw e;
  }
  await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: DEMO_COGNITO.userPoolId, Username: email, Password: "Demo-Pass1!", Permanent: true }));
}

const resetCode = (request: APIRequestContext, login: string) => sentCode(request, login, "PASSWORD_RESET");
const click = submitAndWait;

async function signIn(page: Page, login: string, password: string): Promise<void> {
  await page.getByLabel("Login ID").fill(login);
  await page.getByLabel("Password").fill(password);
}

async function idTokenAfter(page: Page, request: APIRequestContext, action: () => Promise<unknown>): Promise<Record<string, unknown>> {
  const params = await toClient(page, action);
  return (await idTokenFor(request, params.get("code"))).payload as Record<string, unknown>;
}

test.describe("password recovery", () => {
  for (const js of [true, false]) {
    test.describe(js ? "with JavaScript" : "without JavaScript", () => {
      test.use({ javaScriptEnabled: js });

      const login = js ? "reset@example.com" : "recover-nojs@example.com";
      test(`${login}: from the sign-in page to a new password and back; the same words for an unknown address`, async ({ page, request }) => {
        test.setTimeout(60_000);
        const newPassword = js ? "Reset-Pass1!" : "Reset-Pass2!";
        if (!js) await createUser(login);
        await stubClient(page);
        await page.goto(authorizationUrl(codeFlowParams()));
        await expectLoginPage(page);
        if (js) {
          // An administrator reset this account (RESET_REQUIRED). Its sign-in reads exactly like a wrong password —
          // a page of its own would tell anyone the account exists — and that message points to "Forgot password?",
          // whose page starts with the Login ID just typed.
          await signIn(page, "reset@example.com", "Demo-Pass1!");
          await click(page, "Authorize");
          await expect(formError(page)).toContainText("Incorrect login ID or password.");
          await page.getByRole("link", { name: "Forgot password?" }).click();
          await expect(page.getByLabel("Login ID")).toHaveValue("reset@example.com");
        } else {
          await page.getByRole("link", { name: "Forgot password?" }).click();
        }
        await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();

        // An address nobody has: the same page text as for a real one.
        await page.getByLabel("Login ID").fill("nobody-here@example.com");
        await click(page, "Send code");
        const unknownText = (await page.getByTestId("reset-status").textContent())?.replace("nobody-here@example.com", "<id>");
        await page.getByRole("link", { name: "Back to sign-in" }).click();
        await page.getByRole("link", { name: "Forgot password?" }).click();
        await page.getByLabel("Login ID").fill(login);
        await click(page, "Send code");
        const knownText = (await page.getByTestId("reset-status").textContent())?.replace(login, "<id>");
        expect(knownText).toBeTruthy();
        expect(knownText).toBe(unknownText);

        await page.getByLabel("Code").fill("000000");
        await page.getByLabel("New password", { exact: true }).fill(newPassword);
        await page.getByLabel("Confirm new password").fill(newPassword);
        await click(page, "Change password");
        await expect(formError(page)).toHaveText("That code isn't right. Check it, or send a new code.");

        await page.getByLabel("Code").fill(await resetCode(request, login));
        await page.getByLabel("New password", { exact: true }).fill(newPassword);
        await page.getByLabel("Confirm new password").fill(newPassword);
        await click(page, "Change password");
        await expect(page.getByTestId("form-notice")).toHaveText("Your password has been changed. Sign in with your new password.");
        await signIn(page, login, newPassword);
        const idToken = await idTokenAfter(page, request, () => page.getByRole("button", { name: "Authorize" }).click());
        expect(idToken.amr).toEqual(["pwd"]);
      });
    });
  }
});

test.describe("TOTP enrolment in the MFA-required pool (MFA_SETUP)", () => {
  const pool = DEMO_COGNITO.mfaRequired;
  let app: SecondApp | undefined;
  test.beforeAll(async () => {
    app = await startSecondApp((url) => ({
      ...standInEnv(url, AUTHLETE_URL, COGNITO_URL),
      COGNITO_USER_POOL_ID: pool.userPoolId,
      COGNITO_CLIENT_ID: pool.clientId,
      COGNITO_CLIENT_SECRET: pool.clientSecret,
    }));
  });
  test.afterAll(() => app?.stop());

  for (const js of [true, false]) {
    test.describe(js ? "with JavaScript" : "without JavaScript", () => {
      test.use({ javaScriptEnabled: js });
      test(`${js ? "demo@" : "second@"}: QR code and grouped key, a wrong code refused, the right one signs in (amr pwd)`, async ({ page, request }) => {
        const base = app?.url as string;
        await stubClient(page);
        await page.goto(`${base}${authorizationUrl(codeFlowParams())}`);
        await signIn(page, js ? "demo@example.com" : "second@example.com", "Demo-Pass1!");
        await click(page, "Authorize");
        await expect(page.getByTestId("step-title")).toHaveText("Set up an authenticator app");
        await expect(page.getByTestId("totp-qr")).toBeVisible();
        expect(await page.getByTestId("totp-qr").getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
        const grouped = (await page.getByTestId("totp-secret").textContent()) ?? "";
        expect(grouped).toMatch(/^([A-Z2-7]{4} )*[A-Z2-7]{1,4}$/);
        const secret = grouped.replace(/ /g, "");
        const valid = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, Date.now() + d)));
        const wrong = ["000000", "111111", "222222"].find((c) => !valid.has(c)) as string;
        await page.getByLabel("Code").fill(wrong);
        await click(page, "Verify");
        await expect(formError(page)).toHaveText("That code isn't right. Check it and try again.");
        await page.getByLabel("Code").fill(totpCode(secret, Date.now()));
        const idToken = await idTokenAfter(page, request, () => page.getByRole("button", { name: "Verify" }).click());
        // A factor enrolled during this very sign-in proves nothing beyond the password.
        expect(idToken.amr).toEqual(["pwd"]);
        expect(idToken.acr).toBe("urn:nextjs-oauth-server:acr:pwd");
      });
    });
  }
});
