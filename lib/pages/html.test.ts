import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { errorPage, htmlPage } from "./html";

describe("route-handler pages", () => {
  it("are escaped, unframeable, uncached and in the page's language", async () => {
    const res = htmlPage(400, "ja", "T<", "M&", 'D"');
    assert.equal(res.headers.get("content-security-policy"), "frame-ancestors 'none'");
    assert.equal(res.headers.get("x-frame-options"), "DENY");
    assert.equal(res.headers.get("referrer-policy"), "no-referrer");
    assert.equal(res.headers.get("cache-control"), "no-store");
    const html = await res.text();
    assert.match(html, /<html lang="ja">/);
    assert.match(html, /T&lt;/);
    assert.match(html, /M&amp;/);
    assert.match(html, /D&quot;/);
  });
  it("error pages carry their status and localized copy", async () => {
    const en = errorPage("expired", "en");
    assert.equal(en.status, 400);
    assert.match(await en.text(), /This request has expired/);
    const ja = errorPage("unavailable", "ja");
    assert.equal(ja.status, 503);
    assert.equal(ja.headers.get("retry-after"), "5");
    assert.match(await ja.text(), /現在サインインをご利用いただけません/);
    assert.equal(errorPage("tooLarge", "en").status, 413);
    assert.equal(errorPage("forbidden", "en").status, 403);
  });
});
