// public/: the icon the pages reference is served, so no page makes a request that 404s (a red issue badge in
// `next dev`, a failed request in every browser's console).
import { expect, test } from "@playwright/test";
import { authorizationUrl, codeFlowParams } from "./helpers";

test("favicon and app icons are served from public/", async ({ request }) => {
  for (const [path, type] of [
    ["/favicon.ico", /image\/(x-icon|vnd\.microsoft\.icon)/],
    ["/icon.svg", /image\/svg\+xml/],
    ["/apple-touch-icon.png", /image\/png/],
  ] as const) {
    const r = await request.get(path);
    expect(r.status(), path).toBe(200);
    expect(r.headers()["content-type"], path).toMatch(type);
  }
});

test("the landing and sign-in pages load without a single failed request", async ({ page }) => {
  const failed: string[] = [];
  page.on("response", (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  page.on("requestfailed", (r) => failed.push(`failed ${r.url()}`));
  await page.goto("/");
  await expect(page.locator('link[rel="icon"]').first()).toHaveAttribute("href", /icon\.svg|favicon\.ico/);
  await page.goto(authorizationUrl(codeFlowParams()));
  await expect(page.getByLabel("Login ID")).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(failed).toEqual([]);
});
