// Tokens shaped like Cognito's: RS256 JWTs with a `kid` for the ID and access tokens (one RSA-2048 key,
// generated on first start and kept in the data folder, published at /<poolId>/.well-known/jwks.json),
// and an opaque refresh token. Real refresh tokens are JWE strings of about 1,800 characters and real
// Sessions about 900; ours have the same order of size, so anything that stores them (cookies!) meets
// realistic lengths locally.

import { createHash, createPrivateKey, createPublicKey, generateKeyPair, KeyObject, randomBytes, sign, verify } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { writeFileAtomic } from "./store";

const KEY_FILE = "signing-key.json";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  /** Derived once: verifyJwt runs on every call that carries an access token. */
  publicKey: KeyObject;
  publicJwk: { kty: string; n: string; e: string; kid: string; alg: "RS256"; use: "sig" };
}

function toSigningKey(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: "jwk" }) as { kty: string; n: string; e: string };
  // RFC 7638 thumbprint, base64 like Cognito's kids ("…=").
  const kid = createHash("sha256")
    .update(JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n }))
    .digest("base64");
  return { kid, privateKey, publicKey, publicJwk: { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, alg: "RS256", use: "sig" } };
}

function generateRsaKey(): Promise<KeyObject> {
  return new Promise<KeyObject>((resolve, reject) =>
    generateKeyPair("rsa", { modulusLength: 2048 }, (err, _pub, priv) => (err ? reject(err) : resolve(priv))),
  );
}

export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const file = join(dataDir, KEY_FILE);
  try {
    const saved = JSON.parse(await readFile(file, "utf8")) as { privateKeyPem: string };
    return toSigningKey(createPrivateKey(saved.privateKeyPem));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new Error(`cannot read ${file}: ${(e as Error).message}`);
  }
  const privateKey = await generateRsaKey();
  const pem = privateKey.export({ format: "pem", type: "pkcs8" }) as string;
  await writeFileAtomic(file, JSON.stringify({ privateKeyPem: pem, createdAt: new Date().toISOString() }));
  return toSigningKey(privateKey);
}

export function signJwt(key: SigningKey, payload: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ kid: key.kid, alg: "RS256" })).toString("base64url");
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const signature = sign("sha256", Buffer.from(`${header}.${body}`), key.privateKey).toString("base64url");
  return `${header}.${body}.${signature}`;
}

/** The payload of a JWT this stand-in signed (RS256 with its key), or undefined for anything else. */
export function verifyJwt(key: SigningKey, token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const [header, body, signature] = parts as [string, string, string];
  try {
    const h = JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as { alg?: unknown; kid?: unknown };
    if (h.alg !== "RS256" || h.kid !== key.kid) return undefined;
    if (!verify("sha256", Buffer.from(`${header}.${body}`), key.publicKey, Buffer.from(signature, "base64url"))) return undefined;
    const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as unknown;
    return typeof payload === "object" && payload !== null && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function jwks(key: SigningKey): { keys: SigningKey["publicJwk"][] } {
  return { keys: [key.publicJwk] };
}

/** An opaque refresh token in the five-part shape (and size) of Cognito's JWE refresh tokens. */
export function newRefreshToken(): string {
  const header = Buffer.from(JSON.stringify({ cty: "JWT", enc: "A256GCM", alg: "RSA-OAEP" })).toString("base64url");
  const part = (n: number) => randomBytes(n).toString("base64url");
  return [header, part(256), part(12), part(1024), part(16)].join(".");
}

/** An opaque challenge Session (Cognito's start "AYABe…" and run to about 900 characters). */
export function newSession(): string {
  return `AYABe${randomBytes(672).toString("base64url")}`;
}
