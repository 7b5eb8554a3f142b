// What every operation handler gets: the state, the signing key, the (injectable) clock, the issuer
// URL, and a way to add a detail to the call's log line. Handlers never log by themselves.

import type { Store } from "./store";
import type { SigningKey } from "./tokens";
import type { Json } from "./validate";

export interface Ctx {
  store: Store;
  key: SigningKey;
  /** Milliseconds since the epoch; tests inject a clock instead of sleeping. */
  now(): number;
  /** `iss` of the pool's tokens, as real Cognito sets it: https://cognito-idp.<region>.amazonaws.com/<poolId>. */
  issuer(poolId: string): string;
  /** Adds a safe detail to the log line (never a password, token, SECRET_HASH or Session). */
  note(detail: string): void;
  /** Who the call is about, for the log line. */
  subject(login: string): void;
}

export type Handler = (ctx: Ctx, body: Json) => Promise<Json>;

/** AWS JSON timestamps are epoch seconds (fractional). */
export const epochSeconds = (ms: number): number => ms / 1000;
