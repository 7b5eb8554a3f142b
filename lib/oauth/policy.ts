// The interaction policy: ONE pure function that decides, for an authorization request Authlete has accepted,
// whether to issue now, show the consent page, show the sign-in form (and why), show the account chooser, or
// fail with an Authlete AuthorizationFailReason. The prompt=none path (Authlete's NO_INTERACTION), the
// authorization endpoint's "is a page needed at all?", the page itself and its server action all ask it, so the
// interactive and the silent path cannot drift apart. Its table of rules is policy.test.ts.
//
// Inputs: the request as Authlete parsed it plus what only the raw parameters tell (max_age 0, the verified
// id_token_hint; see request.ts), the login session and remembered consents (session cookie), what happened on the
// page so far, and the clock.
//
// Silent requests (prompt=none) follow the order Authlete documents for NO_INTERACTION (reference
// authlete-api.md §3.1): logged in → max_age → requested subject → acr → consent. Interactive requests check
// the same things but answer with a page instead of an error, in the order a user would meet them.
import type { AcrConfig } from "../config";
import type { AuthorizationFailReason, Prompt } from "../authlete/types";
import type { Consent, LoginState, RecentAccount } from "../session";
import { attainable, reportedAcr, satisfiedAcr } from "./acr";
import { consentCovers } from "./sso";

export interface PolicyRequest {
  /** Authlete's `prompts` (uppercase). */
  prompts: readonly Prompt[];
  /** Effective max_age in seconds (0 included: it forces a sign-in, OIDC Core §3.1.2.1); undefined = none. */
  maxAge?: number;
  /** The user the client demanded through the claims request (`sub` with a value, OIDC Core §5.5.1). */
  subject?: string;
  /** The verified id_token_hint (OIDC Core §3.1.2.1): its subject, or that it failed verification. */
  hint?: { sub: string } | { invalid: true };
  acrs?: readonly string[];
  acrEssential?: boolean;
  /** Requested scope names. */
  scopes: readonly string[];
  /** The client's key (numeric ID, else alias) consents are remembered under. */
  client: string;
}

export interface PolicySession {
  user?: LoginState;
  consents?: readonly Consent[];
  accounts?: readonly RecentAccount[];
}

/** What already happened for this request on the page. */
export interface PolicyProgress {
  /** The user signed in as part of this request (it satisfies prompt=login and any max_age). */
  signedInNow?: boolean;
  /** The user pressed Authorize for this request. */
  consented?: boolean;
  /** The user picked the signed-in account in the account chooser. */
  accountChosen?: boolean;
  /** The user asked to sign in with another account. */
  forceSignIn?: boolean;
}

export interface PolicyInput {
  request: PolicyRequest;
  session: PolicySession;
  progress?: PolicyProgress;
  /** Seconds since the epoch. */
  now: number;
  /** SESSION_TTL_SECONDS: a sign-in older than this is no sign-in any more. */
  sessionTtl: number;
  acr: AcrConfig;
}

/** Why the sign-in form is shown (the page words each one). */
export type SignInReason =
  /** Nobody is signed in on this browser. */
  | "no_session"
  /** The sign-in is older than SESSION_TTL_SECONDS. */
  | "session_expired"
  /** prompt=login. */
  | "prompt_login"
  /** max_age (0 included) is shorter than the time since the sign-in. */
  | "max_age"
  /** The client demanded another user (claims `sub`). */
  | "different_subject"
  /** The id_token_hint names another user, or could not be verified. */
  | "id_token_hint"
  /** An essential acr the current sign-in does not meet (a new sign-in may: step-up). */
  | "acr"
  /** The user chose "Use another account", or a signed-out account in the chooser. */
  | "another_account";

export type PolicyDecision =
  | { kind: "issue"; user: LoginState; acr: string }
  | { kind: "consent"; user: LoginState }
  | { kind: "select_account" }
  | { kind: "sign_in"; reason: SignInReason }
  | { kind: "fail"; reason: AuthorizationFailReason };

