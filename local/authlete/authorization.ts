// /auth/authorization, /auth/authorization/issue, /auth/authorization/fail, the 3.0 ticket APIs and
// /pushed_auth_req: parsing and validating authorization requests (RFC 6749 §4.1.1, OIDC Core §3.1.2.1,
// RFC 7636, RFC 9126), tickets, authorization codes and authorization responses (RFC 6749 §4.1.2,
// OAuth 2.0 Form Post Response Mode, RFC 9207 `iss`).
import type { ClientSettings } from "./seed";
import type { AuthorizationRequestData, GrantInfo } from "./store";
import { hashSecret, randomToken } from "./store";
import {
  clientByNumber,
  enumValue,
  findClient,
  int,
  obj,
  ok,
  properties,
  str,
  strArray,
  v3Only,
  type ApiResult,
  type Body,
  type Ctx,
} from "./context";
import { ApiError, RC, message, oauthErrorJson, oauthErrorObject } from "./results";
import { dedupe, idTokenClaimValues, requestedNames, shortcutClaims } from "./claims";
import { authenticateClient, isFailure } from "./clientauth";
import { recordGrantedScopes } from "./grants";

const PAR_URN_PREFIX = "urn:ietf:params:oauth:request_uri:";

/** Java's `Prompt` enum order; `lowestPrompt` is the one with the lowest ordinal. */
const PROMPT_ORDER = ["NONE", "LOGIN", "CONSENT", "SELECT_ACCOUNT", "CREATE"];

/** Parameters that may legitimately repeat (RFC 8707 §2: `resource` may be given more than once). */
const REPEATABLE = new Set(["resource"]);

/** Response types of OAuth 2.0 and OAuth 2.0 Multiple Response Type Encoding Practices. */
const KNOWN_RESPONSE_TYPES = new Set([
  "code",
  "token",
  "id_token",
  "none",
  "code token",
  "code id_token",
  "id_token token",
  "code id_token token",
]);

interface RedirectTo {
  redirectUri: string;
  responseMode: "query" | "fragment" | "form_post";
  state?: string;
}

type Failure =
  | { kind: "bad_request"; code: string; error: string; text: string }
  | { kind: "redirect"; code: string; error: string; text: string; to: RedirectTo };

interface Parsed {
  data: AuthorizationRequestData;
  client: ClientSettings;
}

