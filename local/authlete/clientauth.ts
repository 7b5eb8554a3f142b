// Client authentication at the token, revocation and PAR APIs, as Authlete does it: the AS forwards the
// credentials of an `Authorization: Basic` header in `clientId`/`clientSecret` and the raw form body in
// `parameters`; Authlete decides from the client's registered `tokenAuthMethod` what is acceptable.
import { createHash, timingSafeEqual } from "node:crypto";
import type { ClientAuthMethod, ClientSettings } from "./seed";
import { findClient, str, type Body, type Ctx } from "./context";

export interface AuthenticatedClient {
  client: ClientSettings;
  clientIdUsed: string;
  aliasUsed: boolean;
  method: ClientAuthMethod;
}

export interface ClientAuthFailure {
  /** `invalid_client` → INVALID_CLIENT/UNAUTHORIZED; `invalid_request` → BAD_REQUEST. */
  error: "invalid_client" | "invalid_request";
  text: string;
}

function sameSecret(a: string, b: string): boolean {
  // Compare digests so the comparison takes the same time whatever the lengths.
  const ha = createHash("sha256").update(a).digest();
  const hb = createHash("sha256").update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function authenticateClient(
  ctx: Ctx,
  body: Body,
  params: URLSearchParams,
): AuthenticatedClient | ClientAuthFailure {
  const basicId = str(ctx, body, "clientId");
  const basicSecret = str(ctx, body, "clientSecret");
  const formId = params.get("client_id") || undefined;
  const formSecret = params.get("client_secret") || undefined;

  if (params.get("client_assertion") || params.get("client_assertion_type")) {
    // private_key_jwt / client_secret_jwt are not offered by this service (discovery lists no such method).
    return { error: "invalid_client", text: "Client assertions are not supported by this service." };
  }
  if (basicId !== undefined && formSecret !== undefined) {
    // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
    return { error: "invalid_request", text: "The client used more than one client authentication method." };
  }
  const id = basicId ?? formId;
  if (id === undefined) {
    return { error: "invalid_client", text: "The request does not identify the client (no client_id)." };
  }
  const found = findClient(ctx, id);
  if (!found) return { error: "invalid_client", text: `No client has the client ID '${id}'.` };
  if (basicId !== undefined && formId !== undefined) {
    const other = findClient(ctx, formId);
    if (!other || other.client.number !== found.client.number) {
      return { error: "invalid_request", text: "client_id in the request body does not match the client of the Authorization header." };
    }
  }
  const method: ClientAuthMethod =
    basicId !== undefined ? "CLIENT_SECRET_BASIC" : formSecret !== undefined ? "CLIENT_SECRET_POST" : "NONE";
  const { client } = found;
  if (method !== client.tokenAuthMethod) {
    return {
      error: "invalid_client",
      text: `The client is registered with token_endpoint_auth_method=${client.tokenAuthMethod.toLowerCase()} but used ${method.toLowerCase()}.`,
    };
  }
  if (method !== "NONE") {
    const secret = method === "CLIENT_SECRET_BASIC" ? (basicSecret ?? "") : (formSecret ?? "");
    if (!sameSecret(secret, client.clientSecret)) {
      return { error: "invalid_client", text: "Client authentication failed (wrong client secret)." };
    }
  }
  return { client, clientIdUsed: id, aliasUsed: found.aliasUsed, method };
}

export function isFailure(x: AuthenticatedClient | ClientAuthFailure): x is ClientAuthFailure {
  return "error" in x;
}
