// The demo data (DESIGN.md) and small client-side helpers the end-to-end specs and the security suite share. No
// Playwright import here: the security suite runs under Node's test runner (e2e/helpers.ts re-exports all of it).
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