function isFailureResult(x: Parsed | Failure): x is Failure {
  return "kind" in x;
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/**
 * Builds the authorization response for `to` (success or error) in the requested response mode:
 * query (RFC 6749 §4.1.2), fragment, or an auto-submitting form (OAuth 2.0 Form Post Response Mode §2).
 * `iss` is appended unless the service suppresses it (RFC 9207 §2).
 */
function authorizationResponse(ctx: Ctx, to: RedirectTo, members: [string, string | undefined][]): { action: "LOCATION" | "FORM"; responseContent: string } {
  const all: [string, string][] = [];
  for (const [k, v] of members) if (v !== undefined) all.push([k, v]);
  if (!ctx.service.issSuppressed) all.push(["iss", ctx.service.issuer]);
  if (to.responseMode === "form_post") {
    const inputs = all
      .map(([k, v]) => `<input type="hidden" name="${htmlEscape(k)}" value="${htmlEscape(v)}"/>`)
      .join("\n");
    const html =
      `<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>Submit This Form</title>\n</head>\n` +
      `<body onload="javascript:document.forms[0].submit()">\n` +
      `<form method="post" action="${htmlEscape(to.redirectUri)}">\n${inputs}\n` +
      `<noscript><input type="submit" value="Continue"/></noscript>\n</form>\n</body>\n</html>\n`;
    return { action: "FORM", responseContent: html };
  }
  const encoded = all.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
  if (to.responseMode === "fragment") return { action: "LOCATION", responseContent: `${to.redirectUri}#${encoded}` };
  const sep = to.redirectUri.includes("?") ? "&" : "?";
  return { action: "LOCATION", responseContent: `${to.redirectUri}${sep}${encoded}` };
}

function errorMembers(ctx: Ctx, code: string, error: string, text: string, state: string | undefined, description?: string): [string, string | undefined][] {
  const e = oauthErrorObject(ctx.service, code, error, text, description);
  return [
    ["error", e.error],
    ["error_description", e.error_description],
    ["error_uri", e.error_uri],
    ["state", state],
  ];
}

function isAbsoluteUriWithoutFragment(v: string): boolean {
  try {
    const u = new URL(v);
    return !v.includes("#") && u.protocol.length > 1;
  } catch {
    return false;
  }
}

/**
 * Parses and validates the raw parameters of an authorization request. In `par` mode (RFC 9126 §2.1) the
 * client is already authenticated and no error can be redirected.
 */
function parseAuthorizationRequest(
  ctx: Ctx,
  parameters: string,
  mode: { kind: "authorization" } | { kind: "par"; client: ClientSettings; clientIdUsed: string; aliasUsed: boolean },
): Parsed | Failure {
  const bad = (code: string, error: string, text: string): Failure => ({ kind: "bad_request", code, error, text });
  let params = new URLSearchParams(parameters);

  const duplicates = (p: URLSearchParams): string[] => {
    const seen = new Map<string, number>();
    for (const k of p.keys()) seen.set(k, (seen.get(k) ?? 0) + 1);
    return [...seen].filter(([k, n]) => n > 1 && !REPEATABLE.has(k)).map(([k]) => k);
  };
  // RFC 6749 §3.1: "Request and response parameters MUST NOT be included more than once."
  const critical = duplicates(params).filter((k) => ["client_id", "redirect_uri", "request_uri"].includes(k));
  if (critical.length) {
    return bad(RC.authzDuplicateCritical, "invalid_request", `The authorization request contains '${critical[0]}' more than once.`);
  }
  // OAuth 2.0 §3.1: "Parameters sent without a value MUST be treated as if they were omitted."
  const get = (p: URLSearchParams, k: string): string | undefined => {
    const v = p.get(k);
    return v === null || v === "" ? undefined : v;
  };

  let client: ClientSettings;
  let clientIdUsed: string;
  let aliasUsed: boolean;
  let pendingRedirectError: { code: string; error: string; text: string } | undefined;

  if (mode.kind === "par") {
    if (get(params, "request_uri")) {
      return bad(RC.authzRequestUriInPar, "invalid_request", "A pushed authorization request must not contain request_uri (RFC 9126 §2.1).");
    }
    const cid = get(params, "client_id");
    if (cid !== undefined) {
      const f = findClient(ctx, cid);
      if (!f || f.client.number !== mode.client.number) {
        return bad(RC.authzClientIdMismatch, "invalid_request", "client_id does not identify the authenticated client.");
      }
      clientIdUsed = cid;
      aliasUsed = f.aliasUsed;
    } else {
      clientIdUsed = mode.clientIdUsed;
      aliasUsed = mode.aliasUsed;
    }
    client = mode.client;
  } else {
    const outerClientId = get(params, "client_id");
    const requestUri = get(params, "request_uri");
    if (requestUri !== undefined && requestUri.startsWith(PAR_URN_PREFIX)) {
      // RFC 9126 §4: the client sends client_id + request_uri; the pushed parameters replace everything else.
      if (outerClientId === undefined) {
        return bad(RC.authzClientIdMissing, "invalid_request", "The authorization request does not contain client_id.");
      }
      const rec = ctx.store.get("par", requestUri);
      if (!rec || rec.expiresAt <= ctx.now()) {
        return bad(RC.authzRequestUriUnknown, "invalid_request_uri", "The request_uri is unknown, has expired or has been used already.");
      }
      const f = findClient(ctx, outerClientId);
      if (!f) return bad(RC.authzClientUnknown, "invalid_client", `No client has the client ID '${outerClientId}'.`);
      if (f.client.number !== rec.clientNumber) {
        return bad(RC.authzRequestUriOtherClient, "invalid_request_uri", "The request_uri was not issued to this client.");
      }
      // One-time use (RFC 9126 §4, §7.3): a replayed request_uri is refused.
      ctx.store.delete("par", requestUri);
      params = new URLSearchParams(rec.parameters);
      params.delete("client_secret");
      client = f.client;
      clientIdUsed = outerClientId;
      aliasUsed = f.aliasUsed;
    } else {
      if (outerClientId === undefined) {
        return bad(RC.authzClientIdMissing, "invalid_request", "The authorization request does not contain client_id.");
      }
      const f = findClient(ctx, outerClientId);
      if (!f) return bad(RC.authzClientUnknown, "invalid_client", `No client has the client ID '${outerClientId}'.`);
      client = f.client;
      clientIdUsed = outerClientId;
      aliasUsed = f.aliasUsed;
      if (requestUri !== undefined) {
        // Only PAR request URIs are supported (discovery: require_request_uri_registration). OIDC Core §6.2.
        pendingRedirectError = {
          code: RC.authzRequestUriUnsupported,
          error: "request_uri_not_supported",
          text: "Only request URIs issued by the pushed authorization request endpoint are supported.",
        };
      }
    }
  }

  // Scope first: OpenID Connect requests make redirect_uri mandatory (OIDC Core §3.1.2.1).
  const scopeParam = get(params, "scope");
  const requestedScopes = scopeParam ? dedupe(scopeParam.split(" ").filter(Boolean)) : undefined;
  const openid = requestedScopes?.includes("openid") ?? false;

  // Redirect URI: exact string match against the registered ones (RFC 9700 §4.1.3; OIDC Core §3.1.2.1).
  let redirectUri = get(params, "redirect_uri");
  const redirectUriSent = redirectUri !== undefined;
  if (redirectUri !== undefined) {
    if (!client.redirectUris.includes(redirectUri)) {
      return bad(RC.authzRedirectUriNotRegistered, "invalid_request", `The redirect URI '${redirectUri}' is not registered for the client.`);
    }
  } else if (openid) {
    return bad(RC.authzRedirectUriRequired, "invalid_request", "redirect_uri is required in an OpenID Connect authentication request.");
  } else if (client.redirectUris.length !== 1) {
    return bad(RC.authzRedirectUriRequired, "invalid_request", "redirect_uri is required because the client has registered more than one redirect URI.");
  } else {
    redirectUri = client.redirectUris[0] as string;
  }

  // From here on errors can be reported to the client (RFC 6749 §4.1.2.1).
  const responseType = get(params, "response_type");
  const responseModeParam = get(params, "response_mode");
  const normalizedType = responseType?.split(" ").filter(Boolean).sort().join(" ");
  const defaultMode: RedirectTo["responseMode"] =
    normalizedType === undefined || normalizedType === "code" || normalizedType === "none" ? "query" : "fragment";
  const validModes = ["query", "fragment", "form_post"] as const;
  const responseMode = (validModes as readonly string[]).includes(responseModeParam ?? "")
    ? (responseModeParam as RedirectTo["responseMode"])
    : defaultMode;
  const state = get(params, "state");
  const to: RedirectTo = { redirectUri, responseMode, state };
  const fail = (code: string, error: string, text: string): Failure => ({ kind: "redirect", code, error, text, to });

  const dup = duplicates(params);
  if (dup.length) return fail(RC.authzDuplicate, "invalid_request", `The authorization request contains '${dup[0]}' more than once.`);
  if (pendingRedirectError) return fail(pendingRedirectError.code, pendingRedirectError.error, pendingRedirectError.text);
  if (get(params, "request") !== undefined) {
    return fail(RC.authzRequestObjectUnsupported, "request_not_supported", "Request objects (the request parameter) are not supported by this service.");
  }
  if (responseModeParam !== undefined && !(validModes as readonly string[]).includes(responseModeParam)) {
    return fail(RC.authzResponseModeInvalid, "invalid_request", `The response mode '${responseModeParam}' is not supported.`);
  }
  if (responseType === undefined || normalizedType === undefined) {
    return fail(RC.authzResponseTypeMissing, "invalid_request", "The authorization request does not contain response_type.");
  }
  if (normalizedType !== "code") {
    const known = KNOWN_RESPONSE_TYPES.has(normalizedType) ? "is not supported by this service" : "is unknown";
    return fail(RC.authzResponseTypeUnsupported, "unsupported_response_type", `The response type '${responseType}' ${known}.`);
  }
  if (!client.responseTypes.includes("CODE") || !client.grantTypes.includes("AUTHORIZATION_CODE")) {
    return fail(RC.authzUnauthorizedClient, "unauthorized_client", "The client is not allowed to use the authorization code flow.");
  }

  // prompt (OIDC Core §3.1.2.1): space-separated; `none` must stand alone.
  const promptParam = get(params, "prompt");
  const prompts = promptParam ? dedupe(promptParam.split(" ").filter(Boolean)) : [];
  const supportedPrompts = ctx.service.supportedPromptValues.map((p) => p.toLowerCase());
  for (const p of prompts) {
    if (!supportedPrompts.includes(p)) return fail(RC.authzPromptInvalid, "invalid_request", `The prompt value '${p}' is not supported.`);
  }
  if (prompts.includes("none") && prompts.length > 1) {
    return fail(RC.authzPromptNoneWithOthers, "invalid_request", "prompt=none must not be combined with other prompt values.");
  }

  // Scopes: unsupported ones are dropped; without `scope` the service's default entries apply (RFC 6749 §3.3).
  const supportedScopeNames = ctx.service.supportedScopes.map((s) => s.name);
  let scopes = requestedScopes
    ? requestedScopes.filter((s) => supportedScopeNames.includes(s))
    : ctx.service.supportedScopes.filter((s) => s.defaultEntry).map((s) => s.name);
  // OIDC Core §11: offline_access is ignored unless the request asks for consent.
  if (openid && scopes.includes("offline_access") && !prompts.includes("consent")) {
    scopes = scopes.filter((s) => s !== "offline_access");
  }
  // Authlete hands scopes back sorted: `scope=timeline.read+history.read` → "history.read timeline.read" in
  // the OpenAPI examples, `openid+email` → "email openid" in the DESIGN.md walkthrough.
  scopes = [...scopes].sort();

  // PKCE (RFC 7636 §4.3, §4.4.1). Public clients must use it (RFC 9700 §2.1.1).
  const codeChallenge = get(params, "code_challenge");
  const methodParam = get(params, "code_challenge_method");
  let codeChallengeMethod: "plain" | "S256" | undefined;
  if (codeChallenge === undefined) {
    if (methodParam !== undefined) {
      return fail(RC.authzChallengeMethodInvalid, "invalid_request", "code_challenge_method is given without code_challenge.");
    }
    if (client.pkceRequired || ctx.service.pkceRequired || client.clientType === "PUBLIC") {
      return fail(RC.authzPkceRequired, "invalid_request", "The client must use PKCE (code_challenge is missing).");
    }
  } else {
    const m = methodParam ?? "plain";
    if (m !== "plain" && m !== "S256") {
      return fail(RC.authzChallengeMethodInvalid, "invalid_request", `The code challenge method '${m}' is not supported.`);
    }
    if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(codeChallenge)) {
      return fail(RC.authzChallengeInvalid, "invalid_request", "code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~] (RFC 7636 §4.2).");
    }
    if (m === "plain" && (client.pkceS256Required || ctx.service.pkceS256Required)) {
      return fail(RC.authzS256Required, "invalid_request", "The client must use code_challenge_method=S256.");
    }
    codeChallengeMethod = m;
  }

  // max_age (OIDC Core §3.1.2.1): 0 when absent (so max_age=0 and absent look the same, as in Authlete).
  const maxAgeParam = get(params, "max_age");
  let maxAge = client.defaultMaxAge;
  if (maxAgeParam !== undefined) {
    if (!/^\d+$/.test(maxAgeParam)) return fail(RC.authzMaxAgeInvalid, "invalid_request", "max_age must be a non-negative integer.");
    maxAge = Number(maxAgeParam);
  }

  const displayParam = get(params, "display") ?? "page";
  const display = displayParam.toUpperCase();
  if (!(ctx.service.supportedDisplays as string[]).includes(display) || displayParam !== displayParam.toLowerCase()) {
    return fail(RC.authzDisplayInvalid, "invalid_request", `The display value '${displayParam}' is not supported.`);
  }

  const pickLocales = (v: string | undefined, supported: string[]): string[] | undefined => {
    if (!v) return undefined;
    const out = v
      .split(" ")
      .filter(Boolean)
      .map((l) => supported.find((s) => s.toLowerCase() === l.toLowerCase()))
      .filter((l): l is string => l !== undefined);
    return out.length ? dedupe(out) : undefined;
  };
  const uiLocales = pickLocales(get(params, "ui_locales"), ctx.service.supportedUiLocales);
  const claimsLocales = pickLocales(get(params, "claims_locales"), ctx.service.supportedClaimLocales);

  // The claims request parameter (OIDC Core §5.5); it only means something in an OpenID Connect request.
  let idTokenMember: Record<string, unknown> | undefined;
  let userinfoMember: Record<string, unknown> | undefined;
  const claimsParam = get(params, "claims");
  if (claimsParam !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(claimsParam);
    } catch {
      return fail(RC.authzClaimsInvalid, "invalid_request", "The claims parameter is not valid JSON.");
    }
    const isObj = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
    if (!isObj(parsed)) return fail(RC.authzClaimsInvalid, "invalid_request", "The claims parameter must be a JSON object.");
    const it = parsed.id_token;
    const ui = parsed.userinfo;
    if ((it !== undefined && it !== null && !isObj(it)) || (ui !== undefined && ui !== null && !isObj(ui))) {
      return fail(RC.authzClaimsInvalid, "invalid_request", "The id_token and userinfo members of the claims parameter must be JSON objects.");
    }
    if (openid) {
      idTokenMember = isObj(it) ? it : undefined;
      userinfoMember = isObj(ui) ? ui : undefined;
    }
  }

  // ACRs: from the acr claim of the claims request, else acr_values (OIDC Core §5.5.1.1, §3.1.2.1).
  let acrs: string[] | undefined;
  let acrEssential = false;
  const acrReq = idTokenMember?.acr;
  if (typeof acrReq === "object" && acrReq !== null) {
    const a = acrReq as { essential?: unknown; value?: unknown; values?: unknown };
    const vals = Array.isArray(a.values) ? a.values : typeof a.value === "string" ? [a.value] : [];
    acrs = vals.filter((v): v is string => typeof v === "string");
    acrEssential = a.essential === true;
  }
  const acrValues = get(params, "acr_values");
  if ((!acrs || acrs.length === 0) && acrValues) acrs = acrValues.split(" ").filter(Boolean);
  acrs = acrs?.filter((a) => ctx.service.supportedAcrs.includes(a));
  if (!acrs || acrs.length === 0) {
    acrs = undefined;
    acrEssential = false;
  }

  // A subject demanded through the claims request (OIDC Core §5.5.1: "sub" with "value").
  let subject: string | undefined;
  for (const m of [idTokenMember, userinfoMember]) {
    const s = m?.sub;
    if (typeof s === "object" && s !== null && typeof (s as { value?: unknown }).value === "string") {
      subject = (s as { value: string }).value;
    }
  }

  // RFC 8707 §2: each resource is an absolute URI without a fragment.
  const resources = params.getAll("resource").filter((r) => r !== "");
  for (const r of resources) {
    if (!isAbsoluteUriWithoutFragment(r)) return fail(RC.authzResourceInvalid, "invalid_target", `The resource '${r}' is not an absolute URI without a fragment.`);
  }

  const data: AuthorizationRequestData = {
    clientNumber: client.number,
    clientIdUsed,
    aliasUsed,
    redirectUri,
    redirectUriSent,
    responseMode,
    state,
    nonce: get(params, "nonce"),
    scopes,
    openid,
    codeChallenge,
    codeChallengeMethod,
    idTokenClaimsRequested: requestedNames(idTokenMember, ctx.service.supportedClaims),
    userInfoClaimsRequested: requestedNames(userinfoMember, ctx.service.supportedClaims),
    idTokenClaims: idTokenMember ? JSON.stringify(idTokenMember) : undefined,
    userInfoClaims: userinfoMember ? JSON.stringify(userinfoMember) : undefined,
    acrs,
    acrEssential,
    maxAge,
    prompts: prompts.map((p) => p.toUpperCase()),
    subject,
    loginHint: get(params, "login_hint"),
    display,
    uiLocales,
    claimsLocales,
    resources: resources.length ? resources : undefined,
  };
  return { data, client };
}

