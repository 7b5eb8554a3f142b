// POST /auth/token/revoke (3.0 and 2.x; `token_revoke_request` / `token_revoke_response` in the OpenAPI documents):
// revokes the tokens that match every identifier given — an access token or a refresh token (the value or its
// hash), a client (numeric ID or alias), a subject — and answers how many it revoked. The authorization server
// uses it to end a user's tokens when the user is disabled or deleted (app: lib/oauth/endpoints.ts, refresh grant).
// No action in the answer: like the other management APIs it is `{resultCode, resultMessage, count}`.
import { findClient, ok, str, type Body, type Ctx } from "./context";
import { ApiError, message, RC } from "./results";
import { hashSecret } from "./store";
import { revokeMatching } from "./tokens";

/** The stand-in's own result code for this API (Authlete does not publish its catalogue; results.ts). */
const TOKEN_REVOKED = "A135101";

export function tokenRevoke(ctx: Ctx, b: Body) {
  const accessId = str(ctx, b, "accessTokenIdentifier");
  const refreshId = str(ctx, b, "refreshTokenIdentifier");
  const clientId = str(ctx, b, "clientIdentifier");
  const subject = str(ctx, b, "subject");
  if (accessId === undefined && refreshId === undefined && clientId === undefined && subject === undefined) {
    throw new ApiError(400, RC.malformedBody, "The request to /auth/token/revoke must contain at least one of accessTokenIdentifier, refreshTokenIdentifier, clientIdentifier and subject.");
  }
  const client = clientId === undefined ? undefined : findClient(ctx, clientId)?.client;
  if (clientId !== undefined && !client) {
    return ok({ resultCode: TOKEN_REVOKED, resultMessage: message(TOKEN_REVOKED, "No client has that identifier; nothing was revoked."), count: 0 });
  }
  /** An identifier is the token itself or its hash (the key the store already uses). */
  const names = (id: string | undefined) => (id === undefined ? undefined : new Set([hashSecret(id), id]));
  const count = revokeMatching(ctx, { accessHashes: names(accessId), refreshHashes: names(refreshId), subject, clientNumber: client?.number });
  return ok({ resultCode: TOKEN_REVOKED, resultMessage: message(TOKEN_REVOKED, `Revoked ${count} token(s).`), count });
}
