// Seed data of the local Authlete stand-in: one service and its clients, as a real Authlete service would
// hold them (field names follow the `service` and `client` schemas of the Authlete OpenAPI documents).
//
// Everything that depends on where the app runs is derived from the issuer (the app's public base URL),
// so `npm run dev` (http://localhost:3000) and the tests (http://127.0.0.1:<port>) get matching URLs. Each
// endpoint URL and the clients' redirect URIs can also be set on their own (settings.ts: flags, environment,
// seed file), for servers whose paths are not this app's (Authlete's TypeScript server serves /oauth/*).
//
// Post-logout redirect URIs (OpenID Connect RP-Initiated Logout 1.0 §3.1, client metadata
// `post_logout_redirect_uris`): Authlete 3.0.16's `client` has no member for them. A real Authlete client holds
// such metadata in `customMetadata` (a JSON object as a string) once the service lists the name in
// `supportedCustomClientMetadata` — that is how a client registered with it (dynamic registration or the
// console) keeps it — and /client/get returns it. `demo-client` is seeded that way:
//   customMetadata = {"post_logout_redirect_uris":["https://client.example.org/logged-out","<issuer>/"]}
//
// Clients (client_id = numeric ID or alias; Authlete accepts both, see "Client ID Alias" in the Authlete docs):
//
// | alias        | client ID  | type         | token auth          | secret              | ID token alg | grants                                       |
// | demo-client  | 2000000001 | CONFIDENTIAL | CLIENT_SECRET_BASIC | demo-client-secret  | PS256        | authorization_code, refresh_token, client_credentials, password |
// | demo-spa     | 2000000002 | PUBLIC       | NONE (PKCE S256)    | —                   | ES256        | authorization_code, refresh_token            |
// | demo-post    | 2000000003 | CONFIDENTIAL | CLIENT_SECRET_POST  | demo-post-secret    | RS256        | authorization_code, refresh_token, client_credentials |
// | demo-eddsa   | 2000000004 | CONFIDENTIAL | CLIENT_SECRET_BASIC | demo-eddsa-secret   | EdDSA        | authorization_code (no refresh token)        |
//
// Why the two extra clients: `demo-post` exercises client_secret_post and RS256 (RS256 is what OpenID
// Connect Basic certification checks); `demo-eddsa` exercises EdDSA, a client WITHOUT the refresh_token grant
// (so no refresh token is issued, as Authlete does) and a client with exactly ONE registered redirect URI
// (so `redirect_uri` may be omitted, RFC 6749 §3.1.2.3).
//
// `demo-spa` is a public client. Real Authlete assigns a client secret even to public clients and returns it
// from /client/get (see the `clientSecret` description in the OpenAPI document); the client must not use it,
// and the stand-in refuses it at the token endpoint because the registered method is `none`.

import type { ClientSeed, EndpointSetting, EndpointUrls } from "./settings";

/** What a launcher prints and what tests use. Never use these values outside local development. */
export const DEMO_AUTHLETE = {
  /** V3: path segment `/api/{serviceId}/…`; V2: the service API key (HTTP Basic user name). */
  serviceId: "1000",
  apiKey: "1000",
  /** V2: HTTP Basic password. */
  apiSecret: "local-service-api-secret",
  /** V3: `Authorization: Bearer <serviceAccessToken>`. */
  serviceAccessToken: "local-service-access-token",
  clients: [
    {
      clientId: "2000000001",
      alias: "demo-client",
      secret: "demo-client-secret",
      clientType: "CONFIDENTIAL",
      tokenAuthMethod: "client_secret_basic",
      idTokenSignAlg: "PS256",
    },
    {
      clientId: "2000000002",
      alias: "demo-spa",
      secret: undefined,
      clientType: "PUBLIC",
      tokenAuthMethod: "none",
      idTokenSignAlg: "ES256",
    },
    {
      clientId: "2000000003",
      alias: "demo-post",
      secret: "demo-post-secret",
      clientType: "CONFIDENTIAL",
      tokenAuthMethod: "client_secret_post",
      idTokenSignAlg: "RS256",
    },
    {
      clientId: "2000000004",
      alias: "demo-eddsa",
      secret: "demo-eddsa-secret",
      clientType: "CONFIDENTIAL",
      tokenAuthMethod: "client_secret_basic",
      idTokenSignAlg: "EdDSA",
    },
  ],
} as const;

export const DEFAULT_ISSUER = "http://localhost:3000";

/** The app's endpoint paths, relative to the issuer (DESIGN.md; the app serves them): the default endpoints. */
export const APP_ENDPOINTS = {
  authorization: "/api/authorization",
  token: "/api/token",
  userinfo: "/api/userinfo",
  jwks: "/api/jwks",
  introspection: "/api/introspection",
  revocation: "/api/revocation",
  par: "/api/par",
  endSession: "/api/logout",
} as const;