/** Claim names for the ID token / userinfo: the claims request plus scope shortcuts (OIDC Core §5.4, §5.5). */
function idTokenClaimNames(ctx: Ctx, d: AuthorizationRequestData, scopes: string[]): string[] {
  if (!d.openid) return [];
  return dedupe([...d.idTokenClaimsRequested, ...shortcutClaims(scopes, ctx.service.supportedClaims)]);
}

function userInfoClaimNames(ctx: Ctx, d: AuthorizationRequestData, scopes: string[]): string[] {
  if (!d.openid) return [];
  return dedupe([...d.userInfoClaimsRequested, ...shortcutClaims(scopes, ctx.service.supportedClaims)]);
}

/** The limited client object of /auth/authorization (`client_limited_authorization`). */
function limitedClient(c: ClientSettings): Body {
  return {
    number: c.number,
    serviceNumber: c.serviceNumber,
    clientId: c.clientId,
    clientIdAlias: c.clientIdAlias,
    clientIdAliasEnabled: c.clientIdAliasEnabled,
    clientName: c.clientName,
    clientNames: c.clientNames,
    description: c.description,
    clientType: c.clientType,
    logoUri: c.logoUri,
    defaultMaxAge: c.defaultMaxAge,
    authTimeRequired: c.authTimeRequired,
    dynamicallyRegistered: c.dynamicallyRegistered,
    parRequired: c.parRequired,
    requestObjectRequired: c.requestObjectRequired,
    pkceRequired: c.pkceRequired,
    pkceS256Required: c.pkceS256Required,
    tlsClientCertificateBoundAccessTokens: c.tlsClientCertificateBoundAccessTokens,
    createdAt: c.createdAt,
    modifiedAt: c.modifiedAt,
  };
}

