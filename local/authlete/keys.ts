// Signing keys of the stand-in's service: one key per ID-token algorithm, generated on first start and kept
// in `<dataDir>/keys.json` (git-ignored `.local/`), so tokens signed before a restart still verify after it.
// Real Authlete keeps the service's JWK Set in the service settings (`jwks`) and picks the key by algorithm
// (and `idTokenSignatureKeyId`); /service/jwks/get returns it without private parts unless asked.
import { generateKeyPair, createPrivateKey, type KeyObject, type JsonWebKey } from "node:crypto";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { calculateJwkThumbprint, SignJWT, type JWK, type JWTPayload } from "jose";
import type { SigningAlg } from "./seed";
import { writeFileAtomic } from "./store";

const generateKeyPairAsync = promisify(generateKeyPair);

/** Private members of RSA/EC/OKP JWKs (RFC 7518 §6, RFC 8037 §2). */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

export interface SigningKey {
  alg: SigningAlg;
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
  key: KeyObject;
}

export class KeyRing {
  constructor(private readonly keys: SigningKey[]) {}

  forAlg(alg: SigningAlg): SigningKey {
    const k = this.keys.find((x) => x.alg === alg);
    if (!k) throw new Error(`no signing key for ${alg}`);
    return k;
  }

  /** The JWK Set as /service/jwks/get returns it. */
  jwks(includePrivateKeys: boolean): { keys: JWK[] } {
    return { keys: this.keys.map((k) => ({ ...(includePrivateKeys ? k.privateJwk : k.publicJwk) })) };
  }

  /** Signs a JWS with the service key for `alg`; the header carries that key's `kid` (RFC 7515 §4.1.4). */
  async sign(alg: SigningAlg, payload: JWTPayload): Promise<string> {
    const k = this.forAlg(alg);
    return new SignJWT(payload).setProtectedHeader({ alg, kid: k.kid }).sign(k.key);
  }
}

function publicPart(jwk: JWK): JWK {
  const out: Record<string, unknown> = { ...jwk };
  for (const m of PRIVATE_MEMBERS) delete out[m];
  return out as JWK;
}

async function generate(alg: SigningAlg): Promise<JWK> {
  let pair: { privateKey: KeyObject };
  switch (alg) {
    case "RS256":
    case "PS256":
      pair = await generateKeyPairAsync("rsa", { modulusLength: 2048 });
      break;
    case "ES256":
      pair = await generateKeyPairAsync("ec", { namedCurve: "P-256" });
      break;
    case "EdDSA":
      pair = await generateKeyPairAsync("ed25519");
      break;
  }
  const jwk = pair.privateKey.export({ format: "jwk" }) as JWK;
  // kid = RFC 7638 thumbprint of the public key: stable, unique, and obviously tied to the key material.
  const kid = await calculateJwkThumbprint(publicPart(jwk), "sha256");
  return { ...jwk, kid, alg, use: "sig" };
}

function toSigningKey(privateJwk: JWK): SigningKey {
  const alg = privateJwk.alg as SigningAlg;
  return {
    alg,
    kid: String(privateJwk.kid),
    privateJwk,
    publicJwk: publicPart(privateJwk),
    key: createPrivateKey({ key: privateJwk as JsonWebKey, format: "jwk" }),
  };
}

/** Loads `<dataDir>/keys.json`, generating (and saving) keys for any algorithm that has none yet. */
export async function loadOrCreateKeys(file: string, algs: readonly SigningAlg[]): Promise<KeyRing> {
  let stored: JWK[] = [];
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as { keys?: JWK[] };
    stored = Array.isArray(parsed.keys) ? parsed.keys : [];
  } catch {
    stored = [];
  }
  const missing = algs.filter((a) => !stored.some((k) => k.alg === a && typeof k.d === "string"));
  if (missing.length > 0) {
    // Generated in parallel: two 2048-bit RSA keys dominate the first start (~100 ms each).
    const fresh = await Promise.all(missing.map(generate));
    stored = [...stored.filter((k) => !missing.includes(k.alg as SigningAlg)), ...fresh];
    writeFileAtomic(file, JSON.stringify({ keys: stored }, null, 2) + "\n", 0o600);
  }
  return new KeyRing(stored.filter((k) => algs.includes(k.alg as SigningAlg)).map(toSigningKey));
}