export type GrantType = "AUTHORIZATION_CODE" | "REFRESH_TOKEN" | "CLIENT_CREDENTIALS" | "PASSWORD";
export type ClientAuthMethod = "NONE" | "CLIENT_SECRET_BASIC" | "CLIENT_SECRET_POST";
export type SigningAlg = "RS256" | "PS256" | "ES256" | "EdDSA";
export type PromptValue = "NONE" | "LOGIN" | "CONSENT" | "SELECT_ACCOUNT";
export type DisplayValue = "PAGE" | "POPUP" | "TOUCH" | "WAP";

/** A value in one language (Authlete's `TaggedValue`: a BCP 47 tag and the text). */
export interface TaggedValue {
  tag: string;
  value: string;
}

/** A Japanese translation, as Authlete keeps one (tag "ja"). */
const ja = (value: string): TaggedValue[] => [{ tag: "ja", value }];

export interface Scope {
  name: string;
  defaultEntry: boolean;
  description: string;
  /** The description in other languages (Authlete's Scope `descriptions`), which pages pick by ui_locales. */
  descriptions?: TaggedValue[];
}

export interface Pair {
  key: string;
  value: string;
}

/** The service settings the stand-in uses (a subset of Authlete's `service` schema, same names). */
export interface ServiceSettings {
  number: number;
  serviceName: string;
  description: string;
  apiKey: number;
  issuer: string;
  clientIdAliasEnabled: boolean;
  /** Endpoint URLs (settings.ts); absent = not set, so discovery leaves the metadata out. */
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  userInfoEndpoint?: string;
  jwksUri?: string;
  revocationEndpoint?: string;
  introspectionEndpoint?: string;
  pushedAuthReqEndpoint?: string;
  endSessionEndpoint?: string;
  /** Client metadata names beyond the standard ones that clients may hold in `customMetadata`. */
  supportedCustomClientMetadata: string[];
  supportedScopes: Scope[];
  supportedClaims: string[];
  supportedAcrs: string[];
  supportedGrantTypes: GrantType[];
  supportedResponseTypes: "CODE"[];
  supportedTokenAuthMethods: ClientAuthMethod[];
  supportedRevocationAuthMethods: ClientAuthMethod[];
  supportedIntrospectionAuthMethods: ClientAuthMethod[];
  supportedPromptValues: PromptValue[];
  supportedDisplays: DisplayValue[];
  supportedUiLocales: string[];
  supportedClaimLocales: string[];
  /** ID token signing algorithms offered in discovery; one key per algorithm is generated (keys.ts). */
  supportedIdTokenSignAlgs: SigningAlg[];
  pkceRequired: boolean;
  pkceS256Required: boolean;
  parRequired: boolean;
  /** Seconds. */
  accessTokenDuration: number;
  refreshTokenDuration: number;
  idTokenDuration: number;
  pushedAuthReqDuration: number;
  /** false = refresh tokens rotate (Authlete `refreshTokenKept`). */
  refreshTokenKept: boolean;
  /** false = `iss` is appended to authorization responses (RFC 9207; Authlete `issSuppressed`). */
  issSuppressed: boolean;
  errorDescriptionOmitted: boolean;
  errorUriOmitted: boolean;
  idTokenReissuable: boolean;
  attributes: Pair[];
}

/** A registered client (a subset of Authlete's `client` schema, same names). */
export interface ClientSettings {
  number: number;
  serviceNumber: number;
  developer: string;
  clientId: number;
  clientIdAlias: string;
  clientIdAliasEnabled: boolean;
  clientSecret: string;
  clientName: string;
  /** The client's name in other languages (Authlete's Client `clientNames`). */
  clientNames?: TaggedValue[];
  description: string;
  clientType: "PUBLIC" | "CONFIDENTIAL";
  applicationType: "WEB" | "NATIVE";
  logoUri?: string;
  clientUri?: string;
  redirectUris: string[];
  tokenAuthMethod: ClientAuthMethod;
  idTokenSignAlg: SigningAlg;
  grantTypes: GrantType[];
  responseTypes: "CODE"[];
  subjectType: "PUBLIC";
  pkceRequired: boolean;
  pkceS256Required: boolean;
  parRequired: boolean;
  requestObjectRequired: boolean;
  authTimeRequired: boolean;
  defaultMaxAge: number;
  dynamicallyRegistered: boolean;
  tlsClientCertificateBoundAccessTokens: boolean;
  attributes: Pair[];
  /** Authlete `customMetadata`: a JSON object as a string (e.g. `post_logout_redirect_uris`). */
  customMetadata?: string;
  createdAt: number;
  modifiedAt: number;
}

