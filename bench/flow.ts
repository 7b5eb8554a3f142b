// The browser flow, driven over HTTP the way a browser without JavaScript drives it (no browser: the bench
// measures the server, not Chromium): authorization request → login page → sign-in server action (multipart,
// the action's hidden fields scraped from the page, as the no-JS form posts them) → redirect to the client →
// token → userinfo. Also the sign-in page's weight: the HTML and every stylesheet and script it loads.
import { Agent, request } from "node:http";
import { gzipSync } from "node:zlib";
import { basicAuth, CLIENT, DEMO_USER, hiddenFields, Jar } from "../e2e/fixtures";

export interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

export function exchange(method: string, url: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { method, agent, headers: body === undefined ? headers : { ...headers, "Content-Length": String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: performance.now() - started }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

function multipart(fields: [string, string][]): { body: Buffer; type: string } {
  const boundary = `----bench${Math.random().toString(16).slice(2)}`;
  let text = "";
  for (const [k, v] of fields) text += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  text += `--${boundary}--\r\n`;
  return { body: Buffer.from(text, "utf8"), type: `multipart/form-data; boundary=${boundary}` };
}

export const FLOW_STEPS = [
  "GET /api/authorization → 303",
  "GET /authorize/{id} (login page)",
  "POST sign-in server action → 303",
  "POST /api/token (authorization_code)",
  "GET /api/userinfo",
] as const;

export interface FlowResult {
  ms: number[]; // per step, in FLOW_STEPS order
  pageHtml: string;
  pagePath: string;
}

const BASIC = basicAuth(CLIENT.id, CLIENT.secret);

function expectStatus(step: string, res: Exchange, status: number): void {
  if (res.status !== status) throw new Error(`browser flow: ${step} answered ${res.status}, expected ${status}: ${res.body.toString("utf8").slice(0, 200)}`);
}

/** One whole flow, as a first-time visitor (fresh cookies: a real sign-in, not SSO). */
export async function browserFlow(origin: string): Promise<FlowResult> {
  const jar = new Jar();
  const ms: number[] = [];
  const q = new URLSearchParams({ response_type: "code", client_id: CLIENT.id, scope: "openid email", state: "bench", nonce: "n", redirect_uri: CLIENT.redirectUri });
  const a = await exchange("GET", `${origin}/api/authorization?${q}`);
  expectStatus(FLOW_STEPS[0], a, 303);
  jar.take(a.headers);
  ms.push(a.ms);
  const pagePath = String(a.headers.location);
  const cookies = (): Record<string, string> => {
    const cookie = jar.header(`${origin}${pagePath}`);
    return cookie ? { Cookie: cookie } : {};
  };

  const page = await exchange("GET", `${origin}${pagePath}`, cookies());
  expectStatus(FLOW_STEPS[1], page, 200);
  ms.push(page.ms);
  const html = page.body.toString("utf8");
  const fields = hiddenFields(html);
  if (!fields.some(([k]) => k.startsWith("$ACTION"))) throw new Error("browser flow: no server action fields on the login page");

  const form = multipart([...fields, ["loginId", DEMO_USER.login], ["password", DEMO_USER.password], ["decision", "authorize"]]);
  // Origin as the browser sends it: Next's server-action CSRF check compares it with Host.
  const post = await exchange("POST", `${origin}${pagePath}`, { ...cookies(), Origin: origin, "Content-Type": form.type }, form.body);
  expectStatus(FLOW_STEPS[2], post, 303);
  jar.take(post.headers);
  ms.push(post.ms);
  const location = new URL(String(post.headers.location));
  const code = location.searchParams.get("code");
  if (!location.href.startsWith(CLIENT.redirectUri) || !code) throw new Error(`browser flow: the sign-in did not redirect to the client with a code (${location.href})`);

  const token = await exchange(
    "POST",
    `${origin}/api/token`,
    { Authorization: BASIC, "Content-Type": "application/x-www-form-urlencoded" },
    new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: CLIENT.redirectUri }).toString(),
  );
  expectStatus(FLOW_STEPS[3], token, 200);
  ms.push(token.ms);
  const accessToken = (JSON.parse(token.body.toString("utf8")) as { access_token: string }).access_token;

  const userinfo = await exchange("GET", `${origin}/api/userinfo`, { Authorization: `Bearer ${accessToken}` });
  expectStatus(FLOW_STEPS[4], userinfo, 200);
  ms.push(userinfo.ms);
  return { ms, pageHtml: html, pagePath };
}

// --- page weight ---------------------------------------------------------------------------------------------

export interface Weight {
  files: number;
  raw: number;
  gzip: number;
}

export interface PageWeight {
  html: Weight;
  /** The React Server Components payload inlined in the HTML (`self.__next_f.push`), part of html. */
  inlineRscBytes: number;
  css: Weight;
  js: Weight;
  /** `<script noModule>` polyfills: modern browsers skip them. */
  noModuleJs: Weight;
  /** What `next start` sends when the browser accepts gzip (content-encoding of the largest script). */
  servedEncoding: string;
}

const gz = (b: Buffer) => gzipSync(b).length;

export async function pageWeight(origin: string, html: string): Promise<PageWeight> {
  const add = (w: Weight, b: Buffer) => {
    w.files++;
    w.raw += b.length;
    w.gzip += gz(b);
  };
  const htmlBuf = Buffer.from(html, "utf8");
  const weight: PageWeight = {
    html: { files: 1, raw: htmlBuf.length, gzip: gz(htmlBuf) },
    inlineRscBytes: [...html.matchAll(/<script>self\.__next_f\.push\(([\s\S]*?)\)<\/script>/g)].reduce((n, m) => n + (m[1]?.length ?? 0), 0),
    css: { files: 0, raw: 0, gzip: 0 },
    js: { files: 0, raw: 0, gzip: 0 },
    noModuleJs: { files: 0, raw: 0, gzip: 0 },
    servedEncoding: "identity",
  };
  const seen = new Set<string>();
  let largest = { size: 0, url: "" };
  const fetchAsset = async (href: string) => (await exchange("GET", new URL(href, origin).href, { "Accept-Encoding": "identity" })).body;
  for (const m of html.matchAll(/<link\b[^>]*rel="stylesheet"[^>]*>/g)) {
    const href = /href="([^"]+)"/.exec(m[0])?.[1];
    if (!href || seen.has(href)) continue;
    seen.add(href);
    add(weight.css, await fetchAsset(href));
  }
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"[^>]*>/g)) {
    const src = m[1] as string;
    if (seen.has(src)) continue;
    seen.add(src);
    const body = await fetchAsset(src);
    if (/\bnoModule\b/i.test(m[0])) add(weight.noModuleJs, body);
    else add(weight.js, body);
    if (body.length > largest.size) largest = { size: body.length, url: src };
  }
  if (largest.url) {
    const res = await exchange("GET", new URL(largest.url, origin).href, { "Accept-Encoding": "gzip, br" });
    weight.servedEncoding = String(res.headers["content-encoding"] ?? "identity");
  }
  return weight;
}
