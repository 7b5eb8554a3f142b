// The server-side record of what a user granted a client: /client/granted_scopes/get/{clientId} and
// /client/granted_scopes/delete/{clientId} (Authlete 3.0.16 and 2.3.12), and the hook that records a grant.
//
// What Authlete documents (authlete-api-3.0.16.yaml, the two operations and /auth/authorization [5] SCOPES;
// authlete-java-common `AuthleteApi.getGrantedScopes` / `GrantedScopesGetResponse`):
// - `latestGrantedScopes` = the scopes granted by the user's LAST authorization process for the client;
//   `mergedGrantedScopes` = the union over all past authorization processes.
// - No record → both absent ("null": never granted, or deleted). A record with no scopes → empty arrays
//   ("the user has granted authorization … but no scopes are associated with the authorization"), so a record
//   is written for every authorization the user grants, scopes or not.
// - The record survives the tokens ("NOT removed from the database even after all existing access tokens …
//   have expired"); deleting it leaves existing tokens alone ("existing access tokens are not deleted").
// - Dynamic scopes are not remembered (the stand-in has none).
// - Only dedicated Authlete servers offer these APIs; the shared cloud answers 403. The stand-in behaves as a
//   dedicated server.
//
// Where a grant is recorded: /auth/authorization/issue, the call by which the AS reports that the user
// authorized the client (the only user-authorization API the stand-in models; the device flow and CIBA,
// whose `complete` APIs are the others, are disabled). The password grant (/auth/token/issue) records nothing:
// Authlete does not document it as an authorization process, and no authorization page is involved.
import type { ClientSettings } from "./seed";
import { findClient, str, type ApiResult, type Body, type Ctx, type RouteArgs } from "./context";
import { ApiError, RC, message } from "./results";
import { dedupe } from "./claims";

/** One record per (client, subject); stored in the `grantedScopes` collection of the store. */
export interface GrantedScopesRecord {
  /** Always `NEVER_EXPIRES`: the store prunes by `expiresAt`, and these records live until deleted. */
  expiresAt: number;
  clientNumber: number;
  subject: string;
  latestGrantedScopes: string[];
  mergedGrantedScopes: string[];
  /** Milliseconds since the epoch. */
  modifiedAt: number;
}

export const NEVER_EXPIRES = Number.MAX_SAFE_INTEGER;

/** The store key of a record (the store hashes it, as it does every key). */
export function grantedScopesKey(clientNumber: number, subject: string): string {
  return `${clientNumber}\u0000${subject}`;
}

/** Called by /auth/authorization/issue once it has issued: `scopes` are the scopes the grant carries. */
export function recordGrantedScopes(ctx: Ctx, clientNumber: number, subject: string, scopes: readonly string[]): void {
  const key = grantedScopesKey(clientNumber, subject);
  const prev = ctx.store.get("grantedScopes", key);
  const latest = [...scopes].sort();
  ctx.store.put("grantedScopes", key, {
    expiresAt: NEVER_EXPIRES,
    clientNumber,
    subject,
    latestGrantedScopes: latest,
    mergedGrantedScopes: dedupe([...(prev?.mergedGrantedScopes ?? []), ...latest]).sort(),
    modifiedAt: ctx.now(),
  });
}

/**
 * The client of a client-scoped management API: `{clientId}` is the numeric client ID or the alias (Authlete
 * accepts both wherever a client ID is expected). Unknown → 404, like /client/get.
 */
export function clientOfPath(ctx: Ctx, args: RouteArgs, name = "clientId"): ClientSettings {
  const id = args.params[name] ?? "";
  const found = findClient(ctx, id);
  if (!found) throw new ApiError(404, RC.clientNotFound, `No client has the client ID '${id}'.`);
  return found.client;
}

/**
 * `subject`: from the path (`…/{clientId}/{subject}`, 3.0.16), the query (GET/DELETE) or the body (POST; what
 * authlete-python and authlete-java-common send). A number is accepted and stringified, like everywhere.
 */
export function subjectOf(ctx: Ctx, b: Body, args: RouteArgs): string {
  const subject = args.params.subject ?? str(ctx, b, "subject");
  if (subject === undefined) throw new ApiError(400, RC.parameterMissing, "The request does not contain 'subject'.");
  return subject;
}

/** GET|POST /client/granted_scopes/get/{clientId} and GET …/get/{clientId}/{subject}. */
export function grantedScopesGet(ctx: Ctx, b: Body, args: RouteArgs): ApiResult {
  const client = clientOfPath(ctx, args);
  const subject = subjectOf(ctx, b, args);
  const rec = ctx.store.get("grantedScopes", grantedScopesKey(client.number, subject));
  const text = rec
    ? `Got the granted scopes of the subject for the client (ID = ${client.clientId}).`
    : `The subject has granted no authorization to the client (ID = ${client.clientId}), or the record has been deleted.`;
  return {
    status: 200,
    body: {
      resultCode: RC.grantedScopesGot,
      resultMessage: message(RC.grantedScopesGot, text),
      serviceApiKey: ctx.service.apiKey,
      clientId: client.clientId,
      subject,
      // Absent (never null) when there is no record: clients must tell "no record" from "no scopes" ([]).
      latestGrantedScopes: rec?.latestGrantedScopes,
      mergedGrantedScopes: rec?.mergedGrantedScopes,
      modifiedAt: rec?.modifiedAt,
    },
  };
}

/**
 * DELETE /client/granted_scopes/delete/{clientId}(?subject=|/{subject}), and POST with `{subject}`: the form
 * Authlete's own clients use although 3.0.16 documents DELETE only (authlete-java-common
 * `AuthleteApiImplV3.deleteGrantedScopes` → `PostApiCaller`; authlete-python `deleteGrantedScopes` →
 * `__callServicePostApi`). Deleting a missing record succeeds (the call is idempotent).
 */
export function grantedScopesDelete(ctx: Ctx, b: Body, args: RouteArgs): ApiResult {
  const client = clientOfPath(ctx, args);
  const subject = subjectOf(ctx, b, args);
  ctx.store.delete("grantedScopes", grantedScopesKey(client.number, subject));
  return {
    status: 200,
    body: {
      resultCode: RC.grantedScopesDeleted,
      resultMessage: message(RC.grantedScopesDeleted, `Deleted the granted scopes of the subject for the client (ID = ${client.clientId}).`),
    },
  };
}