/** Standard claims of OpenID Connect Core 1.0 §5.1 (plus `sub`). */
export const STANDARD_CLAIMS = [
  "sub",
  "name",
  "given_name",
  "family_name",
  "middle_name",
  "nickname",
  "preferred_username",
  "profile",
  "picture",
  "website",
  "email",
  "email_verified",
  "gender",
  "birthdate",
  "zoneinfo",
  "locale",
  "phone_number",
  "phone_number_verified",
  "address",
  "updated_at",
] as const;

// A fixed timestamp for createdAt/modifiedAt so that seed output is stable across restarts.
const SEEDED_AT = Date.UTC(2025, 0, 1);

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** The client metadata name of OpenID Connect RP-Initiated Logout 1.0 §3.1. */
export const POST_LOGOUT_REDIRECT_URIS = "post_logout_redirect_uris";

export function buildService(issuerIn: string, endpoints: EndpointUrls = {}): ServiceSettings {
  const issuer = trimSlash(issuerIn);
  // A setting given on its own wins; "" means "not set"; otherwise the app's path under the issuer.
  const at = (k: EndpointSetting, p: string): string | undefined => {
    const v = endpoints[k];
    if (v === undefined) return issuer + p;
    return v === "" ? undefined : v;
  };
  return {
    number: 1,
    serviceName: "Local Authlete stand-in (demo service)",
    description: "Demo service of the local Authlete stand-in. Not Authlete.",
    apiKey: Number(DEMO_AUTHLETE.apiKey),
    issuer,
    clientIdAliasEnabled: true,
    authorizationEndpoint: at("authorizationEndpoint", APP_ENDPOINTS.authorization),
    tokenEndpoint: at("tokenEndpoint", APP_ENDPOINTS.token),
    userInfoEndpoint: at("userInfoEndpoint", APP_ENDPOINTS.userinfo),
    jwksUri: at("jwksUri", APP_ENDPOINTS.jwks),
    revocationEndpoint: at("revocationEndpoint", APP_ENDPOINTS.revocation),
    introspectionEndpoint: at("introspectionEndpoint", APP_ENDPOINTS.introspection),
    pushedAuthReqEndpoint: at("pushedAuthReqEndpoint", APP_ENDPOINTS.par),
    endSessionEndpoint: at("endSessionEndpoint", APP_ENDPOINTS.endSession),
    supportedCustomClientMetadata: [POST_LOGOUT_REDIRECT_URIS],
    supportedScopes: [
      { name: "openid", defaultEntry: false, description: "Sign you in with your account (OpenID Connect).", descriptions: ja("あなたのアカウントでサインインします（OpenID Connect）。") },
      // `profile` is the default scope: a request without `scope` gets it (RFC 6749 §3.3 "pre-defined default").
      { name: "profile", defaultEntry: true, description: "Read your basic profile: name, picture, locale.", descriptions: ja("基本的なプロフィール（名前、画像、言語・地域）を読み取ります。") },
      { name: "email", defaultEntry: false, description: "Read your email address and whether it is verified.", descriptions: ja("メールアドレスと、その確認が済んでいるかどうかを読み取ります。") },
      { name: "phone", defaultEntry: false, description: "Read your phone number and whether it is verified.", descriptions: ja("電話番号と、その確認が済んでいるかどうかを読み取ります。") },
      { name: "address", defaultEntry: false, description: "Read your postal address.", descriptions: ja("住所を読み取ります。") },
      { name: "offline_access", defaultEntry: false, description: "Keep access while you are signed out.", descriptions: ja("サインアウトしている間もアクセスを続けます。") },
    ],
    supportedClaims: [...STANDARD_CLAIMS],
    // ACR values the app can actually tell apart (password-only vs. password + TOTP); free-form strings.
    supportedAcrs: ["urn:nextjs-oauth-server:acr:pwd", "urn:nextjs-oauth-server:acr:mfa"],
    supportedGrantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN", "CLIENT_CREDENTIALS", "PASSWORD"],
    supportedResponseTypes: ["CODE"],
    supportedTokenAuthMethods: ["CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST", "NONE"],
    supportedRevocationAuthMethods: ["CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST", "NONE"],
    // Authlete does not authenticate the caller of /auth/introspection/standard; the AS must (RFC 7662 §2.1).
    supportedIntrospectionAuthMethods: ["CLIENT_SECRET_BASIC"],
    supportedPromptValues: ["NONE", "LOGIN", "CONSENT", "SELECT_ACCOUNT"],
    supportedDisplays: ["PAGE", "POPUP", "TOUCH", "WAP"],
    supportedUiLocales: ["en", "ja"],
    supportedClaimLocales: ["en", "ja"],
    // RS256 must be offered (OpenID Connect Core §15.1 / Basic OP certification).
    supportedIdTokenSignAlgs: ["RS256", "PS256", "ES256", "EdDSA"],
    pkceRequired: false,
    pkceS256Required: false,
    parRequired: false,
    accessTokenDuration: 86400,
    refreshTokenDuration: 864000,
    idTokenDuration: 86400,
    pushedAuthReqDuration: 600,
    refreshTokenKept: false,
    issSuppressed: false,
    errorDescriptionOmitted: false,
    errorUriOmitted: false,
    idTokenReissuable: false,
    attributes: [{ key: "environment", value: "local" }],
  };
}

