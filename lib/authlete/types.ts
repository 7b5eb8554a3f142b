// Wire types of the Authlete Web API calls this server makes, written from the OpenAPI documents
// (authlete-api-3.0.16.yaml for 3.0, authlete-api-2.3.12.yaml for 2.x; the bodies are the same in both).
// Only the fields we read or send are typed; Authlete sends more. The action unions are complete: they list
// every value of the `action` enum in the 3.0.16 document, so a table keyed by them must cover each one.

export interface ApiResult {
  resultCode?: string;
  resultMessage?: string;
}

export interface Property {
  key: string;
  value: string;
  hidden?: boolean;
}

export interface Scope {
  name: string;
  description?: string;
  descriptions?: { tag: string; value: string }[];
  defaultEntry?: boolean;
}

export interface TaggedValue {
  tag: string;
  value: string;
}

export interface LimitedClient {
  number?: number;
  clientId?: number;
  clientIdAlias?: string;
  clientName?: string;
  clientNames?: TaggedValue[];
  description?: string;
  logoUri?: string;
  clientUri?: string;
  policyUri?: string;
  tosUri?: string;
  clientType?: "PUBLIC" | "CONFIDENTIAL";
}

export type Prompt = "NONE" | "LOGIN" | "CONSENT" | "SELECT_ACCOUNT" | "CREATE";

export interface Pair {
  key: string;
  value: string;
}

/** GET /client/get/{clientId}: the full client (the `client` schema); only what we read is typed. */
export interface ClientDetails {
  clientId?: number;
  clientIdAlias?: string;
  clientName?: string;
  redirectUris?: string[];
  /** Free key/value pairs set by the operator (console or /client/update). */
  attributes?: Pair[];
  /** Custom client metadata, a JSON object in a string (service `supportedCustomClientMetadata`). */
  customMetadata?: string;
}

// --- /auth/authorization ----------------------------------------------------------------------------------

export interface AuthorizationRequest {
  parameters: string;
  context?: string;
}

export const AUTHORIZATION_ACTIONS = ["INTERNAL_SERVER_ERROR", "BAD_REQUEST", "LOCATION", "FORM", "NO_INTERACTION", "INTERACTION"] as const;
export type AuthorizationAction = (typeof AUTHORIZATION_ACTIONS)[number];

export interface AuthorizationResponse extends ApiResult {
  action: AuthorizationAction;
  responseContent?: string;
  ticket?: string;
  client?: LimitedClient;
  service?: { serviceName?: string; issuer?: string };
  display?: "PAGE" | "POPUP" | "TOUCH" | "WAP";
  maxAge?: number;
  scopes?: Scope[];
  uiLocales?: string[];
  claimsLocales?: string[];
  claims?: string[];
  claimsAtUserInfo?: string[];
  acrs?: string[];
  acrEssential?: boolean;
  subject?: string;
  loginHint?: string;
  prompts?: Prompt[];
  lowestPrompt?: Prompt;
  idTokenClaims?: string;
  userInfoClaims?: string;
  resources?: string[];
  purpose?: string;
  /** The payload of the request object (JAR), JSON; its members win over the query's (OIDC Core §6.3.3). */
  requestObjectPayload?: string;
}

// --- /auth/authorization/issue and /fail --------------------------------------------------------------------

export interface AuthorizationIssueRequest {
  ticket: string;
  subject: string;
  authTime?: number;
  acr?: string;
  claims?: string;
  properties?: Property[];
  scopes?: string[];
  sessionId?: string;
}

export const AUTHORIZATION_ISSUE_ACTIONS = ["INTERNAL_SERVER_ERROR", "BAD_REQUEST", "LOCATION", "FORM"] as const;
export type AuthorizationIssueAction = (typeof AUTHORIZATION_ISSUE_ACTIONS)[number];

export interface AuthorizationIssueResponse extends ApiResult {
  action: AuthorizationIssueAction;
  responseContent?: string;
}

export type AuthorizationFailReason =
  | "UNKNOWN"
  | "NOT_LOGGED_IN"
  | "MAX_AGE_NOT_SUPPORTED"
  | "EXCEEDS_MAX_AGE"
  | "DIFFERENT_SUBJECT"
  | "ACR_NOT_SATISFIED"
  | "DENIED"
  | "SERVER_ERROR"
  | "NOT_AUTHENTICATED"
  | "ACCOUNT_SELECTION_REQUIRED"
  | "CONSENT_REQUIRED"
  | "INTERACTION_REQUIRED"
  | "INVALID_TARGET";

export interface AuthorizationFailRequest {
  ticket: string;
  reason: AuthorizationFailReason;
  description?: string;
}

export type AuthorizationFailAction = AuthorizationIssueAction;

export interface AuthorizationFailResponse extends ApiResult {
  action: AuthorizationFailAction;
  responseContent?: string;
}

// --- /auth/token, /auth/token/issue, /auth/token/fail ------------------------------------------------------

export interface TokenRequest {
  parameters: string;
  clientId?: string;
  clientSecret?: string;
  dpop?: string;
  htm?: string;
  htu?: string;
}

