// The bad-input corpus: a few hundred malformed, oversized, duplicated, mistyped and hostile requests across every
// endpoint and page, each checked against the same invariants:
// - no 5xx (the stand-ins are up: nothing here is a genuine upstream outage);
// - no stack trace, file path or secret in any body or header;
// - OAuth errors in the RFC 6749 §5.2 shape (`error` from the allowed character set), 401 with a challenge;
// - HTML answers carry the security headers and reflect nothing unescaped; JSON is served as JSON with nosniff;
// - a redirect goes only to one of our own pages or to a registered redirect URI, never anywhere else;
// - no CORS on the authorization endpoint or the pages.
import assert from "node:assert/strict";
import { connect } from "node:net";
import { before, describe, it } from "node:test";
import { DEMO_AUTHLETE } from "../local/authlete/seed";
import { DEMO_COGNITO } from "../local/cognito/seed";
import { basic, CLIENT, figures, formFields, http, Jar, rssMb, startAuthorization, useStack, type Answer, type Stack } from "./support";

/** Markers a reflection would give away: HTML that runs script if served unescaped. */
const XSS = `"><script>alert(1337)</script><img src=x onerror=alert(1337)>`;
const XSS_RAW = [/<script>alert\(1337\)/i, /<img src=x onerror/i];
/** A line that would pass for one of our log lines if it reached the log unescaped. */
const FORGED = `\nlevel=info event=login result="forged"`;
const SECRETS = [CLIENT.secret, DEMO_AUTHLETE.serviceAccessToken, DEMO_AUTHLETE.apiSecret, DEMO_COGNITO.clientSecret, "demo-post-secret", "Demo-Pass1!"];
const TRACE = [/\n\s+at \S+ \(/, /\bat [^\s]+\.(?:ts|js|mjs|cjs):\d+/, /\/work\/|\/home\/|node_modules|\.next\/server|webpack-internal|turbopack:/i, /TypeError|ReferenceError|SyntaxError|ERR_[A-Z_]+/];
const OAUTH_ERROR = /^[\x20\x21\x23-\x5B\x5D-\x7E]+$/;
const ID = "AAAAAAAAAAAAAAAAAAAAAA";

interface Case {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: BodyInit;
  /** Expected status (or one of several); without it only the invariants apply. */
  status?: number | number[];
}

interface Tally {
  requests: number;
  retries: number;
  byStatus: Record<string, number>;
  endpoints: Set<string>;
}

const tally: Tally = { requests: 0, retries: 0, byStatus: {}, endpoints: new Set() };

function endpointOf(path: string): string {
  const p = path.split("?")[0] as string;
  if (p.startsWith("/authorize/")) return "/authorize/{id}";
  if (p.startsWith("/api/authorization/form/")) return "/api/authorization/form/{id}";
  return p;
}

/** The invariants every answer must keep. */
export function checkInvariants(base: string, c: { name: string; path: string }, a: Answer, opts: { outage?: boolean } = {}): void {
  const what = `${c.name} → ${a.status}`;
  // A 5xx only for a genuine upstream outage (fault injection), and then only the documented two.
  if (opts.outage) assert.ok(a.status <= 500 || a.status === 503, `${what}: an undocumented 5xx`);
  else assert.ok(a.status < 500, `${what}: a 5xx\n${a.body.slice(0, 500)}`);
  const everything = `${[...a.headers.entries()].map(([k, v]) => `${k}: ${v}`).join("\n")}\n${a.body}`;
  // The landing page lists the demo users' passwords when the demo is on (local development only), by design.
  const secrets = endpointOf(c.path) === "/" ? SECRETS.filter((x) => x !== "Demo-Pass1!") : SECRETS;
  for (const secret of secrets) assert.ok(!everything.includes(secret), `${what}: leaks a secret`);
  for (const re of TRACE) assert.doesNotMatch(a.body, re, `${what}: a stack trace or file path`);

  const type = a.headers.get("content-type") ?? "";
  if (type.includes("html")) {
    assert.equal(a.headers.get("x-frame-options"), "DENY", `${what}: page without X-Frame-Options`);
    assert.match(a.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/, `${what}: page without CSP frame-ancestors`);
    assert.equal(a.headers.get("x-content-type-options"), "nosniff", what);
    for (const re of XSS_RAW) assert.doesNotMatch(a.body, re, `${what}: reflects markup unescaped`);
  } else if (a.body.length > 0 && !type) {
    assert.fail(`${what}: a body without Content-Type`);
  }
  if (type.includes("json")) {
    assert.equal(a.headers.get("x-content-type-options"), "nosniff", `${what}: JSON without nosniff`);
    let json: unknown;
    try {
      json = JSON.parse(a.body);
    } catch {
      assert.fail(`${what}: Content-Type JSON, body not JSON`);
    }
    if (a.status >= 400 && json && typeof json === "object" && "error" in json) {
      const e = json as { error: unknown; error_description?: unknown };
      assert.equal(typeof e.error, "string", what);
      assert.match(e.error as string, OAUTH_ERROR, `${what}: error code outside RFC 6749 §5.2's character set`);
      if (e.error_description !== undefined) assert.equal(typeof e.error_description, "string", what);
      assert.ok([400, 401, 403, 404, 405, 411, 413, ...(opts.outage ? [500, 503] : [])].includes(a.status), `${what}: OAuth error with status ${a.status}`);
      if (a.status === 401 && c.path.startsWith("/api/") && !c.path.startsWith("/api/userinfo")) {
        assert.match(a.headers.get("www-authenticate") ?? "", /^Basic realm="(token|revocation|par)"$/, `${what}: 401 without a challenge`);
      }
      if (["/api/token", "/api/revocation", "/api/par"].includes(endpointOf(c.path))) assert.equal(a.headers.get("cache-control"), "no-store", what);
    }
  }
  if (a.status >= 300 && a.status < 400) {
    const location = a.headers.get("location");
    if (location) {
      const u = new URL(location, base);
      const registered = [CLIENT.redirectUri, `${base}/demo/callback`];
      const ours = u.origin === base && (/^\/authorize\/[A-Za-z0-9_-]{22}$/.test(u.pathname) || /^\/api\/authorization\/form\/[A-Za-z0-9_-]{22}$/.test(u.pathname) || u.pathname === "/api/authorization");
      assert.ok(ours || registered.includes(`${u.origin}${u.pathname}`), `${what}: redirect to ${location}`);
    }
  }
  const p = endpointOf(c.path);
  if (p === "/api/authorization" || !(p.startsWith("/api/") || p.startsWith("/.well-known/")) || p.startsWith("/api/authorization/form/")) {
    assert.equal(a.headers.get("access-control-allow-origin"), null, `${what}: CORS on a page or the authorization endpoint`);
  }
}

async function run(stack: Stack, cases: Case[]): Promise<void> {
  // A few at a time: a corpus, not a load test.
  const queue = [...cases];
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let c = queue.shift(); c; c = queue.shift()) {
        let a: Answer | undefined;
        // A request that never got an answer is sent once more on a fresh connection: after refusing a large body
        // the server closes the connection, and the client may already have queued the next request on it.
        for (let attempt = 0; attempt < 2 && !a; attempt++) {
          try {
            a = await http(`${stack.base}${c.path}`, { method: c.method ?? "GET", headers: c.headers, body: c.body, ...(c.body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
          } catch (e) {
            if (attempt === 1 || c.body instanceof ReadableStream) failures.push(`${c.name}: ${e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? "")}` : String(e)}`);
            else tally.retries++;
          }
        }
        if (!a) continue;
        tally.requests++;
        tally.byStatus[a.status] = (tally.byStatus[a.status] ?? 0) + 1;
        tally.endpoints.add(endpointOf(c.path));
        try {
          checkInvariants(stack.base, c, a);
          if (c.status !== undefined) {
            const ok = Array.isArray(c.status) ? c.status.includes(a.status) : a.status === c.status;
            assert.ok(ok, `${c.name}: status ${a.status}, expected ${JSON.stringify(c.status)}\n${a.body.slice(0, 300)}`);
          }
        } catch (e) {
          failures.push(e instanceof Error ? e.message : String(e));
        }
      }
    }),
  );
  assert.deepEqual(failures, [], `${failures.length} case(s) failed:\n${failures.join("\n---\n")}`);
}

const form = { "content-type": "application/x-www-form-urlencoded" };
const auth = { authorization: basic(CLIENT.id, CLIENT.secret) };
const enc = (s: string) => encodeURIComponent(s);

/** A chunked body (no Content-Length) of `kb` kilobytes. */
function chunked(kb: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(c) {
      if (sent >= kb) return c.close();
      sent += 16;
      c.enqueue(new TextEncoder().encode(`a=${"x".repeat(16 * 1024 - 3)}&`));
    },
  });
}

/** Variations of values nobody should ever send. */
const NASTY: [string, string][] = [
  ["xss", XSS],
  ["crlf", "a\r\nSet-Cookie: evil=1"],
  ["nul", "a\u0000b"],
  ["unicode", "ユーザー\u202e\u200b😀"],
  ["long", "x".repeat(10_000)],
  ["log line", FORGED],
  ["percent", "%zz%E0%A4%A"],
  ["empty", ""],
];

function tokenCases(path: "/api/token" | "/api/revocation" | "/api/par"): Case[] {
  const post = (name: string, body: BodyInit | undefined, headers: Record<string, string> = { ...form, ...auth }, status?: number | number[]): Case => ({ name: `${path} ${name}`, method: "POST", path, headers, body, status });
  const cases: Case[] = [
    post("no body", undefined, auth, 400),
    post("JSON body", '{"grant_type":"client_credentials"}', { ...auth, "content-type": "application/json" }, 400),
    post("text/plain body", "grant_type=client_credentials", { ...auth, "content-type": "text/plain" }, 400),
    post("multipart body", (() => { const f = new FormData(); f.set("grant_type", "client_credentials"); return f; })(), auth, 400),
    post("no content type", "grant_type=client_credentials", auth, 400),
    post("XML", "<x/>", { ...auth, "content-type": "application/xml" }, 400),
    post("declared 70 KB", "a=".padEnd(70_000, "x"), { ...form, ...auth }, 413),
    post("chunked 256 KB", chunked(256), { ...form, ...auth }, 413),
    post("invalid UTF-8", new Uint8Array([0x61, 0x3d, 0xff, 0xfe, 0x80]), { ...form, ...auth }, 400),
    post("malformed percent-encoding", "grant_type=%zz&token=%E0%A4%A", { ...form, ...auth }),
    post("only separators", "&&&===&", { ...form, ...auth }),
    post("2000 parameters", Array.from({ length: 2000 }, (_, i) => `p${i}=v`).join("&"), { ...form, ...auth }),
    post("no client authentication", "grant_type=client_credentials&token=x", form, [400, 401]),
    post("wrong secret", "grant_type=client_credentials&token=x", { ...form, authorization: basic(CLIENT.id, "wrong") }, 401),
    post("unknown client", "grant_type=client_credentials&token=x", { ...form, authorization: basic("nobody", "x") }, 401),
    post("Basic without a colon", "token=x", { ...form, authorization: `Basic ${Buffer.from("nocolon").toString("base64")}` }, 401),
    post("Basic not base64", "token=x", { ...form, authorization: "Basic !!!" }, 401),
    post("Basic bad percent-encoding", "token=x", { ...form, authorization: `Basic ${Buffer.from("%zz:x").toString("base64")}` }, 401),
    post("Basic binary", "token=x", { ...form, authorization: `Basic ${Buffer.from([0xff, 0x3a, 0xfe]).toString("base64")}` }, [400, 401]),
    post("Basic empty", "token=x", { ...form, authorization: "Basic" }),
    post("Basic and client_secret_post at once", `client_id=${CLIENT.id}&client_secret=${CLIENT.secret}&token=x&grant_type=client_credentials`, { ...form, ...auth }, [400, 401]),
    // RFC 6749 §3.2 forbids repeating a parameter; the Authlete stand-in's revocation API does not check it (200).
    post("duplicated parameters", "grant_type=client_credentials&grant_type=password&token=a&token=b", { ...form, ...auth }, path === "/api/revocation" ? [200, 400] : [400]),
    post("DPoP header garbage", "grant_type=client_credentials&token=x", { ...form, ...auth, dpop: "not-a-jwt" }, [200, 400, 401]),
  ];
  for (const [what, v] of NASTY) {
    const param = path === "/api/token" ? "code" : path === "/api/revocation" ? "token" : "redirect_uri";
    const extra = path === "/api/token" ? `grant_type=authorization_code&redirect_uri=${enc(CLIENT.redirectUri)}&` : path === "/api/par" ? "response_type=code&scope=openid&" : "";
    cases.push(post(`${param} ${what}`, `${extra}${param}=${enc(v)}`, { ...form, ...auth }));
  }
  if (path === "/api/token") {
    for (const gt of ["unknown", "urn:ietf:params:oauth:grant-type:jwt-bearer", "urn:ietf:params:oauth:grant-type:token-exchange", XSS]) cases.push(post(`grant_type ${gt.slice(0, 20)}`, `grant_type=${enc(gt)}`, { ...form, ...auth }, 400));
    for (const [what, v] of NASTY) {
      cases.push(post(`refresh_token ${what}`, `grant_type=refresh_token&refresh_token=${enc(v)}`, { ...form, ...auth }, 400));
      cases.push(post(`password grant username ${what}`, `grant_type=password&username=${enc(v)}&password=${enc(v)}`, { ...form, ...auth }, 400));
    }
    cases.push(post("PKCE verifier garbage", `grant_type=authorization_code&code=abc&redirect_uri=${enc(CLIENT.redirectUri)}&code_verifier=${enc(XSS)}`, { ...form, ...auth }, 400));
    cases.push(post("redirect_uri unregistered", `grant_type=authorization_code&code=abc&redirect_uri=${enc("https://evil.example/cb")}`, { ...form, ...auth }, 400));
  }
  return cases;
}

function userinfoCases(): Case[] {
  const path = "/api/userinfo";
  const cases: Case[] = [
    { name: "userinfo no token", path, status: 401 },
    { name: "userinfo POST no token", method: "POST", path, headers: form, body: "", status: 401 },
    { name: "userinfo header and body", method: "POST", path, headers: { ...form, authorization: "Bearer a" }, body: "access_token=b", status: 400 },
    { name: "userinfo POST JSON", method: "POST", path, headers: { "content-type": "application/json", authorization: "Bearer abc" }, body: "{}", status: 401 },
    { name: "userinfo POST 70 KB", method: "POST", path, headers: form, body: "access_token=".padEnd(70_000, "x"), status: 413 },
    { name: "userinfo POST chunked 256 KB", method: "POST", path, headers: form, body: chunked(256), status: 413 },
    { name: "userinfo Basic scheme", path, headers: { authorization: basic("a", "b") }, status: 401 },
    { name: "userinfo Bearer with spaces", path, headers: { authorization: "Bearer a b c" }, status: 401 },
    { name: "userinfo Bearer empty", path, headers: { authorization: "Bearer " }, status: 401 },
    { name: "userinfo DPoP garbage", path, headers: { authorization: "DPoP abc", dpop: "garbage" }, status: [400, 401] },
    { name: "userinfo token 8 KB", path, headers: { authorization: `Bearer ${"a".repeat(8000)}` }, status: 401 },
  ];
  for (const [what, v] of NASTY) cases.push({ name: `userinfo POST token ${what}`, method: "POST", path, headers: form, body: `access_token=${enc(v)}`, status: [400, 401] });
  return cases;
}

function authorizationCases(): Case[] {
  const get = (name: string, query: Record<string, string> | string, status?: number | number[]): Case => ({
    name: `authorization ${name}`,
    path: `/api/authorization?${typeof query === "string" ? query : new URLSearchParams(query)}`,
    status,
  });
  const base = { response_type: "code", client_id: CLIENT.id, redirect_uri: CLIENT.redirectUri, scope: "openid", state: "s" };
  const cases: Case[] = [
    get("no parameters", "", 400),
    get("unknown client", { ...base, client_id: "nobody" }, 400),
    get("client_id XSS", { ...base, client_id: XSS }, 400),
    get("client_id twice", `${new URLSearchParams(base)}&client_id=demo-spa`, [302, 400]),
    get("redirect_uri twice", `${new URLSearchParams(base)}&redirect_uri=${enc("https://evil.example/cb")}`, [302, 400]),
    get("malformed percent-encoding", "client_id=%zz&redirect_uri=%E0%A4%A", 400),
    get("20 KB query", { ...base, state: "s".repeat(20_000) }, [303, 400, 414, 431]),
    get("response_type garbage", { ...base, response_type: XSS }, [302, 400]),
    get("scope garbage", { ...base, scope: XSS }, [302, 303, 400]),
    get("ui_locales XSS", { ...base, ui_locales: XSS }, [303]),
    get("claims not JSON", { ...base, claims: "{not json" }, [302, 400]),
    get("max_age garbage", { ...base, max_age: "-1e999" }, [302, 400]),
    get("request_uri garbage", { client_id: CLIENT.id, request_uri: XSS }, [302, 400]),
    get("prompt=none to an unregistered URI", { ...base, prompt: "none", redirect_uri: "https://evil.example/cb" }, 400),
    get("code_challenge_method garbage", { ...base, code_challenge: "x", code_challenge_method: XSS }, [302, 400]),
  ];
  // Never a redirect to a URI the client did not register, however it is dressed up.
  for (const uri of [
    "https://evil.example/cb",
    "https://client.example.org/cb.evil.example",
    "https://client.example.org.evil.example/cb",
    "https://client.example.org@evil.example/cb",
    "https://client.example.org/cb/../../evil",
    "https://client.example.org/cb?x=1",
    "https://client.example.org/cb#frag",
    "http://client.example.org/cb",
    "HTTPS://CLIENT.EXAMPLE.ORG/cb",
    "javascript:alert(1337)//https://client.example.org/cb",
    "data:text/html,<script>alert(1337)</script>",
    "//evil.example/cb",
    "https://client.example.org/cb%2F..%2F..%2Fevil",
    "https://client.example.org/cb\u0000.evil.example",
    "https://client.example.org/c%62",
    XSS,
  ]) {
    cases.push(get(`redirect_uri ${uri.slice(0, 40)}`, { ...base, redirect_uri: uri }, 400));
  }
  for (const [what, v] of NASTY) {
    cases.push(get(`state ${what}`, { ...base, state: v }, [303, 302, 400]));
    cases.push(get(`nonce ${what}`, { ...base, nonce: v }, [303, 302, 400]));
    cases.push(get(`login_hint ${what}`, { ...base, login_hint: v }, [303, 302, 400]));
  }
  const post = (name: string, body: BodyInit | undefined, headers: Record<string, string>, status: number | number[]): Case => ({ name: `authorization POST ${name}`, method: "POST", path: "/api/authorization", headers, body, status });
  cases.push(
    post("JSON", JSON.stringify(base), { "content-type": "application/json" }, 400),
    post("no content type", new URLSearchParams(base).toString(), {}, 400),
    post("70 KB", "a=".padEnd(70_000, "x"), form, 413),
    post("chunked 256 KB", chunked(256), form, 413),
    post("invalid UTF-8", new Uint8Array([0x61, 0x3d, 0xff]), form, 400),
    post("XSS client", `client_id=${enc(XSS)}`, form, 400),
  );
  return cases;
}

function pageCases(): Case[] {
  const cases: Case[] = [];
  for (const [what, id] of [
    ["percent garbage", "%zz%E0%A4%A"],
    ["cookie attributes", "x%3B%20Domain%3Devil.example%3B%20Max-Age%3D999"],
    ["NUL", "x%00y"],
    ["CRLF", "x%0D%0ASet-Cookie:%20a=b"],
    ["log line", enc(FORGED)],
    ["XSS", enc(XSS)],
    ["too long", "A".repeat(500)],
    ["one short", "A".repeat(21)],
    ["unicode", enc("ＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡＡ")],
    ["dot segments", "..%2F..%2Fetc%2Fpasswd"],
    ["garbage below a valid ID", `${ID}/%zz`],
    ["encoded slash", `${ID}%2F`],
  ] as const) {
    cases.push({ name: `login page id ${what}`, path: `/authorize/${id}`, status: 400 });
    cases.push({ name: `form_post id ${what}`, path: `/api/authorization/form/${id}`, status: 400 });
  }
  cases.push(
    { name: "login page unknown id", path: `/authorize/${ID}`, status: 200 },
    { name: "form_post unknown id", path: `/api/authorization/form/${ID}`, status: 400 },
    { name: "login page with a query full of junk", path: `/authorize/${ID}?x=%zz&y=${enc(XSS)}`, status: 200 },
    { name: "password recovery of an unknown request", path: `/authorize/${ID}/forgot-password?reason=${enc(XSS)}`, status: [200, 400] },
    { name: "an unknown page below a login page", path: `/authorize/${ID}/nope`, status: 404 },
    { name: "password recovery with a bad ID", path: `/authorize/${enc(XSS)}/forgot-password`, status: 400 },
  );
  for (const [what, cookie] of [
    ["session garbage", "as_session=garbage"],
    ["session sealed garbage", `as_session=Fe26.2*1*${"a".repeat(200)}`],
    ["pending garbage", "as_req=Fe26.2**x*y"],
    ["language XSS", `as_lang=${enc(XSS)}`],
    ["language NUL", "as_lang=ja%00"],
    ["6 KB cookie", `as_session=${"a".repeat(6000)}`],
    ["percent garbage", "as_session=%zz%E0"],
    ["many cookies", Array.from({ length: 100 }, (_, i) => `c${i}=v`).join("; ")],
  ] as const) {
    for (const path of ["/", `/authorize/${ID}`, "/demo/callback?code=x&state=y", "/api/authorization/form/" + ID]) {
      cases.push({ name: `${path} cookie ${what}`, path, headers: { cookie }, status: [200, 400] });
    }
  }
  for (const [what, v] of NASTY) {
    // 431: three 10 KB values make a request line longer than Node accepts (16 KB of headers).
    cases.push({ name: `demo callback error ${what}`, path: `/demo/callback?${new URLSearchParams({ error: v, error_description: v, state: v })}`, status: [200, 431] });
    cases.push({ name: `demo callback code ${what}`, path: `/demo/callback?${new URLSearchParams({ code: v, state: v, iss: v })}`, status: [200, 431] });
  }
  for (const path of ["/%zz", `/${enc(XSS)}`, "/..%2F..%2Fetc%2Fpasswd", "/_next/static/..%2F..%2Fpackage.json", "/api/nope", "/.env", "/.local/session-secret", "/next.config.ts", "/_next/image?url=%2Ficon.svg&w=64&q=75", `/api/${enc(FORGED)}`]) {
    cases.push({ name: `unknown path ${path.slice(0, 30)}`, path, status: [400, 404] });
  }
  cases.push(
    { name: "demo start cross-site", method: "POST", path: "/demo/start", headers: { origin: "https://evil.example", "sec-fetch-site": "cross-site" }, status: 403 },
    { name: "demo start without Origin", method: "POST", path: "/demo/start", status: 403 },
    { name: "landing page POST", method: "POST", path: "/", headers: { origin: "https://evil.example" }, status: 403 },
  );
  return cases;
}

function logoutCases(): Case[] {
  const path = "/api/logout";
  const cases: Case[] = [
    { name: "logout without anything", path, status: [200, 400] },
    { name: "logout POST without anything", method: "POST", path, headers: form, body: "", status: [200, 400] },
    { name: "logout POST cross-site confirmation", method: "POST", path, headers: { ...form, origin: "https://evil.example", "sec-fetch-site": "cross-site" }, body: "decision=logout&token=forged", status: [200, 400, 403] },
    { name: "logout POST JSON", method: "POST", path, headers: { "content-type": "application/json" }, body: "{}", status: [400] },
    { name: "logout POST 70 KB", method: "POST", path, headers: form, body: "a=".padEnd(70_000, "x"), status: [413] },
    { name: "logout unregistered post-logout URI", path: `${path}?${new URLSearchParams({ client_id: CLIENT.id, post_logout_redirect_uri: "https://evil.example/bye" })}`, status: [200, 400] },
    { name: "logout id_token_hint not a JWT", path: `${path}?${new URLSearchParams({ id_token_hint: "not.a.jwt", post_logout_redirect_uri: "https://evil.example/bye" })}`, status: [200, 400] },
  ];
  for (const [what, v] of NASTY) {
    cases.push({ name: `logout hint ${what}`, path: `${path}?${new URLSearchParams({ id_token_hint: v, state: v, ui_locales: v, client_id: v })}`, status: [200, 400, 431] });
    cases.push({ name: `logout POST hint ${what}`, method: "POST", path, headers: form, body: `${new URLSearchParams({ id_token_hint: v, post_logout_redirect_uri: v, state: v })}`, status: [200, 400] });
  }
  return cases;
}

function metadataCases(): Case[] {
  const cases: Case[] = [];
  for (const path of ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server", "/api/jwks"]) {
    cases.push(
      { name: `${path} junk query`, path: `${path}?x=%zz&${enc(XSS)}=1`, status: 200 },
      { name: `${path} odd Accept`, path, headers: { accept: XSS }, status: 200 },
      { name: `${path} 8 KB header`, path, headers: { "x-junk": "a".repeat(8000) }, status: 200 },
      { name: `${path} preflight from anywhere`, method: "OPTIONS", path, headers: { origin: "https://evil.example", "access-control-request-method": "GET" }, status: 204 },
    );
  }
  return cases;
}

function methodCases(): Case[] {
  const cases: Case[] = [];
  const table: [string, string[]][] = [
    ["/api/token", ["GET", "PUT", "DELETE", "PATCH"]],
    ["/api/revocation", ["GET", "PUT", "DELETE"]],
    ["/api/par", ["GET", "PUT", "DELETE"]],
    ["/api/userinfo", ["PUT", "DELETE", "PATCH"]],
    ["/api/jwks", ["POST", "PUT", "DELETE"]],
    ["/.well-known/openid-configuration", ["POST", "PUT", "DELETE"]],
    ["/.well-known/oauth-authorization-server", ["POST", "DELETE"]],
    ["/api/authorization", ["PUT", "DELETE", "PATCH", "OPTIONS"]],
    ["/api/logout", ["PUT", "DELETE"]],
    [`/api/authorization/form/${ID}`, ["POST", "PUT", "DELETE"]],
    [`/authorize/${ID}`, ["PUT", "DELETE", "PATCH"]],
    ["/", ["PUT", "DELETE"]],
    ["/demo/start", ["GET", "PUT"]],
    ["/demo/callback", ["POST", "DELETE"]],
  ];
  for (const [path, methods] of table) for (const method of methods) cases.push({ name: `${method} ${path}`, method, path, headers: method === "GET" ? {} : form, body: method === "GET" || method === "OPTIONS" ? undefined : "a=b" });
  return cases;
}

/** The login page's server action, fed everything a browser never sends. */
function actionCases(page: string, fields: Record<string, string>): Case[] {
  const path = new URL(page).pathname;
  const actionId = /"id":"([0-9a-f]+)"/.exec(Object.values(fields).join(" "))?.[1] ?? "00";
  const same = { origin: "null", "sec-fetch-site": "same-origin" };
  const multipart = (over: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries({ ...fields, loginId: "corpus-nobody@example.com", password: "wrong", decision: "authorize", ...over })) f.append(k, v);
    return f;
  };
  const post = (name: string, body: BodyInit | undefined, headers: Record<string, string>, status?: number | number[]): Case => ({ name: `action ${name}`, method: "POST", path, headers, body, status });
  const boundFor = (id: string) => JSON.stringify([id, {}]);
  const bound = Object.keys(fields).find((k) => /^\$ACTION_\d+:1$/.test(k)) ?? "$ACTION_1:1";
  const cases: Case[] = [
    post("cross-site with Origin", multipart({}), { origin: "https://evil.example", "sec-fetch-site": "cross-site" }, 403),
    post("cross-site without Origin", multipart({}), { "sec-fetch-site": "cross-site" }, 403),
    post("no Origin, no Fetch Metadata", multipart({}), {}, 403),
    post("Origin null without Fetch Metadata", multipart({}), { origin: "null" }, 403),
    post("same-site", multipart({}), { origin: "https://sub.127.0.0.1", "sec-fetch-site": "same-site" }, 403),
    post("Origin not a URL", multipart({}), { origin: "garbage" }, 403),
    post("multipart without boundary", "garbage", { ...same, "content-type": "multipart/form-data" }, 400),
    post("multipart garbage", "garbage", { ...same, "content-type": "multipart/form-data; boundary=----x7MA4YWxkTrZu0gW" }, 400),
    post("fetch action, garbage JSON", "garbage[", { ...same, "next-action": actionId, "content-type": "text/plain;charset=UTF-8" }, 400),
    post("fetch action, a forged log line", FORGED, { ...same, "next-action": actionId, "content-type": "text/plain;charset=UTF-8" }, 400),
    post("fetch action, unknown ID", "[]", { ...same, "next-action": "7f".repeat(21), "content-type": "text/plain;charset=UTF-8" }, [400, 404, 409]),
    post("fetch action, ID garbage", "[]", { ...same, "next-action": XSS, "content-type": "text/plain;charset=UTF-8" }, [400, 404, 409]),
    post("2 MB body", multipart({ loginId: "x".repeat(2_000_000) }), same, 413),
    post("chunked", chunked(128), { ...same, "content-type": "multipart/form-data; boundary=----x7MA4YWxkTrZu0gW" }, 411),
    post("url-encoded", "loginId=a&password=b", { ...same, ...form }, [200, 400]),
    post("JSON", '{"loginId":"a"}', { ...same, "content-type": "application/json" }, [200, 400]),
    post("bound arguments not JSON", multipart({ [bound]: "[garbage" }), same, 400),
    post("bound ID replaced by XSS", multipart({ [bound]: boundFor(XSS) }), same, 200),
    post("bound ID replaced by a forged log line", multipart({ [bound]: boundFor(FORGED) }), same, 200),
    post("bound ID of another request", multipart({ [bound]: boundFor("BBBBBBBBBBBBBBBBBBBBBB") }), same, 200),
    post("no action fields", (() => { const f = new FormData(); f.set("loginId", "a"); return f; })(), same, [200, 400, 404]),
    post("deny decision with junk", multipart({ decision: XSS }), same, [200, 303]),
  ];
  for (const [what, v] of NASTY) {
    cases.push(post(`loginId ${what}`, multipart({ loginId: v }), same, 200));
    cases.push(post(`password ${what}`, multipart({ password: v }), same, 200));
  }
  return cases;
}

/** Requests only a raw socket can send (Node's HTTP parser must refuse them, never the app crash). */
async function rawCases(stack: Stack): Promise<{ name: string; status: number }[]> {
  const { port } = new URL(stack.base);
  const send = (text: string) =>
    new Promise<number>((resolve, reject) => {
      const s = connect(Number(port), "127.0.0.1", () => s.end(text));
      let data = "";
      s.on("data", (d) => (data += d.toString()));
      s.on("close", () => resolve(Number(/^HTTP\/1\.[01] (\d{3})/.exec(data)?.[1] ?? 0)));
      s.on("error", reject);
      s.setTimeout(10_000, () => s.destroy());
    });
  const out: { name: string; status: number }[] = [];
  for (const [name, text] of [
    ["HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n"],
    ["Host garbage", "GET / HTTP/1.1\r\nHost: <script>\r\nConnection: close\r\n\r\n"],
    ["absolute-form target", `GET http://evil.example/authorize/${ID} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`],
    ["two Content-Lengths", "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab"],
    ["Content-Length and chunked", "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n"],
    ["bad chunk size", "POST /api/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nab\r\n0\r\n\r\n"],
    ["invalid method", "GE\u0000T / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"],
    ["space in the target", "GET /authorize/a b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"],
    ["raw UTF-8 in the target", "GET /authorize/\u00e9\u00e9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"],
    ["obsolete line folding", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\nConnection: close\r\n\r\n"],
  ] as const) {
    out.push({ name, status: await send(text) });
  }
  return out;
}

export function corpusSuite(): void {
  describe("bad-input corpus", () => {
    let stack: Stack;
    let page = "";
    let fields: Record<string, string> = {};
    let cookieForActions = "";
    before(async () => {
      stack = await useStack();
      const jar = new Jar();
      page = await startAuthorization(stack.base, jar);
      fields = await formFields(jar, page);
      // The action cases carry this browser's pending-request cookie, as a real replay would.
      cookieForActions = jar.header(page);
    });

    it("the token endpoint", () => run(stack, tokenCases("/api/token")));
    it("revocation and pushed authorization requests", () => run(stack, [...tokenCases("/api/revocation"), ...tokenCases("/api/par")]));
    it("userinfo", () => run(stack, userinfoCases()));
    it("the authorization endpoint: never a redirect to an unregistered URI", () => run(stack, authorizationCases()));
    it("pages: IDs, cookies, unknown paths, the demo", () => run(stack, pageCases()));
    it("discovery and the JWK Set", () => run(stack, metadataCases()));
    it("logout (RP-Initiated Logout)", () => run(stack, logoutCases()));
    it("wrong methods everywhere", () => run(stack, methodCases()));
    it("the sign-in server action", () =>
      run(
        stack,
        actionCases(page, fields).map((c) => ({ ...c, headers: { ...c.headers, cookie: cookieForActions } })),
      ));
    it("requests only a raw socket sends are refused by the HTTP parser, not with a 5xx", async () => {
      const answers = await rawCases(stack);
      tally.requests += answers.length;
      for (const a of answers) {
        tally.byStatus[a.status] = (tally.byStatus[a.status] ?? 0) + 1;
        assert.ok(a.status === 0 || a.status < 500, `${a.name}: ${a.status}`);
      }
      // And the server is still fine.
      assert.equal((await http(`${stack.base}/.well-known/openid-configuration`)).status, 200);
    });
    it("a 300 MB chunked POST is refused after 64 KB with 413 (411 for a page), and the server's memory does not follow", async () => {
      const pid = stack.serverPid();
      const rssBefore = rssMb(pid);
      const results: Record<string, { status: number; sentMb: number; ms: number }> = {};
      for (const path of ["/api/token", "/api/revocation", "/api/par", "/api/userinfo", "/api/authorization", `/authorize/${ID}`]) {
        let sent = 0;
        const chunk = new Uint8Array(64 * 1024).fill(0x61);
        const body = new ReadableStream<Uint8Array>({
          pull(c) {
            if (sent >= 300 * 1024 * 1024) return c.close();
            sent += chunk.length;
            c.enqueue(chunk);
          },
        });
        const a = await http(`${stack.base}${path}`, { method: "POST", body, duplex: "half", headers: { ...form, origin: stack.base, "sec-fetch-site": "same-origin" }, timeoutMs: 60_000 } as RequestInit);
        tally.requests++;
        tally.endpoints.add(endpointOf(path));
        results[path] = { status: a.status, sentMb: Math.round(sent / 1048576), ms: Math.round(a.ms) };
        checkInvariants(stack.base, { name: `300 MB to ${path}`, path }, a);
        if (path.startsWith("/api/")) {
          assert.equal(a.status, 413, path);
          // Answered while the upload was still going: the route stops reading at 64 KB.
          assert.ok(sent < 64 * 1024 * 1024, `${path}: ${Math.round(sent / 1048576)} MB sent before the answer`);
        } else {
          // Next's proxy reads (and discards, past 64 KB) a page POST's whole body before it answers.
          assert.equal(a.status, 411, path);
        }
      }
      const rssAfter = rssMb(pid);
      figures.largeBodies = { ...results, rssMb: { before: rssBefore, after: rssAfter } };
      assert.ok(rssAfter - rssBefore < 100, `RSS ${rssBefore} → ${rssAfter} MB`);
    });
    it(`at least 250 requests over every endpoint and page`, () => {
      figures.corpus = {
        requests: tally.requests,
        endpoints: tally.endpoints.size,
        byStatus: tally.byStatus,
        fiveHundreds: Object.entries(tally.byStatus).filter(([s]) => Number(s) >= 500).reduce((n, [, k]) => n + k, 0),
        resentAfterAClosedConnection: tally.retries,
      };
      assert.ok(tally.requests >= 250, `only ${tally.requests} requests`);
      for (const p of ["/api/token", "/api/revocation", "/api/par", "/api/userinfo", "/api/jwks", "/api/logout", "/.well-known/openid-configuration", "/.well-known/oauth-authorization-server", "/api/authorization", "/authorize/{id}", "/api/authorization/form/{id}", "/", "/demo/start", "/demo/callback"]) {
        assert.ok(tally.endpoints.has(p), `nothing sent to ${p}`);
      }
    });
  });
}