export function buildClients(issuerIn: string, seeds: Record<string, ClientSeed> = {}): ClientSettings[] {
  return seededClients(issuerIn).map((c) => {
    const seed = seeds[c.clientIdAlias] ?? seeds[String(c.clientId)];
    return seed ? { ...c, ...seed } : c;
  });
}

function seededClients(issuerIn: string): ClientSettings[] {
  const issuer = trimSlash(issuerIn);
  const twoRedirects = [`${issuer}/demo/callback`, "https://client.example.org/cb"];
  const base = {
    serviceNumber: 1,
    developer: "local",
    clientIdAliasEnabled: true,
    applicationType: "WEB" as const,
    responseTypes: ["CODE" as const],
    subjectType: "PUBLIC" as const,
    parRequired: false,
    requestObjectRequired: false,
    authTimeRequired: false,
    defaultMaxAge: 0,
    dynamicallyRegistered: false,
    tlsClientCertificateBoundAccessTokens: false,
    createdAt: SEEDED_AT,
    modifiedAt: SEEDED_AT,
  };
  const [client, spa, post, eddsa] = DEMO_AUTHLETE.clients;
  return [
    {
      ...base,
      number: 1,
      clientId: Number(client.clientId),
      clientIdAlias: client.alias,
      clientSecret: client.secret,
      clientName: "Demo Client",
      clientNames: ja("デモクライアント"),
      description: "A confidential web application (client_secret_basic, PS256 ID tokens).",
      clientType: "CONFIDENTIAL",
      clientUri: `${issuer}/demo`,
      redirectUris: twoRedirects,
      tokenAuthMethod: "CLIENT_SECRET_BASIC",
      idTokenSignAlg: "PS256",
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN", "CLIENT_CREDENTIALS", "PASSWORD"],
      pkceRequired: false,
      pkceS256Required: false,
      // First-party clients may skip the consent screen; the AS reads this through /client/get.
      attributes: [{ key: "first_party", value: "true" }],
      // Where RP-initiated logout may send the browser back (see the header comment).
      customMetadata: JSON.stringify({ [POST_LOGOUT_REDIRECT_URIS]: ["https://client.example.org/logged-out", `${issuer}/`] }),
    },
    {
      ...base,
      number: 2,
      clientId: Number(spa.clientId),
      clientIdAlias: spa.alias,
      clientSecret: "public-client-secret-issued-by-authlete-but-never-used",
      clientName: "Demo SPA",
      clientNames: ja("デモ SPA"),
      description: "A public single-page application (no client secret, PKCE S256 required, ES256 ID tokens).",
      clientType: "PUBLIC",
      redirectUris: twoRedirects,
      tokenAuthMethod: "NONE",
      idTokenSignAlg: "ES256",
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
      pkceRequired: true,
      pkceS256Required: true,
      attributes: [],
    },
    {
      ...base,
      number: 3,
      clientId: Number(post.clientId),
      clientIdAlias: post.alias,
      clientSecret: post.secret,
      clientName: "Demo Post Client",
      description: "A confidential client that authenticates with client_secret_post and gets RS256 ID tokens.",
      clientType: "CONFIDENTIAL",
      redirectUris: twoRedirects,
      tokenAuthMethod: "CLIENT_SECRET_POST",
      idTokenSignAlg: "RS256",
      grantTypes: ["AUTHORIZATION_CODE", "REFRESH_TOKEN", "CLIENT_CREDENTIALS"],
      pkceRequired: false,
      pkceS256Required: false,
      attributes: [],
    },
    {
      ...base,
      number: 4,
      clientId: Number(eddsa.clientId),
      clientIdAlias: eddsa.alias,
      clientSecret: eddsa.secret,
      clientName: "Demo EdDSA Client",
      description: "A confidential client with EdDSA ID tokens, one redirect URI and no refresh tokens.",
      clientType: "CONFIDENTIAL",
      redirectUris: [`${issuer}/demo/callback`],
      tokenAuthMethod: "CLIENT_SECRET_BASIC",
      idTokenSignAlg: "EdDSA",
      grantTypes: ["AUTHORIZATION_CODE"],
      pkceRequired: false,
      pkceS256Required: false,
      attributes: [],
    },
  ];
}