export const TOKEN_ACTIONS = ["INTERNAL_SERVER_ERROR", "INVALID_CLIENT", "BAD_REQUEST", "PASSWORD", "OK", "TOKEN_EXCHANGE", "JWT_BEARER", "NATIVE_SSO", "ID_TOKEN_REISSUABLE"] as const;
export type TokenAction = (typeof TOKEN_ACTIONS)[number];

export interface TokenResponse extends ApiResult {
  action: TokenAction;
  responseContent?: string;
  username?: string;
  password?: string;
  ticket?: string;
  subject?: string;
  scopes?: string[];
  dpopNonce?: string;
}

export interface TokenIssueRequest {
  ticket: string;
  subject: string;
  properties?: Property[];
}

export const TOKEN_ISSUE_ACTIONS = ["INTERNAL_SERVER_ERROR", "OK"] as const;
export type TokenIssueAction = (typeof TOKEN_ISSUE_ACTIONS)[number];

export interface TokenIssueResponse extends ApiResult {
  action: TokenIssueAction;
  responseContent?: string;
}

export type TokenFailReason = "UNKNOWN" | "INVALID_RESOURCE_OWNER_CREDENTIALS" | "INVALID_TARGET";

export interface TokenFailRequest {
  ticket: string;
  reason: TokenFailReason;
}

export const TOKEN_FAIL_ACTIONS = ["INTERNAL_SERVER_ERROR", "BAD_REQUEST"] as const;
export type TokenFailAction = (typeof TOKEN_FAIL_ACTIONS)[number];

export interface TokenFailResponse extends ApiResult {
  action: TokenFailAction;
  responseContent?: string;
}

// --- /auth/userinfo and /auth/userinfo/issue ---------------------------------------------------------------

export interface UserInfoRequest {
  token: string;
  dpop?: string;
  htm?: string;
  htu?: string;
}

export const USERINFO_ACTIONS = ["INTERNAL_SERVER_ERROR", "BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "OK"] as const;
export type UserInfoAction = (typeof USERINFO_ACTIONS)[number];

export interface UserInfoResponse extends ApiResult {
  action: UserInfoAction;
  responseContent?: string;
  subject?: string;
  claims?: string[];
  scopes?: string[];
  properties?: Property[];
  dpopNonce?: string;
}

export interface UserInfoIssueRequest {
  token: string;
  claims?: string;
}

export const USERINFO_ISSUE_ACTIONS = ["INTERNAL_SERVER_ERROR", "BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "JSON", "JWT"] as const;
export type UserInfoIssueAction = (typeof USERINFO_ISSUE_ACTIONS)[number];

export interface UserInfoIssueResponse extends ApiResult {
  action: UserInfoIssueAction;
  responseContent?: string;
}

// --- /auth/revocation, /pushed_auth_req --------------------------------------------------------------------

export interface RevocationRequest {
  parameters: string;
  clientId?: string;
  clientSecret?: string;
}

export const REVOCATION_ACTIONS = ["INTERNAL_SERVER_ERROR", "INVALID_CLIENT", "BAD_REQUEST", "OK"] as const;
export type RevocationAction = (typeof REVOCATION_ACTIONS)[number];

export interface RevocationResponse extends ApiResult {
  action: RevocationAction;
  responseContent?: string;
}

export interface PushedAuthReqRequest {
  parameters: string;
  clientId?: string;
  clientSecret?: string;
  dpop?: string;
  htm?: string;
  htu?: string;
}

export const PUSHED_AUTH_REQ_ACTIONS = ["CREATED", "BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "PAYLOAD_TOO_LARGE", "INTERNAL_SERVER_ERROR"] as const;
export type PushedAuthReqAction = (typeof PUSHED_AUTH_REQ_ACTIONS)[number];

export interface PushedAuthReqResponse extends ApiResult {
  action: PushedAuthReqAction;
  responseContent?: string;
  dpopNonce?: string;
}

// --- /auth/introspection/standard, /auth/token/revoke ----------------------------------------------------------

/** RFC 7662 introspection of a token we hold (the refresh-token grant asks whose refresh token it is). */
export interface StandardIntrospectionRequest {
  /** The form body of an introspection request: `token`, `token_type_hint`. */
  parameters: string;
}

export const STANDARD_INTROSPECTION_ACTIONS = ["INTERNAL_SERVER_ERROR", "BAD_REQUEST", "OK", "JWT"] as const;
export type StandardIntrospectionAction = (typeof STANDARD_INTROSPECTION_ACTIONS)[number];

export interface StandardIntrospectionResponse extends ApiResult {
  action: StandardIntrospectionAction;
  /** The RFC 7662 §2.2 JSON: `active`, and `sub`, `client_id`, … when active. */
  responseContent?: string;
}

/** Every identifier given must match; `subject` alone ends all of a user's tokens. */
export interface TokenRevokeRequest {
  accessTokenIdentifier?: string;
  refreshTokenIdentifier?: string;
  clientIdentifier?: string;
  subject?: string;
}

/** A management API: no action, just the result and how many tokens were revoked. */
export interface TokenRevokeResponse extends ApiResult {
  count?: number;
}
