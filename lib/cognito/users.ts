// Whether a user may still get tokens: one AdminGetUser by the user's `sub` (reference/cognito.md §3.6: for a local
// user, AdminGetUser's Username may be the sub). The refresh-token grant asks it before Authlete issues new tokens
// (lib/oauth/endpoints.ts), and single sign-on before every answer no password stands behind
// (lib/oauth/authorization.ts), so a user disabled or deleted in Cognito stops getting tokens at the next refresh
// and codes at once.
//
// Quota: one call in Cognito's UserRead category (120 requests/s per account and Region by default, shared with
// every other user read; and 10 reads per second per user) per refresh or SSO answer (README, "Quotas").
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { classifyError } from "./authenticate";
import type { CognitoSender } from "./client";

export type UserStanding =
  | { kind: "active" }
  /** AdminDisableUser: `Enabled: false`. */
  | { kind: "disabled" }
  /** AdminDeleteUser (or never existed): UserNotFoundException. */
  | { kind: "deleted" }
  /** Cognito could not say: we can't tell, so no tokens either (the caller answers 503 or 500). */
  | { kind: "failure"; reason: "unavailable" | "throttled" | "misconfigured"; detail: string };


export async function userStanding(client: CognitoSender, settings: { userPoolId: string; timeoutMs: number }, sub: string): Promise<UserStanding> {
  try {
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: settings.userPoolId, Username: sub }), {
      abortSignal: AbortSignal.timeout(settings.timeoutMs),
    });
    return user.Enabled === false ? { kind: "disabled" } : { kind: "active" };
  } catch (e) {
    if (e instanceof Error && e.name === "UserNotFoundException") return { kind: "deleted" };
    // The same reading of AWS's errors as sign-in (credentials, IAM, throttling, outages), with its operator hints.
    const { reason, detail } = classifyError(e);
    return { kind: "failure", reason: reason === "throttled" || reason === "unavailable" ? reason : "misconfigured", detail };
  }
}