export function interactionPolicy(input: PolicyInput): PolicyDecision {
  const { request: r, session, progress = {}, now, sessionTtl, acr } = input;
  const user = session.user;

  const expired = (u: LoginState) => now - u.authTime >= sessionTtl;
  // OIDC Core §3.1.2.1 max_age: re-authenticate when the elapsed time is greater; max_age=0 is equivalent to
  // prompt=login (errata set 2), whatever the clock says.
  const tooOld = (u: LoginState) => r.maxAge !== undefined && (r.maxAge === 0 || now - u.authTime > r.maxAge);
  const otherSubject = (u: LoginState) => r.subject !== undefined && r.subject !== u.sub;
  const otherHint = (u: LoginState) => r.hint !== undefined && "sub" in r.hint && r.hint.sub !== u.sub;
  const acrUnmet = (u: LoginState) => r.acrEssential === true && (r.acrs?.length ?? 0) > 0 && !satisfiedAcr(u.amr, r.acrs, acr);
  const remembered = (u: LoginState) => consentCovers(session.consents, u.sub, r.client, r.scopes);
  const issue = (u: LoginState): PolicyDecision => ({ kind: "issue", user: u, acr: reportedAcr(u.amr, r.acrs, acr) });

  if (r.prompts.includes("NONE")) {
    // OIDC Core §3.1.2.1 prompt=none: "The Authorization Server MUST NOT display any authentication or consent
    // user interface pages"; every unmet condition is an error (§3.1.2.6).
    if (!user || expired(user)) return { kind: "fail", reason: "NOT_LOGGED_IN" };
    if (tooOld(user)) return { kind: "fail", reason: "EXCEEDS_MAX_AGE" };
    if (otherSubject(user) || otherHint(user)) return { kind: "fail", reason: "DIFFERENT_SUBJECT" };
    if (r.hint && "invalid" in r.hint) return { kind: "fail", reason: "NOT_AUTHENTICATED" };
    if (acrUnmet(user)) return { kind: "fail", reason: "ACR_NOT_SATISFIED" };
    if (!remembered(user)) return { kind: "fail", reason: "CONSENT_REQUIRED" };
    return issue(user);
  }

  // An essential acr no sign-in of ours can meet: say so at once instead of asking for a password in vain
  // (OIDC Core §5.5.1.1; Authlete: ACR_NOT_SATISFIED → unmet_authentication_requirements).
  if (r.acrEssential && (r.acrs?.length ?? 0) > 0 && !attainable(r.acrs, acr)) return { kind: "fail", reason: "ACR_NOT_SATISFIED" };

  const consentStep = (u: LoginState): PolicyDecision =>
    progress.consented || (remembered(u) && !r.prompts.includes("CONSENT")) ? issue(u) : { kind: "consent", user: u };

  if (user && progress.signedInNow) {
    // The user just signed in for this request: prompt=login and max_age are satisfied by that sign-in.
    if (otherSubject(user)) return { kind: "sign_in", reason: "different_subject" };
    if (otherHint(user)) return { kind: "sign_in", reason: "id_token_hint" };
    // The sign-in is over and did not reach the essential acr: the client gets the error, never a retry loop.
    if (acrUnmet(user)) return { kind: "fail", reason: "ACR_NOT_SATISFIED" };
    return consentStep(user);
  }

  if (progress.forceSignIn) return { kind: "sign_in", reason: "another_account" };
  if (r.prompts.includes("LOGIN")) return { kind: "sign_in", reason: "prompt_login" };
  // prompt=select_account: the chooser, once, when there is an account to choose; with none it is a sign-in.
  if (r.prompts.includes("SELECT_ACCOUNT") && !progress.accountChosen && (session.accounts?.length ?? 0) > 0) return { kind: "select_account" };
  if (!user) return { kind: "sign_in", reason: "no_session" };
  if (expired(user)) return { kind: "sign_in", reason: "session_expired" };
  if (tooOld(user)) return { kind: "sign_in", reason: "max_age" };
  if (otherSubject(user)) return { kind: "sign_in", reason: "different_subject" };
  if (r.hint && ("invalid" in r.hint || otherHint(user))) return { kind: "sign_in", reason: "id_token_hint" };
  if (acrUnmet(user)) return { kind: "sign_in", reason: "acr" };
  return consentStep(user);
}