/** The limited service object of /auth/authorization (no secrets, as in Authlete's example). */
function limitedService(ctx: Ctx): Body {
  const s = ctx.service;
  return { number: s.number, serviceName: s.serviceName, issuer: s.issuer, apiKey: s.apiKey, clientIdAliasEnabled: s.clientIdAliasEnabled };
}

function failureResult(ctx: Ctx, f: Failure): ApiResult {
  if (f.kind === "bad_request") {
    return ok({
      resultCode: f.code,
      resultMessage: message(f.code, f.text),
      action: "BAD_REQUEST",
      responseContent: oauthErrorJson(ctx.service, f.code, f.error, f.text),
    });
  }
  const r = authorizationResponse(ctx, f.to, errorMembers(ctx, f.code, f.error, f.text, f.to.state));
  return ok({ resultCode: f.code, resultMessage: message(f.code, f.text), ...r });
}

// ---------------------------------------------------------------------------------------------------------

/** POST /auth/authorization */
export function authorization(ctx: Ctx, b: Body): ApiResult {
  const parameters = str(ctx, b, "parameters");
  if (parameters === undefined) {
    return failureResult(ctx, {
      kind: "bad_request",
      code: RC.authzParametersMissing,
      error: "invalid_request",
      text: "The authorization request from the service does not contain 'parameters' parameter.",
    });
  }
  const context = ctx.gen === "v3" ? str(ctx, b, "context") : undefined;
  const parsed = parseAuthorizationRequest(ctx, parameters, { kind: "authorization" });
  if (isFailureResult(parsed)) return failureResult(ctx, parsed);
  const { data, client } = parsed;

  const ticket = randomToken();
  ctx.store.put("tickets", ticket, { expiresAt: ctx.now() + ctx.durations.ticket * 1000, request: data, context });

  const noInteraction = data.prompts.includes("NONE");
  const code = noInteraction ? RC.authzTicketIssuedNoInteraction : RC.authzTicketIssued;
  const lowestPrompt = data.prompts.length
    ? data.prompts.reduce((a, p) => (PROMPT_ORDER.indexOf(p) < PROMPT_ORDER.indexOf(a) ? p : a))
    : "CONSENT";
  const scopeDetails = data.scopes.map((name) => {
    const s = ctx.service.supportedScopes.find((x) => x.name === name);
    return { name, defaultEntry: s?.defaultEntry ?? false, description: s?.description, descriptions: s?.descriptions };
  });
  const claims = idTokenClaimNames(ctx, data, data.scopes);
  const claimsAtUserInfo = userInfoClaimNames(ctx, data, data.scopes);
  const body: Body = {
    resultCode: code,
    resultMessage: message(
      code,
      `Authlete has successfully issued a ticket to the service (API Key = ${ctx.service.apiKey}) for the authorization request from the client (ID = ${client.clientId}). [response_type=code, openid=${data.openid}]`,
    ),
    action: noInteraction ? "NO_INTERACTION" : "INTERACTION",
    client: limitedClient(client),
    clientIdAliasUsed: data.aliasUsed,
    display: data.display,
    maxAge: data.maxAge,
    service: limitedService(ctx),
    scopes: scopeDetails.length ? scopeDetails : undefined,
    uiLocales: data.uiLocales,
    claimsLocales: data.claimsLocales,
    claims: claims.length ? claims : undefined,
    claimsAtUserInfo: claimsAtUserInfo.length ? claimsAtUserInfo : undefined,
    acrEssential: data.acrEssential,
    acrs: data.acrs,
    subject: data.subject,
    loginHint: data.loginHint,
    prompts: data.prompts.length ? data.prompts : undefined,
    lowestPrompt,
    idTokenClaims: data.idTokenClaims,
    userInfoClaims: data.userInfoClaims,
    resources: data.resources,
    ticket,
  };
  return ok(v3Only(ctx, body, ["claimsAtUserInfo"]));
}

