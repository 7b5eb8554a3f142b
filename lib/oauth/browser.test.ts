// Rendering the authorization flow's outcomes for the browser (status, headers, escaping, language).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { browserResponse } from "./browser";

const authlete = { resultCode: "A001101", resultMessage: "[A001101] db down" };

describe("browserResponse", () => {
  it("redirect → 302 to the location, no-store", () => {
    const res = browserResponse({ kind: "redirect", location: "https://client.example.org/cb?error=x&state=s" }, "en");
    assert.equal(res.status, 302);
    assert.equal(res.headers.get("location"), "https://client.example.org/cb?error=x&state=s");
    assert.equal(res.headers.get("cache-control"), "no-store");
  });
  it("form → 200 HTML verbatim, not frameable", async () => {
    const res = browserResponse({ kind: "form", html: "<html>post</html>" }, "en");
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "text/html;charset=UTF-8");
    assert.equal(res.headers.get("content-security-policy"), "frame-ancestors 'none'");
    assert.equal(await res.text(), "<html>post</html>");
  });
  it("bad_request → 400 page naming the error, escaped, never a redirect", async () => {
    const res = browserResponse({ kind: "bad_request", detail: "x: <script>alert(1)</script>", authlete }, "en");
    assert.equal(res.status, 400);
    assert.equal(res.headers.get("location"), null);
    const html = await res.text();
    assert.ok(!html.includes("<script>alert"), html);
    assert.match(html, /&lt;script&gt;/);
  });
  it("server_error → 500 page without upstream text; expired → 400; in Japanese when asked", async () => {
    const res = browserResponse({ kind: "server_error", authlete }, "en");
    assert.equal(res.status, 500);
    assert.ok(!(await res.text()).includes("db down"));
    const ja = browserResponse({ kind: "expired", authlete }, "ja");
    assert.equal(ja.status, 400);
    assert.match(await ja.text(), /有効期限が切れています/);
  });
});
