// Persistent state of the stand-in: authorization tickets, password-grant tickets, authorization codes,
// access and refresh tokens, PAR request URIs. Kept in memory and written to `<dataDir>/state.json` so that
// a restart (e.g. `next dev` reloading the launcher) does not log everybody out.
//
// - Records are keyed by the SHA-256 of the secret value (ticket, code, token, request URI), so the state
//   file never holds a usable credential and a lookup cannot leak timing about the secret itself.
// - Writes are coalesced (one write per burst of requests, ~25 ms later) and atomic (temp file + rename),
//   so requests never wait for the disk and a crash never leaves a half-written file.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync, unlinkSync } from "node:fs";
import { dirname } from "node:path";
import type { GrantType } from "./seed";
import type { GrantedScopesRecord } from "./grants";

export interface Property {
  key: string;
  value: string;
  hidden: boolean;
}

/** What a token (or the code it came from) is about; shared by codes, access and refresh tokens. */
export interface GrantInfo {
  /** Absent for client_credentials. */
  subject?: string;
  clientNumber: number;
  /** The client identifier the client used (alias or numeric ID as a string). */
  clientIdUsed: string;
  aliasUsed: boolean;
  scopes: string[];
  properties: Property[];
  authTime?: number;
  acr?: string;
  /** Claim names the userinfo endpoint should return (scope shortcuts + `claims.userinfo`). */
  claimsAtUserInfo: string[];
  /** Raw JSON of the `userinfo` member of the claims request. */
  userInfoClaims?: string;
  consentedClaims?: string[];
  grantType: GrantType;
  /** Hash of the authorization code the grant came from (RFC 6749 §4.1.2: revoke on code reuse). */
  origin?: string;
  resources?: string[];
  clientAuthMethod?: string;
}

/** Everything /auth/authorization understood from the request; kept on the ticket for /issue and /fail. */
export interface AuthorizationRequestData {
  clientNumber: number;
  clientIdUsed: string;
  aliasUsed: boolean;
  redirectUri: string;
  /** Whether `redirect_uri` was in the request (then it is required at the token endpoint, RFC 6749 §4.1.3). */
  redirectUriSent: boolean;
  responseMode: "query" | "fragment" | "form_post";
  state?: string;
  nonce?: string;
  scopes: string[];
  openid: boolean;
  codeChallenge?: string;
  codeChallengeMethod?: "plain" | "S256";
  /** Claim names requested for the ID token through the `claims` parameter (id_token member). */
  idTokenClaimsRequested: string[];
  /** Claim names requested for userinfo through the `claims` parameter (userinfo member). */
  userInfoClaimsRequested: string[];
  idTokenClaims?: string;
  userInfoClaims?: string;
  acrs?: string[];
  acrEssential: boolean;
  maxAge: number;
  prompts: string[];
  subject?: string;
  loginHint?: string;
  display: string;
  uiLocales?: string[];
  claimsLocales?: string[];
  resources?: string[];
}

export interface TicketRecord {
  expiresAt: number;
  request: AuthorizationRequestData;
  /** Authlete 3.0 ticket context (`context` of /auth/authorization, ticket/info, ticket/update). */
  context?: string;
}

export interface CodeRecord {
  expiresAt: number;
  used: boolean;
  grant: GrantInfo;
  redirectUri?: string;
  codeChallenge?: string;
  codeChallengeMethod?: "plain" | "S256";
  nonce?: string;
  state?: string;
  /** Claim names to embed in the ID token, and the values the AS supplied (already filtered). */
  idTokenClaimNames: string[];
  claimValues?: Record<string, unknown>;
  sessionId?: string;
  sub?: string;
  idTokenAudType?: "array" | "string";
  accessTokenDuration?: number;
  openid: boolean;
}

export interface AccessTokenRecord {
  createdAt: number;
  expiresAt: number;
  grant: GrantInfo;
  refreshHash?: string;
}

export interface RefreshTokenRecord {
  createdAt: number;
  expiresAt: number;
  grant: GrantInfo;
  accessHash?: string;
}

