// The demo data (DESIGN.md) and small client-side helpers the end-to-end specs, the security suite and the bench
// share. No Playwright import here: the security suite runs under Node's test runner and the bench under plain Node
// (e2e/helpers.ts re-exports all of it).
import { createHash, randomBytes } from "node:crypto";

export const CLIENT = { id: "demo-client", secret: "demo-client-secret", redirectUri: "https://client.example.org/cb" };
export const SPA = { id: "demo-spa", redirectUri: "https://client.example.org/cb" };
export const DEMO_USER = { login: "demo@example.com", password: "Demo-Pass1!", email: "demo@example.com" };
export const SECOND_USER = { login: "second@example.com", password: "Demo-Pass1!", email: "second@example.com" };

export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

/** RFC 6749 §2.3.1: the ID and secret form-urlencoded, then base64. */
export function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

// --- a browser without JavaScript, over plain HTTP (the security suite and the bench) ---------------------------

/** A browser's cookie jar, as much of it as the security suite and the bench need: name, value and path. */
export class Jar {
  private cookies = new Map<string, { value: string; path: string }>();

  /** The Cookie header for a URL (empty when no cookie applies). */
  header(url: string): string {
    const path = new URL(url).pathname;
    return [...this.cookies.entries()]
      .filter(([, c]) => path === c.path || path.startsWith(c.path.endsWith("/") ? c.path : `${c.path}/`))
      .map(([key, c]) => `${key.split("\u0000")[0]}=${c.value}`)
      .join("; ");
  }

  /** Applies a response's Set-Cookie headers (deletions included): fetch's Headers, or node:http's header object. */
  take(headers: Headers | Record<string, string | string[] | undefined>): void {
    const set = headers instanceof Headers ? headers.getSetCookie() : headers["set-cookie"];
    for (const line of Array.isArray(set) ? set : set ? [set] : []) {
      const [pair = "", ...attrs] = line.split(";").map((a) => a.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) ?? "/";
      const key = `${name}\u0000${path}`;
      if (value === "" || attrs.some((a) => /^max-age=0$/i.test(a))) this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }

  get(name: string, path = "/"): string | undefined {
    return this.cookies.get(`${name}\u0000${path}`)?.value;
  }

  set(name: string, value: string, path = "/"): void {
    this.cookies.set(`${name}\u0000${path}`, { value, path });
  }

  clone(): Jar {
    const j = new Jar();
    for (const [k, v] of this.cookies) j.cookies.set(k, { ...v });
    return j;
  }
}

/** Undoes the HTML escaping React applies to attribute values and text. */
export const decodeHtml = (s: string) =>
  s.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (_m, e: string) => ({ quot: '"', amp: "&", lt: "<", gt: ">", "#x27": "'", "#39": "'" })[e] as string);

/**
 * The hidden inputs of a page's forms, in page order: a server action's ID, bound arguments and key (scraped, never
 * hard-coded).
 */
export function hiddenFields(html: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of html.matchAll(/<input\b[^>]*>/g)) {
    const tag = m[0];
    if (!/type="hidden"/.test(tag)) continue;
    const name = /name="([^"]*)"/.exec(tag)?.[1];
    if (name === undefined) continue;
    out.push([decodeHtml(name), decodeHtml(/value="([^"]*)"/.exec(tag)?.[1] ?? "")]);
  }
  return out;
}
