// proxy.ts's checks, as plain Request → decision (the security suite drives the same through the running app).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { comparedHost, guardPageRequest, provesSameOrigin } from "./request-guard";

const ISSUER = "https://login.example.com";
const ID = "AAAAAAAAAAAAAAAAAAAAAA";

function post(headers: Record<string, string>, body?: BodyInit, path = `/authorize/${ID}`): Request {
  return new Request(`http://10.0.0.5:3000${path}`, { method: "POST", headers: { host: "10.0.0.5:3000", ...headers }, body });
}

async function status(request: Request): Promise<number | "through"> {
  const d = await guardPageRequest(request, ISSUER);
  return d.refuse ? d.refuse.status : "through";
}

describe("IDs in URLs (item 2/4)", () => {
  it("only the format we mint gets through, checked before any decoding", async () => {
    const get = (path: string) => status(new Request(`https://login.example.com${path}`));
    assert.equal(await get(`/authorize/${ID}`), "through");
    assert.equal(await get(`/api/authorization/form/${ID}`), "through");
    for (const bad of ["%zz%E0%A4%A", "x%3B%20Domain%3Devil.example", "x%0Alevel=info", "x%00y", `${ID}%2F`, "", "A".repeat(23), `${ID}/%zz`]) {
      assert.equal(await get(`/authorize/${bad}`), 400, bad);
      assert.equal(await get(`/api/authorization/form/${bad}`), 400, bad);
    }
    // Pages below a login page (password recovery) are fine; the form_post hand-off has none.
    assert.equal(await get(`/authorize/${ID}/forgot-password`), "through");
    assert.equal(await get(`/authorize/${ID}/forgot-password?reason=x%zz`), "through");
    assert.equal(await get(`/api/authorization/form/${ID}/x`), 400);
    assert.equal(await get(`/authorize/bad-id/forgot-password`), 400);
    assert.equal(await get("/"), "through");
    assert.equal(await get("/anything/%zz"), "through"); // Next answers those with its (headed) not-found page
  });

  it("refusals are our page: localized, with the security headers", async () => {
    const d = await guardPageRequest(new Request(`https://login.example.com/authorize/%zz`, { headers: { "accept-language": "ja" } }), ISSUER);
    assert.equal(d.refuse?.headers.get("x-frame-options"), "DENY");
    assert.equal(d.refuse?.headers.get("content-security-policy"), "frame-ancestors 'none'");
    assert.match(await (d.refuse as Response).text(), /このアドレスは正しくありません/);
    const byCookie = await guardPageRequest(new Request(`https://login.example.com/authorize/%zz`, { headers: { cookie: "a=b; as_lang=ja" } }), ISSUER);
    assert.match(await (byCookie.refuse as Response).text(), /lang="ja"/);
  });
});

describe("CSRF (item 5)", () => {
  it("Sec-Fetch-Site, when sent, must say same-origin", () => {
    const h = (o: Record<string, string>) => new Headers({ host: "login.example.com", ...o });
    assert.equal(provesSameOrigin(h({ "sec-fetch-site": "same-origin", origin: "null" }), ISSUER), true);
    assert.equal(provesSameOrigin(h({ "sec-fetch-site": "same-origin", origin: ISSUER }), ISSUER), true);
    assert.equal(provesSameOrigin(h({ "sec-fetch-site": "cross-site", origin: ISSUER }), ISSUER), false);
    assert.equal(provesSameOrigin(h({ "sec-fetch-site": "same-site" }), ISSUER), false);
    assert.equal(provesSameOrigin(h({ "sec-fetch-site": "none" }), ISSUER), false);
    assert.equal(provesSameOrigin(h({ "sec-fetch-site": "same-origin", origin: "https://evil.example" }), ISSUER), false);
  });
  it("without Fetch Metadata, Origin must be ours; a missing or opaque Origin proves nothing", () => {
    const h = (o: Record<string, string>) => new Headers({ host: "10.0.0.5:3000", ...o });
    assert.equal(provesSameOrigin(h({ origin: ISSUER }), ISSUER), true);
    assert.equal(provesSameOrigin(h({ origin: "http://10.0.0.5:3000" }), ISSUER), true);
    assert.equal(provesSameOrigin(h({}), ISSUER), false);
    assert.equal(provesSameOrigin(h({ origin: "null" }), ISSUER), false);
    assert.equal(provesSameOrigin(h({ origin: "https://evil.example" }), ISSUER), false);
    assert.equal(provesSameOrigin(h({ origin: "garbage" }), ISSUER), false);
    assert.equal(provesSameOrigin(h({ origin: "https://login.example.com.evil.example" }), ISSUER), false);
  });
  it("a cross-site POST without an Origin header is refused with 403", async () => {
    assert.equal(await status(post({ "content-type": "multipart/form-data; boundary=x" }, "--x--\r\n")), 403);
    assert.equal(await status(post({ "sec-fetch-site": "cross-site", "content-type": "multipart/form-data; boundary=x" }, "--x--\r\n")), 403);
    assert.equal(await status(post({ origin: "https://evil.example" }, "")), 403);
  });
});

describe("Origin restored for Next's server-action check (item 8)", () => {
  it("from X-Forwarded-Host behind a proxy, with the issuer's scheme", async () => {
    const d = await guardPageRequest(post({ origin: "null", "sec-fetch-site": "same-origin", "x-forwarded-host": "login.example.com", "content-length": "0" }), ISSUER);
    assert.equal(d.headers?.get("origin"), "https://login.example.com");
  });
  it("the issuer's Origin is accepted when the proxy forwards another Host and no X-Forwarded-Host", async () => {
    const d = await guardPageRequest(post({ origin: ISSUER, "content-length": "0" }), ISSUER);
    // Next compares with Host: the restored Origin names that host, so the sign-in works.
    assert.equal(d.headers?.get("origin"), "https://10.0.0.5:3000");
    assert.equal(comparedHost(new Headers({ host: "a:1", "x-forwarded-host": "b, c" })), "b");
  });
});

describe("page POST bodies (items 1/4)", () => {
  const ok = { origin: ISSUER };
  it("must declare a length within the limit", async () => {
    assert.equal(await status(post({ ...ok, "content-length": String(2 * 1024 * 1024) })), 413);
    assert.equal(await status(post({ ...ok, "transfer-encoding": "chunked" })), 411);
    assert.equal(await status(post({ ...ok, "content-length": "12abc" })), 400);
  });
  it("a server action's body must parse", async () => {
    // A browser-like boundary (undici's parser trips over a boundary that occurs inside a value).
    const b = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
    const multipart = (body: string) => post({ ...ok, "content-type": `multipart/form-data; boundary=${b}` }, body);
    assert.equal(await status(post({ ...ok, "content-type": "multipart/form-data" }, "garbage")), 400);
    assert.equal(await status(multipart("garbage")), 400);
    const part = (name: string, value: string) => `--${b}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    assert.equal(await status(multipart(`${part("$ACTION_1:0", '{"id":"x","bound":"$@1"}')}${part("$ACTION_1:1", "[garbage")}--${b}--\r\n`)), 400);
    assert.equal(await status(multipart(`${part("$ACTION_1:0", '{"id":"x","bound":"$@1"}')}${part("loginId", "a{")}--${b}--\r\n`)), "through");
    const fetchAction = (body: string) => post({ ...ok, "next-action": "7f00", "content-type": "text/plain;charset=UTF-8" }, body);
    assert.equal(await status(fetchAction("\nlevel=info event=login")), 400);
    assert.equal(await status(fetchAction('["$K1"]')), "through");
  });
});