function issueCallerError(ctx: Ctx, text: string): ApiResult {
  return ok({
    resultCode: RC.issueCallerError,
    resultMessage: message(RC.issueCallerError, text),
    action: "INTERNAL_SERVER_ERROR",
    responseContent: oauthErrorJson(ctx.service, RC.issueCallerError, "server_error", text),
  });
}

function parseClaimsJson(v: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(v);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  return undefined;
}

/** POST /auth/authorization/issue: the user approved; mint an authorization code (RFC 6749 §4.1.2). */
export function authorizationIssue(ctx: Ctx, b: Body): ApiResult {
  const ticket = str(ctx, b, "ticket");
  if (ticket === undefined) return issueCallerError(ctx, "The request does not contain 'ticket'.");
  const subject = str(ctx, b, "subject");
  const claimsJson = str(ctx, b, "claims");
  const props = properties(ctx, b, "properties") ?? [];
  const scopesParam = strArray(ctx, b, "scopes");
  const authTime = int(ctx, b, "authTime");
  const acr = str(ctx, b, "acr");
  const sub = str(ctx, b, "sub");
  const sessionId = str(ctx, b, "sessionId");
  const consentedClaims = strArray(ctx, b, "consentedClaims");
  const accessTokenDuration = int(ctx, b, "accessTokenDuration");
  const audType = enumValue(ctx, b, "idTokenAudType", ["array", "string"] as const);

  const rec = ctx.store.get("tickets", ticket);
  if (!rec || rec.expiresAt <= ctx.now()) {
    const text = "The ticket is invalid or has expired (it is single-use and short-lived).";
    return ok({
      resultCode: RC.issueTicketInvalid,
      resultMessage: message(RC.issueTicketInvalid, text),
      action: "BAD_REQUEST",
      responseContent: oauthErrorJson(ctx.service, RC.issueTicketInvalid, "invalid_request", text),
    });
  }
  const d = rec.request;
  // Caller errors leave the ticket intact so that a fixed call can still succeed.
  if (subject === undefined) return issueCallerError(ctx, "The request does not contain 'subject'.");
  if (!/^[\x21-\x7e]{1,100}$/.test(subject)) {
    return issueCallerError(ctx, "'subject' must consist of printable ASCII characters and be at most 100 characters long.");
  }
  if (d.subject !== undefined && subject !== d.subject) {
    return issueCallerError(ctx, "'subject' differs from the subject the client demanded in the request.");
  }
  let claimValues: Record<string, unknown> | undefined;
  if (claimsJson !== undefined) {
    claimValues = parseClaimsJson(claimsJson);
    if (!claimValues) return issueCallerError(ctx, "'claims' must be a JSON object (a string holding claim values).");
  }
  if (d.acrEssential && d.acrs && (acr === undefined || !d.acrs.includes(acr))) {
    return issueCallerError(ctx, "'acr' must be one of the requested ACRs because acrEssential is true.");
  }
  const client = clientByNumber(ctx, d.clientNumber);
  if (!client) return issueCallerError(ctx, "The client of the ticket no longer exists.");
  ctx.store.delete("tickets", ticket);

  // `scopes` replaces the requested scopes; openid cannot be added afterwards (Authlete API docs).
  const supported = ctx.service.supportedScopes.map((s) => s.name);
  let scopes = d.scopes;
  if (scopesParam) {
    scopes = dedupe(scopesParam.filter((s) => supported.includes(s) && (s !== "openid" || d.openid))).sort();
  }
  const openid = d.openid && scopes.includes("openid");
  const idNames = openid ? idTokenClaimNames(ctx, d, scopes) : [];
  const uiNames = openid ? userInfoClaimNames(ctx, d, scopes) : [];

  const grant: GrantInfo = {
    subject,
    clientNumber: client.number,
    clientIdUsed: d.clientIdUsed,
    aliasUsed: d.aliasUsed,
    scopes,
    properties: props,
    authTime,
    acr,
    claimsAtUserInfo: uiNames,
    userInfoClaims: d.userInfoClaims,
    consentedClaims,
    grantType: "AUTHORIZATION_CODE",
    resources: d.resources,
  };
  const code = randomToken();
  const origin = ctx.store.put("codes", code, {
    expiresAt: ctx.now() + ctx.durations.authorizationCode * 1000,
    used: false,
    grant,
    redirectUri: d.redirectUriSent ? d.redirectUri : undefined,
    codeChallenge: d.codeChallenge,
    codeChallengeMethod: d.codeChallengeMethod,
    nonce: d.nonce,
    state: d.state,
    idTokenClaimNames: idNames,
    claimValues: openid ? idTokenClaimValues(claimValues) : undefined,
    sessionId,
    sub,
    idTokenAudType: audType,
    accessTokenDuration,
    openid,
  });
  grant.origin = origin;
  ctx.store.touch("codes", origin);
  // The user authorized the client: Authlete's server-side record of granted scopes (grants.ts).
  recordGrantedScopes(ctx, client.number, subject, scopes);

  const to: RedirectTo = { redirectUri: d.redirectUri, responseMode: d.responseMode, state: d.state };
  const r = authorizationResponse(ctx, to, [
    ["state", d.state],
    ["code", code],
  ]);
  const body: Body = {
    resultCode: RC.issueOk,
    resultMessage: message(RC.issueOk, "The authorization request was processed successfully."),
    ...r,
    authorizationCode: code,
    ticketInfo: rec.context !== undefined ? { context: rec.context } : undefined,
  };
  return ok(v3Only(ctx, body, ["ticketInfo"]));
}

