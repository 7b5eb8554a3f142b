// Whether a user may still get tokens: one AdminGetUser by the user's `sub` (reference/cognito.md §3.6: for a local
// user, AdminGetUser's Username may be the sub). The refresh-token grant asks it before Authlete issues new tokens
// (lib/oauth/endpoints.ts), so a user disabled or deleted in Cognito stops getting tokens at the next refresh.
//
// Quota: one call in Cognito's UserRead category (120 requests/s per account and Region by default, shared with
// every other user read; and 10 reads per second per user) per refresh (README, "Quotas").
import { AdminGetUserCommand, type CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";

export type UserStanding =
  | { kind: "active" }
  /** AdminDisableUser: `Enabled: false`. */
  | { kind: "disabled" }
  /** AdminDeleteUser (or never existed): UserNotFoundException. */
  | { kind: "deleted" }
  /** Cognito could not say: we can't tell, so no tokens either (the caller answers 503 or 500). */
  | { kind: "failure"; reason: "unavailable" | "throttled" | "misconfigured"; detail: string };

type Sender = Pick<CognitoIdentityProviderClient, "send">;

export async function userStanding(client: Sender, settings: { userPoolId: string; timeoutMs: number }, sub: string): Promise<UserStanding> {
  try {
    const user = await client.send(new AdminGetUserCommand({ UserPoolId: settings.userPoolId, Username: sub }), {
      abortSignal: AbortSignal.timeout(settings.timeoutMs),
    });
    return user.Enabled === false ? { kind: "disabled" } : { kind: "active" };
  } catch (e) {
    const name = e instanceof Error ? e.name : "Unknown";
    const detail = `${name}: ${e instanceof Error ? e.message : String(e)}`.slice(0, 200);
    switch (name) {
      case "UserNotFoundException":
        return { kind: "deleted" };
      case "TooManyRequestsException":
      case "LimitExceededException":
        return { kind: "failure", reason: "throttled", detail };
      // AdminGetUser's other modelled errors are about our call, pool or credentials (reference/cognito.md §3.4).
      case "ResourceNotFoundException":
      case "InvalidParameterException":
      case "NotAuthorizedException":
      case "AccessDeniedException":
      case "UnrecognizedClientException":
      case "MissingAuthenticationTokenException":
      case "CredentialsProviderError":
        return { kind: "failure", reason: "misconfigured", detail };
      default:
        // Timeouts, connection errors, InternalErrorException, unparseable answers.
        return { kind: "failure", reason: "unavailable", detail };
    }
  }
}
