// /service/configuration (OpenID Connect Discovery 1.0 §3 / RFC 8414 §2 metadata built from the service
// settings), /service/jwks/get and /client/get/{clientId}.
import type { ClientSettings } from "./seed";
import { ApiError, RC } from "./results";
import { bool, findClient, type ApiResult, type Body, type Ctx } from "./context";

const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());

/**
 * The discovery document of the service. Endpoint URLs are the service settings (the app's paths under the
 * issuer unless set otherwise, settings.ts); an endpoint that is not set is left out.
 */
export function discoveryDocument(ctx: Ctx): Record<string, unknown> {
  const s = ctx.service;
  return {
    issuer: s.issuer,
    authorization_endpoint: s.authorizationEndpoint,
    token_endpoint: s.tokenEndpoint,
    userinfo_endpoint: s.userInfoEndpoint,
    jwks_uri: s.jwksUri,
    scopes_supported: s.supportedScopes.map((x) => x.name),
    response_types_supported: lower(s.supportedResponseTypes),
    response_modes_supported: ["query", "fragment", "form_post"],
    grant_types_supported: lower(s.supportedGrantTypes),
    acr_values_supported: s.supportedAcrs,
    subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: s.supportedIdTokenSignAlgs,
    token_endpoint_auth_methods_supported: lower(s.supportedTokenAuthMethods),
    display_values_supported: lower(s.supportedDisplays),
    claim_types_supported: ["normal"],
    claims_supported: s.supportedClaims,
    claims_locales_supported: s.supportedClaimLocales,
    ui_locales_supported: s.supportedUiLocales,
    claims_parameter_supported: true,
    // Request objects are not supported; request_uri only in the form of PAR request URIs.
    request_parameter_supported: false,
    request_uri_parameter_supported: true,
    require_request_uri_registration: true,
    revocation_endpoint: s.revocationEndpoint,
    revocation_endpoint_auth_methods_supported: lower(s.supportedRevocationAuthMethods),
    introspection_endpoint: s.introspectionEndpoint,
    introspection_endpoint_auth_methods_supported: lower(s.supportedIntrospectionAuthMethods),
    code_challenge_methods_supported: ["plain", "S256"],
    tls_client_certificate_bound_access_tokens: false,
    pushed_authorization_request_endpoint: s.pushedAuthReqEndpoint,
    require_pushed_authorization_requests: s.parRequired,
    prompt_values_supported: lower(s.supportedPromptValues),
    end_session_endpoint: s.endSessionEndpoint,
    // RFC 9207 §3: the `iss` authorization response parameter is always sent.
    authorization_response_iss_parameter_supported: !s.issSuppressed,
  };
}

// --- JSON Patch (RFC 6902) with JSON Pointer (RFC 6901), for the `patch` parameter ---------------------

type Json = unknown;

function badPatch(text: string): ApiError {
  return new ApiError(400, RC.badPatch, `The patch is invalid: ${text}`);
}

function parsePointer(p: unknown): string[] {
  if (typeof p !== "string" || (p !== "" && !p.startsWith("/"))) throw badPatch(`'${String(p)}' is not a JSON Pointer.`);
  if (p === "") return [];
  return p
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function parentOf(doc: Json, tokens: string[]): { parent: Record<string, Json> | Json[]; key: string } {
  let cur: Json = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (cur && typeof cur === "object") cur = (cur as Record<string, Json>)[t];
    else throw badPatch(`path segment '${t}' does not exist.`);
    if (cur === undefined) throw badPatch(`path segment '${t}' does not exist.`);
  }
  if (!cur || typeof cur !== "object") throw badPatch("the target's parent is not a container.");
  return { parent: cur as Record<string, Json> | Json[], key: tokens[tokens.length - 1] as string };
}

function getAt(doc: Json, tokens: string[]): Json {
  let cur: Json = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (cur && typeof cur === "object") cur = (cur as Record<string, Json>)[t];
    else cur = undefined;
    if (cur === undefined) throw badPatch(`'/${tokens.join("/")}' does not exist.`);
  }
  return cur;
}

function arrayIndex(arr: Json[], key: string, forAdd: boolean): number {
  if (forAdd && key === "-") return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(key)) throw badPatch(`'${key}' is not an array index.`);
  const i = Number(key);
  if (i > arr.length || (!forAdd && i === arr.length)) throw badPatch(`index ${i} is out of range.`);
  return i;
}

function addAt(doc: Json, tokens: string[], value: Json): Json {
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, true), 0, value);
  else parent[key] = value;
  return doc;
}