/** OIDC Core §3.1.2.6 and the Authlete `reason` table (reference §3.3). */
const FAIL_REASONS: Record<string, string> = {
  UNKNOWN: "server_error",
  NOT_LOGGED_IN: "login_required",
  MAX_AGE_NOT_SUPPORTED: "login_required",
  EXCEEDS_MAX_AGE: "login_required",
  DIFFERENT_SUBJECT: "login_required",
  ACR_NOT_SATISFIED: "unmet_authentication_requirements",
  DENIED: "access_denied",
  SERVER_ERROR: "server_error",
  NOT_AUTHENTICATED: "login_required",
  ACCOUNT_SELECTION_REQUIRED: "account_selection_required",
  CONSENT_REQUIRED: "consent_required",
  INTERACTION_REQUIRED: "interaction_required",
  INVALID_TARGET: "invalid_target",
};

const FAIL_TEXT: Record<string, string> = {
  UNKNOWN: "The authorization request failed for an unknown reason.",
  NOT_LOGGED_IN: "The end-user has not logged in.",
  MAX_AGE_NOT_SUPPORTED: "The authorization server cannot handle max_age.",
  EXCEEDS_MAX_AGE: "The authentication of the end-user is older than max_age.",
  DIFFERENT_SUBJECT: "The end-user is not the one the client requested.",
  ACR_NOT_SATISFIED: "The authentication does not satisfy the requested ACR.",
  DENIED: "The end-user denied the authorization request.",
  SERVER_ERROR: "An error occurred on the authorization server.",
  NOT_AUTHENTICATED: "The end-user was not authenticated.",
  ACCOUNT_SELECTION_REQUIRED: "The end-user must select an account.",
  CONSENT_REQUIRED: "The end-user's consent is required.",
  INTERACTION_REQUIRED: "User interaction is required.",
  INVALID_TARGET: "The requested resource is invalid.",
};

