// The built-in demo client: landing page → Try it → sign in → /demo/callback shows the verified result.
import { expect, test } from "@playwright/test";
import { DEMO_USER, signInOnPage } from "./helpers";

test("Try it runs the whole flow and shows a verified ID token", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "nextjs-oauth-server" })).toBeVisible();
  await expect(page.getByText("demo@example.com")).toBeVisible();
  await page.getByRole("button", { name: "Try it" }).click();
  await signInOnPage(page, DEMO_USER.login, DEMO_USER.password);
  await page.waitForURL(/\/demo\/callback\?/);
  await expect(page.getByTestId("id-token-verification")).toContainText("Signature verified");
  await expect(page.getByTestId("token-response")).toContainText("access_token");
  await expect(page.getByTestId("id-token-header")).toContainText("PS256");
  await expect(page.getByTestId("id-token-payload")).toContainText(DEMO_USER.email);
  await expect(page.getByTestId("userinfo-response")).toContainText("Demo User");
});

test("a forged callback is refused", async ({ page }) => {
  await page.goto("/demo/callback?code=forged&state=forged");
  await expect(page.getByTestId("demo-problem")).toBeVisible();
});
