// Failed sign-ins that must not tell accounts apart also must not differ in *when* they answer (OWASP Authentication
// Cheat Sheet, "Authentication and Error Messages": response times). Cognito answers some of them without checking
// the password — a disabled user, a locked-out or reset-required account — and an unknown user costs it a
// different amount of work, so the time to the answer would say which kind of account was tried even when the
// words don't.
//
// Every such failure is therefore held until a floor: at least MIN_FLOOR_MS after the attempt started, and at least
// as long as the slowest of the recent ones took naturally (so a Cognito that needs longer than MIN_FLOOR_MS to
// check a password still can't be told from a fast refusal). The floor is capped at MAX_FLOOR_MS so one stalled
// call cannot slow every later failure for long. A successful sign-in is never held, and neither are outages
// (they are not about an account). The cost is paid by failed attempts only — which is no loss against guessing.
import type { SignInFailure, SignInResult } from "./authenticate";

/** Failures that must read — and time — like a wrong password. */
export const INDISTINGUISHABLE: ReadonlySet<SignInFailure> = new Set(["invalid_credentials", "too_many_attempts", "password_reset_required", "rejected"]);

export const MIN_FLOOR_MS = 300;
export const MAX_FLOOR_MS = 3000;
/** How many recent natural durations the floor remembers. */
const WINDOW = 32;

export interface FailureTiming {
  /** Runs a sign-in and, when it fails indistinguishably, answers no earlier than the floor. */
  <T extends SignInResult>(attempt: () => Promise<T>): Promise<T>;
  /** The current floor in milliseconds (for tests and the log). */
  floor(): number;
}

export function failureTiming(
  clock: { now: () => number; sleep: (ms: number) => Promise<void> } = {
    now: () => performance.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  },
): FailureTiming {
  const recent: number[] = [];
  const floor = () => Math.min(MAX_FLOOR_MS, Math.max(MIN_FLOOR_MS, ...recent));
  const run = async <T extends SignInResult>(attempt: () => Promise<T>): Promise<T> => {
    const started = clock.now();
    const result = await attempt();
    if (result.kind !== "failure" || !INDISTINGUISHABLE.has(result.reason)) return result;
    const took = clock.now() - started;
    const wait = floor() - took;
    recent.push(took);
    if (recent.length > WINDOW) recent.shift();
    if (wait > 0) await clock.sleep(wait);
    return result;
  };
  return Object.assign(run, { floor });
}

/** The process-wide instance the sign-in page and the password grant share. */
export const evenFailureTiming: FailureTiming = failureTiming();
