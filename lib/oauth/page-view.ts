// What the login/consent page shows for a pending request, as the interaction policy decides it for this
// browser's session right now. Pure: the page (a server component) renders it; its server action re-asks the
// policy on every button, so a page left open while the session changed can never act on stale facts.
import type { PendingAuthorization, SessionData } from "../session";
import type { Deps } from "./deps";
import { policyFor } from "./authorization";
import type { SignInReason } from "./policy";
import { userLabel } from "./sso";

export type PageView =
  | {
      kind: "sign_in";
      reason: SignInReason;
      /** Pre-filled Login ID. */
      loginId?: string;
      /** The client demanded this user: the Login ID is read-only. */
      locked: boolean;
    }
  /** Someone is signed in: Authorize / Deny / Use another account, no password. */
  | { kind: "consent"; label: string }
  | { kind: "select_account"; accounts: { sub: string; loginId: string; signedIn: boolean }[] };

/** Reasons that ask the signed-in user themself to sign in again (their Login ID is pre-filled). */
const REAUTHENTICATE: ReadonlySet<SignInReason> = new Set(["prompt_login", "max_age", "session_expired", "acr"]);

export function pageView(pending: PendingAuthorization, session: Pick<SessionData, "user" | "consents" | "accounts">, deps: Pick<Deps, "config" | "now">): PageView {
  const decision = policyFor(pending, session, {}, deps);
  switch (decision.kind) {
    case "issue":
    case "consent":
      // "issue" here means consent became remembered since the request arrived (another tab): the Authorize
      // button completes it.
      return { kind: "consent", label: userLabel(decision.user) };
    case "select_account": {
      const user = session.user;
      const valid = user !== undefined && Math.floor(deps.now() / 1000) - user.authTime < deps.config.session.ttlSeconds;
      return {
        kind: "select_account",
        accounts: (session.accounts ?? []).map((a) => ({ sub: a.sub, loginId: a.loginId, signedIn: valid && a.sub === user?.sub })),
      };
    }
    case "sign_in":
    case "fail": {
      const reason: SignInReason = decision.kind === "sign_in" ? decision.reason : "no_session";
      if (pending.subject) return { kind: "sign_in", reason, loginId: pending.subjectLoginId ?? pending.subject, locked: true };
      const again = REAUTHENTICATE.has(reason) ? session.user?.loginId : undefined;
      return { kind: "sign_in", reason, loginId: pending.loginHint ?? again, locked: false };
    }
  }
}