/** POST /auth/authorization/fail: report an error to the client through its redirect URI. */
export function authorizationFail(ctx: Ctx, b: Body): ApiResult {
  const ticket = str(ctx, b, "ticket");
  const reason = enumValue(ctx, b, "reason", Object.keys(FAIL_REASONS));
  const description = str(ctx, b, "description");
  const callerError = (text: string): ApiResult =>
    ok({
      resultCode: RC.failCallerError,
      resultMessage: message(RC.failCallerError, text),
      action: "INTERNAL_SERVER_ERROR",
      responseContent: oauthErrorJson(ctx.service, RC.failCallerError, "server_error", text),
    });
  if (ticket === undefined) return callerError("The request does not contain 'ticket'.");
  if (reason === undefined) return callerError("The request does not contain 'reason'.");
  const rec = ctx.store.get("tickets", ticket);
  if (!rec || rec.expiresAt <= ctx.now()) {
    const text = "The ticket is invalid or has expired (it is single-use and short-lived).";
    return ok({
      resultCode: RC.failTicketInvalid,
      resultMessage: message(RC.failTicketInvalid, text),
      action: "BAD_REQUEST",
      responseContent: oauthErrorJson(ctx.service, RC.failTicketInvalid, "invalid_request", text),
    });
  }
  ctx.store.delete("tickets", ticket);
  const d = rec.request;
  const error = FAIL_REASONS[reason] as string;
  const text = FAIL_TEXT[reason] as string;
  const to: RedirectTo = { redirectUri: d.redirectUri, responseMode: d.responseMode, state: d.state };
  const r = authorizationResponse(ctx, to, errorMembers(ctx, RC.failOk, error, text, d.state, description));
  return ok({
    resultCode: RC.failOk,
    resultMessage: message(RC.failOk, `The authorization request was rejected (reason=${reason}).`),
    ...r,
  });
}