function removeAt(doc: Json, tokens: string[]): Json {
  if (tokens.length === 0) throw badPatch("cannot remove the whole document.");
  const { parent, key } = parentOf(doc, tokens);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, false), 1);
  else {
    if (!(key in parent)) throw badPatch(`'${key}' does not exist.`);
    delete parent[key];
  }
  return doc;
}

export function applyJsonPatch(input: Json, patch: Json): Json {
  if (!Array.isArray(patch)) throw badPatch("it must be a JSON array of operations.");
  let doc = clone(input);
  for (const raw of patch) {
    if (!raw || typeof raw !== "object") throw badPatch("an operation is not an object.");
    const op = raw as { op?: unknown; path?: unknown; from?: unknown; value?: unknown };
    const path = parsePointer(op.path);
    switch (op.op) {
      case "add":
        if (!("value" in op)) throw badPatch("'add' needs a value.");
        doc = addAt(doc, path, clone(op.value));
        break;
      case "remove":
        doc = removeAt(doc, path);
        break;
      case "replace":
        if (!("value" in op)) throw badPatch("'replace' needs a value.");
        getAt(doc, path);
        doc = path.length === 0 ? clone(op.value) : addAt(removeAt(doc, path), path, clone(op.value));
        break;
      case "move": {
        const from = parsePointer(op.from);
        const v = getAt(doc, from);
        doc = addAt(removeAt(doc, from), path, v);
        break;
      }
      case "copy":
        doc = addAt(doc, path, clone(getAt(doc, parsePointer(op.from))));
        break;
      case "test":
        if (JSON.stringify(getAt(doc, path)) !== JSON.stringify(op.value)) throw badPatch(`test at '${String(op.path)}' failed.`);
        break;
      default:
        throw badPatch(`unknown operation '${String(op.op)}'.`);
    }
  }
  return doc;
}

/** GET or POST /service/configuration: `pretty` and `patch` come from the query (GET) or the body (POST). */
export function configuration(ctx: Ctx, b: Body): ApiResult {
  const pretty = bool(ctx, b, "pretty");
  let doc: Json = discoveryDocument(ctx);
  const patchField = b.patch;
  if (patchField !== undefined && patchField !== null && patchField !== "") {
    let patch: Json = patchField;
    if (typeof patchField === "string") {
      try {
        patch = JSON.parse(patchField);
      } catch {
        throw badPatch("it is not valid JSON.");
      }
    }
    doc = applyJsonPatch(doc, patch);
  }
  return { status: 200, raw: pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc) };
}

/** GET /service/jwks/get: public keys unless `includePrivateKeys=true`. */
export function jwks(ctx: Ctx, b: Body): ApiResult {
  const set = ctx.keys.jwks(bool(ctx, b, "includePrivateKeys"));
  if (set.keys.length === 0) return { status: 204 };
  return { status: 200, raw: bool(ctx, b, "pretty") ? JSON.stringify(set, null, 2) : JSON.stringify(set) };
}

/** The full client as /client/get returns it to the service, secret included (see `client.clientSecret`). */
export function clientView(c: ClientSettings): Body {
  return {
    number: c.number,
    serviceNumber: c.serviceNumber,
    developer: c.developer,
    clientName: c.clientName,
    description: c.description,
    clientId: c.clientId,
    clientSecret: c.clientSecret,
    clientIdAlias: c.clientIdAlias,
    clientIdAliasEnabled: c.clientIdAliasEnabled,
    clientType: c.clientType,
    applicationType: c.applicationType,
    logoUri: c.logoUri,
    clientUri: c.clientUri,
    dynamicallyRegistered: c.dynamicallyRegistered,
    tlsClientCertificateBoundAccessTokens: c.tlsClientCertificateBoundAccessTokens,
    createdAt: c.createdAt,
    modifiedAt: c.modifiedAt,
    grantTypes: c.grantTypes,
    responseTypes: c.responseTypes,
    redirectUris: c.redirectUris,
    tokenAuthMethod: c.tokenAuthMethod,
    parRequired: c.parRequired,
    requestObjectRequired: c.requestObjectRequired,
    defaultMaxAge: c.defaultMaxAge,
    idTokenSignAlg: c.idTokenSignAlg,
    authTimeRequired: c.authTimeRequired,
    subjectType: c.subjectType,
    pkceRequired: c.pkceRequired,
    pkceS256Required: c.pkceS256Required,
    attributes: c.attributes,
    customMetadata: c.customMetadata,
  };
}

/** GET /client/get/{clientId} (numeric ID or alias). */
export function clientGet(ctx: Ctx, clientId: string): ApiResult {
  const f = findClient(ctx, clientId);
  if (!f) throw new ApiError(404, RC.clientNotFound, `No client has the client ID '${clientId}'.`);
  return { status: 200, body: clientView(f.client) };
}
