// Languages (issue 7, item 6): ui_locales → Accept-Language → English, the same for every page, and <html lang>.
import { expect, test } from "@playwright/test";
import { authorizationUrl, codeFlowParams, DEMO_USER, stubClient, toClient, open } from "./helpers";

test("ui_locales=ja: the sign-in and consent pages in Japanese with lang=ja", async ({ page }) => {
  await stubClient(page);
  await open(page, authorizationUrl(codeFlowParams({ ui_locales: "fr ja" })));
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByText("があなたのアカウントへのアクセスを求めています")).toBeVisible();
  // The client's name and the scope descriptions come from Authlete's tagged values in the page's language.
  await expect(page.getByTestId("client-name")).toHaveText("デモクライアント");
  await expect(page.getByTestId("scopes")).toContainText("メールアドレスと、その確認が済んでいるかどうかを読み取ります。");
  await page.getByLabel("ログイン ID").fill(DEMO_USER.login);
  await page.getByLabel("パスワード").fill("Wrong-Pass1!");
  await page.getByRole("button", { name: "許可する" }).click();
  await expect(page.getByTestId("form-error")).toContainText("ログイン ID またはパスワードが正しくありません。");
  await page.getByLabel("パスワード").fill(DEMO_USER.password);
  await toClient(page, () => page.getByRole("button", { name: "許可する" }).click());

  // The consent page of the signed-in user, asked for in Japanese.
  await open(page, authorizationUrl(codeFlowParams({ ui_locales: "ja-JP", prompt: "consent" })));
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByTestId("signed-in-as")).toHaveText(`${DEMO_USER.login} でサインインしています`);
  await expect(page.getByRole("button", { name: "別のアカウントを使う" })).toBeVisible();
  await expect(page.getByRole("button", { name: "拒否する" })).toBeVisible();
});

test("without ui_locales the browser's Accept-Language decides; English otherwise", async ({ browser }) => {
  const ja = await browser.newContext({ locale: "ja-JP", extraHTTPHeaders: { "Accept-Language": "ja-JP,ja;q=0.9,en;q=0.5" } });
  const page = await ja.newPage();
  await open(page, "/");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await expect(page.getByRole("button", { name: "試してみる" })).toBeVisible();
  await expect(page.getByText("second@example.com")).toBeVisible();
  const res = await open(page, authorizationUrl(codeFlowParams({ client_id: "no-such-client" })));
  expect(res?.status()).toBe(400);
  await expect(page.getByRole("heading")).toHaveText("このサインイン要求は処理できません");
  await expect(page.locator("html")).toHaveAttribute("lang", "ja");
  await open(page, "/api/logout");
  await expect(page.getByRole("heading")).toHaveText("ログアウトしました");
  await ja.close();

  const en = await browser.newContext({ extraHTTPHeaders: { "Accept-Language": "de-DE,de;q=0.9" } });
  const other = await en.newPage();
  await open(other, "/");
  await expect(other.locator("html")).toHaveAttribute("lang", "en");
  await expect(other.getByRole("button", { name: "Try it" })).toBeVisible();
  await en.close();
});