/** POST /auth/authorization/ticket/info (Authlete 3.0). */
export function ticketInfo(ctx: Ctx, b: Body): ApiResult {
  const ticket = str(ctx, b, "ticket");
  if (ticket === undefined) {
    return ok({ resultCode: RC.ticketCallerError, resultMessage: message(RC.ticketCallerError, "The request does not contain 'ticket'."), action: "CALLER_ERROR" });
  }
  const rec = ctx.store.get("tickets", ticket);
  if (!rec || rec.expiresAt <= ctx.now()) {
    return ok({ resultCode: RC.ticketNotFound, resultMessage: message(RC.ticketNotFound, "The ticket does not exist, has expired or has been used."), action: "NOT_FOUND" });
  }
  return ok({
    resultCode: RC.ticketInfoOk,
    resultMessage: message(RC.ticketInfoOk, "The information about the ticket was retrieved."),
    action: "OK",
    info: rec.context !== undefined ? { context: rec.context } : {},
  });
}

/**
 * POST /auth/authorization/ticket/update (Authlete 3.0). The live API takes `info` as an OBJECT `{context}`
 * although the OpenAPI document types it as a string (reference §3.4); a string is refused here so that a
 * client built from the document alone finds out locally.
 */
export function ticketUpdate(ctx: Ctx, b: Body): ApiResult {
  const ticket = str(ctx, b, "ticket");
  if (typeof b.info === "string" && b.info !== "") {
    throw new ApiError(400, RC.badFieldType, "'info' must be a JSON object such as {\"context\":\"…\"}, not a string.");
  }
  const info = obj(ctx, b, "info");
  if (ticket === undefined || info === undefined) {
    return ok({
      resultCode: RC.ticketCallerError,
      resultMessage: message(RC.ticketCallerError, "The request must contain 'ticket' and 'info'."),
      action: "CALLER_ERROR",
    });
  }
  const context = info.context;
  if (context !== undefined && context !== null && typeof context !== "string") {
    throw new ApiError(400, RC.badFieldType, "'info.context' must be a string.");
  }
  const rec = ctx.store.get("tickets", ticket);
  if (!rec || rec.expiresAt <= ctx.now()) {
    return ok({ resultCode: RC.ticketNotFound, resultMessage: message(RC.ticketNotFound, "The ticket does not exist, has expired or has been used."), action: "NOT_FOUND" });
  }
  rec.context = typeof context === "string" && context !== "" ? context : undefined;
  ctx.store.touch("tickets", hashSecret(ticket));
  return ok({
    resultCode: RC.ticketUpdateOk,
    resultMessage: message(RC.ticketUpdateOk, "The information about the ticket was updated."),
    action: "OK",
    info: rec.context !== undefined ? { context: rec.context } : {},
  });
}

/** POST /pushed_auth_req (RFC 9126). */
export function pushedAuthReq(ctx: Ctx, b: Body): ApiResult {
  const parameters = str(ctx, b, "parameters");
  const badRequest = (code: string, error: string, text: string): ApiResult =>
    ok({ resultCode: code, resultMessage: message(code, text), action: "BAD_REQUEST", responseContent: oauthErrorJson(ctx.service, code, error, text) });
  if (parameters === undefined) {
    return badRequest(RC.parBadRequest, "invalid_request", "The pushed authorization request does not contain 'parameters'.");
  }
  const params = new URLSearchParams(parameters);
  const auth = authenticateClient(ctx, b, params);
  if (isFailure(auth)) {
    if (auth.error === "invalid_request") return badRequest(RC.parBadRequest, auth.error, auth.text);
    return ok({
      resultCode: RC.parUnauthorized,
      resultMessage: message(RC.parUnauthorized, auth.text),
      action: "UNAUTHORIZED",
      responseContent: oauthErrorJson(ctx.service, RC.parUnauthorized, "invalid_client", auth.text),
    });
  }
  const parsed = parseAuthorizationRequest(ctx, parameters, {
    kind: "par",
    client: auth.client,
    clientIdUsed: auth.clientIdUsed,
    aliasUsed: auth.aliasUsed,
  });
  if (isFailureResult(parsed)) return badRequest(parsed.code, parsed.error, parsed.text);

  const requestUri = PAR_URN_PREFIX + randomToken();
  const expiresIn = ctx.service.pushedAuthReqDuration;
  // Keep the raw parameters (minus the client secret) and re-validate them when the client comes back.
  const kept = new URLSearchParams(parameters);
  kept.delete("client_secret");
  ctx.store.put("par", requestUri, { expiresAt: ctx.now() + expiresIn * 1000, clientNumber: auth.client.number, parameters: kept.toString() });
  const body: Body = {
    resultCode: RC.parCreated,
    resultMessage: message(RC.parCreated, `Successfully registered a request object for client (${auth.client.clientId}), URI is ${requestUri}.`),
    action: "CREATED",
    requestUri,
    responseContent: JSON.stringify({ expires_in: expiresIn, request_uri: requestUri }),
    clientAuthMethod: auth.method,
  };
  return ok(v3Only(ctx, body, ["clientAuthMethod"]));
}