export interface ParRecord {
  expiresAt: number;
  clientNumber: number;
  parameters: string;
}

export interface PasswordTicketRecord {
  expiresAt: number;
  grant: GrantInfo;
}

interface StateFile {
  version: 1;
  tickets: Record<string, TicketRecord>;
  passwordTickets: Record<string, PasswordTicketRecord>;
  codes: Record<string, CodeRecord>;
  accessTokens: Record<string, AccessTokenRecord>;
  refreshTokens: Record<string, RefreshTokenRecord>;
  par: Record<string, ParRecord>;
  grantedScopes: Record<string, GrantedScopesRecord>;
}

type TableName = Exclude<keyof StateFile, "version">;
type RecordOf<N extends TableName> = StateFile[N][string];

/** Records are dropped this long after they expire (long enough to tell "expired" from "unknown"). */
const PRUNE_GRACE_MS = 60 * 60 * 1000;

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("base64url");
}

/** 256 bits of randomness, base64url without padding: 43 characters (the shape of Authlete's codes/tokens). */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

export function writeFileAtomic(file: string, data: string, mode = 0o600): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  writeFileSync(tmp, data, { mode });
  try {
    renameSync(tmp, file);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* ignore */
    }
    throw e;
  }
}

function emptyState(): StateFile {
  return { version: 1, tickets: {}, passwordTickets: {}, codes: {}, accessTokens: {}, refreshTokens: {}, par: {}, grantedScopes: {} };
}

export class Store {
  private state: StateFile = emptyState();
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;

  constructor(
    private readonly file: string,
    private readonly now: () => number,
    private readonly onError: (e: unknown) => void,
  ) {}

  load(): void {
    try {
      const parsed = JSON.parse(readFileSync(this.file, "utf8")) as Partial<StateFile>;
      if (parsed && parsed.version === 1) this.state = { ...emptyState(), ...parsed, version: 1 };
    } catch {
      this.state = emptyState();
    }
    this.prune();
  }

  get<N extends TableName>(table: N, secret: string): RecordOf<N> | undefined {
    return (this.state[table] as Record<string, RecordOf<N>>)[hashSecret(secret)];
  }

  getByHash<N extends TableName>(table: N, hash: string): RecordOf<N> | undefined {
    return (this.state[table] as Record<string, RecordOf<N>>)[hash];
  }

  /** Stores a record under the hash of `secret`; returns that hash. */
  put<N extends TableName>(table: N, secret: string, record: RecordOf<N>): string {
    const h = hashSecret(secret);
    (this.state[table] as Record<string, RecordOf<N>>)[h] = record;
    this.changed();
    return h;
  }

  /** Marks a record changed in place (after mutating an object returned by get). */
  touch(): void {
    this.changed();
  }

  delete(table: TableName, secret: string): void {
    this.deleteByHash(table, hashSecret(secret));
  }

  deleteByHash(table: TableName, hash: string): void {
    const t = this.state[table] as Record<string, unknown>;
    if (hash in t) {
      delete t[hash];
      this.changed();
    }
  }

  entries<N extends TableName>(table: N): [string, RecordOf<N>][] {
    return Object.entries(this.state[table] as Record<string, RecordOf<N>>);
  }

  /** Writes pending changes now (on close). */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (!this.dirty) return;
    this.dirty = false;
    this.prune();
    writeFileAtomic(this.file, JSON.stringify(this.state));
  }

  private changed(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.flush();
      } catch (e) {
        this.onError(e);
      }
    }, 25);
    this.timer.unref();
  }

  private prune(): void {
    const limit = this.now() - PRUNE_GRACE_MS;
    for (const name of Object.keys(this.state) as (keyof StateFile)[]) {
      if (name === "version") continue;
      const t = this.state[name] as Record<string, { expiresAt: number }>;
      for (const [k, v] of Object.entries(t)) if (!v || v.expiresAt < limit) delete t[k];
    }
  }
}
