// What the Authlete service publishes and this server re-serves or uses: the discovery document and the JWK Set.
// Both change only when the operator edits the service (settings, key rotation), so each is fetched at most once
// per CACHE_TTL_MS per instance and kept in memory: one refresh runs at a time, and if Authlete fails, the last
// good copy is used for up to STALE_IF_ERROR_MS (RFC 5861's stale-if-error, applied by us) rather than an error.
// The JWK Set serves /api/jwks and verifies id_token_hint (one copy, one Authlete call a minute for both).
import { createHash } from "node:crypto";
import type { AuthleteClient } from "../authlete/client";
import { describeError, log } from "../log";

/** How long a fetched document is used before asking Authlete again. */
export const CACHE_TTL_MS = 60_000;
const STALE_IF_ERROR_MS = 60 * 60_000;

/** A response body ready to send, and its validator. */
export interface Representation {
  body: string;
  etag: string;
}

/** A strong entity tag for `body`: its SHA-256, base64url (RFC 9110 §8.8.3). */
export function entityTag(body: string): string {
  return `"${createHash("sha256").update(body, "utf8").digest("base64url")}"`;
}

/** One document kept for CACHE_TTL_MS: one refresh at a time; on failure the stale copy within STALE_IF_ERROR_MS. */
export class Cached<T> {
  private slot: { at: number; value: T } | undefined;
  private refreshing: Promise<T> | undefined;

  constructor(private readonly event: string) {}

  /** The copy if it is younger than `maxAgeMs` (a caller that knows it is stale asks for less), else a fresh one. */
  async get(now: number, load: () => Promise<T>, maxAgeMs = CACHE_TTL_MS): Promise<T> {
    const slot = this.slot;
    if (slot && now - slot.at < maxAgeMs) return slot.value;
    this.refreshing ??= load()
      .then((value) => {
        this.slot = { at: now, value };
        return value;
      })
      .finally(() => {
        this.refreshing = undefined;
      });
    try {
      return await this.refreshing;
    } catch (e) {
      if (slot && now - slot.at < CACHE_TTL_MS + STALE_IF_ERROR_MS) {
        log.warn(this.event, { result: "stale", error: describeError(e) });
        return slot.value;
      }
      throw e;
    }
  }
}

/** The JWK Set as Authlete published it (200), or its answer when there is none (204) or it lives elsewhere (302). */
export type JwksSlot = { status: 200; rep: Representation } | { status: 204 } | { status: 302; location: string };

interface Documents {
  discovery: Cached<{ doc: Record<string, unknown>; rep: Representation }>;
  jwks: Cached<JwksSlot>;
}

/**
 * The caches belong to the Authlete client they were filled from: the server has one client (one configuration),
 * so one cache per document; a test with its own client starts empty.
 */
const caches = new WeakMap<AuthleteClient, Documents>();

export function serviceDocuments(authlete: AuthleteClient): Documents {
  let c = caches.get(authlete);
  if (!c) {
    c = { discovery: new Cached("discovery"), jwks: new Cached("jwks") };
    caches.set(authlete, c);
  }
  return c;
}

/** The service's JWK Set; `maxAgeMs` lower than the default refreshes a copy older than that (an unknown `kid`). */
export function publishedJwks(deps: { authlete: AuthleteClient; now: () => number }, maxAgeMs?: number): Promise<JwksSlot> {
  return serviceDocuments(deps.authlete).jwks.get(
    deps.now(),
    async () => {
      const jwks = await deps.authlete.serviceJwks();
      return jwks.status === 200 ? { status: 200, rep: { body: jwks.body, etag: entityTag(jwks.body) } } : jwks;
    },
    maxAgeMs,
  );
}
