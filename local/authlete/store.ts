// Persistent state of the stand-in: authorization tickets, password-grant tickets, authorization codes,
// access and refresh tokens, PAR request URIs. Kept in memory so that a restart (e.g. `next dev` reloading
// the launcher) does not log everybody out, and persisted off the request path in the data folder:
//
//   state.json              a snapshot: every live record, and the number of the first journal it does NOT hold
//   state.json.<n>.journal  append-only journals, one JSON line per changed record (`["p",table,hash,record]`)
//                           or deleted record (`["d",table,hash]`), replayed in order over the snapshot
//
// - Records are keyed by the SHA-256 of the secret value (ticket, code, token, request URI), so neither file
//   ever holds a usable credential and a lookup cannot leak timing about the secret itself.
// - A change costs a Map update and marks the record dirty. About 25 ms later the dirty records (only those)
//   are serialised and appended to the journal with an asynchronous write, so requests never wait for the
//   disk and the cost of persistence follows the number of changes, not the size of the state. (The old
//   design rewrote the whole state after every burst: 12.5 ms per flush at 5k tokens, 71 ms at 30k.)
// - When the journals outgrow the last snapshot (and at least COMPACT_MIN_BYTES), a compaction writes a new
//   snapshot in the background: a fresh journal takes the new changes, the tables are walked in slices of
//   SLICE_RECORDS between which the event loop serves requests, the file is fsynced and renamed into place
//   (a crash never leaves a half-written snapshot), then the journals it covers are deleted. The snapshot
//   may see changes made while it is written; those are in the fresh journal too, and replaying a put or a
//   delete twice gives the same result, so the state after replay is exact.
// - A crash can tear the last line of a journal: load() skips lines that do not parse, and never appends to
//   a journal it loaded (new changes go to a new one).
// - Expired records (PRUNE_GRACE_MS after expiry) are pruned incrementally: a sweeper visits a bounded
//   number of records per table each second, and compaction and load() skip them.
// - flush() (on close) writes a full snapshot synchronously, so a stopped stand-in leaves one tidy file.
import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  fsync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  write,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
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

/** A fresh temporary name next to `file`: `<file>.<pid>.<random>.tmp` (load() removes strays of this shape). */
function tempPath(file: string): string {
  return `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
}

/** Writes `data` to `file` through a temporary file that is fsynced and renamed over it (crash-safe). */
export function writeFileAtomic(file: string, data: string, mode = 0o600): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = tempPath(file);
  try {
    const fd = openSync(tmp, "w", mode);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
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

/** The tables, in snapshot order; derived from emptyState() so a new table needs no other change here. */
const TABLES = Object.keys(emptyState()).filter((k): k is TableName => k !== "version");

type Tables = { [N in TableName]: Map<string, RecordOf<N>> };
type AnyRecord = RecordOf<TableName>;

/** The snapshot file: the tables of StateFile, plus the first journal number it does not cover. */
type Snapshot = Partial<StateFile> & { journal?: number };

/** Changes are collected this long before one journal write (one write per burst of requests). */
const COALESCE_MS = 25;
/** Journals shorter than this never trigger a compaction (small states compact rarely). */
const COMPACT_MIN_BYTES = 4 * 1024 * 1024;
/** Records serialised per slice of a background compaction (about a millisecond of work). */
const SLICE_RECORDS = 1000;
/** Records the sweeper visits per table and tick, and the tick: 100k records are swept in under a minute. */
const SWEEP_RECORDS = 2000;
const SWEEP_EVERY_MS = 1000;

function isExpired(rec: unknown, limit: number): boolean {
  const at = (rec as { expiresAt?: unknown } | null)?.expiresAt;
  return typeof at === "number" && at < limit;
}

function emptyTables(): Tables {
  const t = {} as Record<TableName, Map<string, AnyRecord>>;
  for (const name of TABLES) t[name] = new Map();
  return t as Tables;
}

/**
 * The snapshot file's text (`{"version":1,"journal":…,"<table>":{"<hash>":<record>,…},…}` and a newline), without
 * the records expired before `limit`, in pieces: a piece after every `slice` records of a table, and the rest
 * last; joined, they are the whole file. A record is read when its piece is built, so a caller that waits
 * between pieces gets the tables as they are then (a Map iterator stays valid across changes: records added
 * later are visited, deleted ones skipped).
 */
function* snapshotPieces(tables: Tables, journal: number, limit: number, slice = Infinity): Generator<string, void, void> {
  let chunk = `{"version":1,"journal":${journal}`;
  for (const name of TABLES) {
    chunk += `,${JSON.stringify(name)}:{`;
    let sep = "";
    let n = 0;
    for (const [h, rec] of tables[name] as Map<string, AnyRecord>) {
      if (isExpired(rec, limit)) continue;
      chunk += `${sep}${JSON.stringify(h)}:${JSON.stringify(rec)}`;
      sep = ",";
      if (++n % slice === 0) {
        yield chunk;
        chunk = "";
      }
    }
    chunk += "}";
  }
  yield `${chunk}}\n`;
}

/** Writes all of `buf` at the end of `fd` (appends), calling back once. */
function writeAll(fd: number, buf: Buffer, done: (e: Error | null) => void): void {
  write(fd, buf, 0, buf.length, null, (e, n) => {
    if (e) done(e);
    else if (n < buf.length) writeAll(fd, buf.subarray(n), done);
    else done(null);
  });
}

function writeAllAsync(fd: number, text: string): Promise<number> {
  const buf = Buffer.from(text, "utf8");
  return new Promise((resolve, reject) => writeAll(fd, buf, (e) => (e ? reject(e) : resolve(buf.length))));
}

interface Segment {
  seq: number;
  fd?: number;
  /** A write is in flight on fd: close it when that write returns, not before. */
  busy: boolean;
  retired: boolean;
}

export class Store {
  private tables: Tables = emptyTables();
  /** Table → hashes changed (put, touched or deleted) since the last journal write. */
  private dirty = new Map<TableName, Set<string>>();
  private dirtyCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private sweepCursors = new Map<TableName, Iterator<[string, AnyRecord]>>();
  private segment: Segment = { seq: 1, busy: false, retired: false };
  private writing = false;
  /** Bytes in the journals the current snapshot does not cover, and the snapshot's size. */
  private journalBytes = 0;
  private snapshotBytes = 0;
  private compaction: { aborted: boolean; changesAtStart: number } | undefined;
  private compactRequested = false;
  /** Counts changes; a snapshot that saw them all makes flush() a no-op. */
  private changes = 0;
  private changesInSnapshot = 0;

  private readonly compactMinBytes: number;
  private readonly sweepEveryMs: number;

  constructor(
    private readonly file: string,
    private readonly now: () => number,
    private readonly onError: (e: unknown) => void,
    /** Tests only: compact and sweep sooner than a running stand-in would. */
    tuning: { compactMinBytes?: number; sweepEveryMs?: number } = {},
  ) {
    this.compactMinBytes = tuning.compactMinBytes ?? COMPACT_MIN_BYTES;
    this.sweepEveryMs = tuning.sweepEveryMs ?? SWEEP_EVERY_MS;
  }

  load(): void {
    this.stopTimers();
    this.tables = emptyTables();
    this.dirty.clear();
    this.dirtyCount = 0;
    this.journalBytes = 0;
    this.snapshotBytes = 0;
    const dir = dirname(this.file);
    const base = basename(this.file);
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      // no data folder yet
    }
    // Temporary files of a snapshot that was interrupted (crash, or close() during a compaction).
    for (const n of names) if (n.startsWith(`${base}.`) && n.endsWith(".tmp")) this.unlink(join(dir, n));

    const limit = this.now() - PRUNE_GRACE_MS;
    let first = 0;
    try {
      const text = readFileSync(this.file, "utf8");
      const parsed = JSON.parse(text) as Snapshot;
      if (parsed && parsed.version === 1) {
        for (const name of TABLES) {
          const t = parsed[name] as Record<string, AnyRecord> | undefined;
          if (!t || typeof t !== "object") continue;
          const map = this.tables[name] as Map<string, AnyRecord>;
          for (const h of Object.keys(t)) if (t[h] && !isExpired(t[h], limit)) map.set(h, t[h] as AnyRecord);
        }
        first = typeof parsed.journal === "number" ? parsed.journal : 0;
        this.snapshotBytes = Buffer.byteLength(text);
      }
    } catch {
      // Missing or unreadable: start from the journals alone (a damaged file must not stop the stand-in).
    }

    let last = first - 1;
    for (const { seq, path } of this.journals(names)) {
      if (seq < first) {
        // Covered by the snapshot (a crash came between its rename and the deletion of these).
        this.unlink(path);
        continue;
      }
      let text: string;
      try {
        text = readFileSync(path, "utf8");
      } catch {
        continue;
      }
      this.journalBytes += Buffer.byteLength(text);
      last = Math.max(last, seq);
      this.replay(text);
    }
    for (const name of TABLES) {
      const map = this.tables[name] as Map<string, AnyRecord>;
      for (const [h, rec] of map) if (isExpired(rec, limit)) map.delete(h);
    }
    // Never append to a journal that was loaded: its last line may be torn.
    this.segment = { seq: Math.max(first, last + 1, 1), busy: false, retired: false };
    this.changes = this.changesInSnapshot = 0;
    if (this.journalBytes > 0) this.changes = 1; // the snapshot does not hold everything yet
    this.startSweeper();
    this.maybeCompact();
  }

  get<N extends TableName>(table: N, secret: string): RecordOf<N> | undefined {
    return this.tables[table].get(hashSecret(secret)) as RecordOf<N> | undefined;
  }

  getByHash<N extends TableName>(table: N, hash: string): RecordOf<N> | undefined {
    return this.tables[table].get(hash) as RecordOf<N> | undefined;
  }

  /** Stores a record under the hash of `secret`; returns that hash. */
  put<N extends TableName>(table: N, secret: string, record: RecordOf<N>): string {
    const h = hashSecret(secret);
    (this.tables[table] as Map<string, RecordOf<N>>).set(h, record);
    this.changed(table, h);
    return h;
  }

  /**
   * Marks a record changed in place (after mutating an object returned by get/getByHash). Name the record
   * (`touch("codes", hash)`): then only it is journaled. Without arguments the store cannot know what
   * changed and schedules a full snapshot instead (correct, but it costs time in proportion to the state).
   * A record mutated in the same synchronous turn as its put() needs no touch: it is serialised later.
   */
  touch(table?: TableName, hash?: string): void {
    if (table !== undefined && hash !== undefined) {
      if (this.tables[table].has(hash)) this.changed(table, hash);
      return;
    }
    this.changes++;
    this.compactRequested = true;
    if (this.compaction) return; // it may have passed the record already: compactRequested runs another
    this.schedule();
  }

  delete(table: TableName, secret: string): void {
    this.deleteByHash(table, hashSecret(secret));
  }

  deleteByHash(table: TableName, hash: string): void {
    if (this.tables[table].delete(hash)) this.changed(table, hash);
  }

  entries<N extends TableName>(table: N): [string, RecordOf<N>][] {
    return [...(this.tables[table] as Map<string, RecordOf<N>>)];
  }

  /**
   * Writes everything now, synchronously, as one snapshot (on close; not for the request path). The store
   * stays usable: later changes go to a new journal.
   */
  flush(): void {
    this.stopTimers();
    if (this.compaction) {
      this.compaction.aborted = true;
      this.compaction = undefined;
    }
    this.compactRequested = false;
    if (this.changes === this.changesInSnapshot && this.dirtyCount === 0) return;
    const next = this.segment.seq + 1;
    const text = [...snapshotPieces(this.tables, next, this.now() - PRUNE_GRACE_MS)].join("");
    writeFileAtomic(this.file, text);
    this.switchSegment(next);
    this.deleteJournalsBelow(next);
    this.dirty.clear();
    this.dirtyCount = 0;
    this.journalBytes = 0;
    this.snapshotBytes = Buffer.byteLength(text);
    this.changesInSnapshot = this.changes;
  }

  /**
   * Resolves once every change so far is on disk (journal written, no compaction running). Tests use it to
   * look at the files a crash would leave behind; a running stand-in never needs it.
   */
  async settled(): Promise<void> {
    for (;;) {
      if (this.timer && !this.writing) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.writeJournal();
      }
      if (this.compactRequested && !this.writing && !this.compaction && !this.timer) this.maybeCompact();
      if (!this.writing && !this.compaction && !this.timer && this.dirtyCount === 0 && !this.compactRequested) return;
      await new Promise((r) => setTimeout(r, 2));
    }
  }

  /** Record counts and file sizes (tests and diagnostics). */
  stats(): { records: Record<TableName, number>; journalBytes: number; snapshotBytes: number } {
    const records = {} as Record<TableName, number>;
    for (const name of TABLES) records[name] = this.tables[name].size;
    return { records, journalBytes: this.journalBytes, snapshotBytes: this.snapshotBytes };
  }

  // --- journal -------------------------------------------------------------------------------------------------

  private changed(table: TableName, hash: string): void {
    this.changes++;
    let set = this.dirty.get(table);
    if (!set) this.dirty.set(table, (set = new Set()));
    if (!set.has(hash)) {
      set.add(hash);
      this.dirtyCount++;
    }
    this.schedule();
    if (!this.sweeper) this.startSweeper();
  }

  private schedule(): void {
    // While a write is in flight, its callback schedules the next one.
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.writeJournal();
    }, COALESCE_MS);
    this.timer.unref();
  }

  /** Serialises the dirty records (their state now) and appends them to the current journal, asynchronously. */
  private writeJournal(): void {
    if (this.writing) return;
    if (this.dirtyCount === 0) {
      this.maybeCompact();
      return;
    }
    const lines: string[] = [];
    for (const [table, hashes] of this.dirty) {
      const map = this.tables[table] as Map<string, AnyRecord>;
      for (const h of hashes) {
        const rec = map.get(h);
        lines.push(rec === undefined ? JSON.stringify(["d", table, h]) : JSON.stringify(["p", table, h, rec]));
      }
    }
    this.dirty.clear();
    this.dirtyCount = 0;
    const buf = Buffer.from(`${lines.join("\n")}\n`, "utf8");
    const seg = this.segment;
    let fd: number;
    try {
      fd = this.openSegment(seg);
    } catch (e) {
      this.onError(e);
      this.compactRequested = true; // the lines are lost from the journal; a snapshot will hold them
      return;
    }
    this.writing = true;
    seg.busy = true;
    writeAll(fd, buf, (e) => {
      this.writing = false;
      seg.busy = false;
      if (seg.retired) this.closeSegment(seg);
      if (e) {
        this.onError(e);
        this.compactRequested = true;
      } else if (seg === this.segment) {
        this.journalBytes += buf.length;
      }
      if (this.dirtyCount > 0) this.schedule();
      else this.maybeCompact();
    });
  }

  private journalPath(seq: number): string {
    return `${this.file}.${seq}.journal`;
  }

  private openSegment(seg: Segment): number {
    if (seg.fd === undefined) {
      mkdirSync(dirname(this.file), { recursive: true });
      seg.fd = openSync(this.journalPath(seg.seq), "a", 0o600);
    }
    return seg.fd;
  }

  private closeSegment(seg: Segment): void {
    if (seg.fd === undefined) return;
    try {
      closeSync(seg.fd);
    } catch {
      /* already closed */
    }
    seg.fd = undefined;
  }

  /** New changes go to journal `seq` from now on. */
  private switchSegment(seq: number): void {
    const old = this.segment;
    old.retired = true;
    if (!old.busy) this.closeSegment(old);
    this.segment = { seq, busy: false, retired: false };
  }

  private journals(names: string[]): { seq: number; path: string }[] {
    const base = basename(this.file);
    const dir = dirname(this.file);
    const out: { seq: number; path: string }[] = [];
    for (const n of names) {
      if (!n.startsWith(`${base}.`) || !n.endsWith(".journal")) continue;
      const seq = Number(n.slice(base.length + 1, -".journal".length));
      if (Number.isSafeInteger(seq) && seq >= 0) out.push({ seq, path: join(dir, n) });
    }
    return out.sort((a, b) => a.seq - b.seq);
  }

  private deleteJournalsBelow(seq: number): void {
    let names: string[] = [];
    try {
      names = readdirSync(dirname(this.file));
    } catch {
      return;
    }
    for (const j of this.journals(names)) if (j.seq < seq) this.unlink(j.path);
  }

  private replay(text: string): void {
    for (const line of text.split("\n")) {
      if (line === "") continue;
      let op: unknown;
      try {
        op = JSON.parse(line);
      } catch {
        continue; // a torn last line (the process died during the write): that change is lost, nothing else
      }
      if (!Array.isArray(op) || typeof op[1] !== "string" || typeof op[2] !== "string") continue;
      const map = (this.tables as Record<string, Map<string, AnyRecord> | undefined>)[op[1]];
      if (!map) continue;
      if (op[0] === "p" && op[3] && typeof op[3] === "object") map.set(op[2], op[3] as AnyRecord);
      else if (op[0] === "d") map.delete(op[2]);
    }
  }

  private unlink(path: string): void {
    try {
      unlinkSync(path);
    } catch {
      /* gone already */
    }
  }

  // --- compaction --------------------------------------------------------------------------------------------

  private maybeCompact(): void {
    if (this.compaction || this.writing) return;
    if (!this.compactRequested && this.journalBytes <= Math.max(this.compactMinBytes, this.snapshotBytes)) return;
    this.compactRequested = false;
    this.compact().catch((e: unknown) => this.onError(e));
  }

  private async compact(): Promise<void> {
    const job = { aborted: false, changesAtStart: this.changes };
    this.compaction = job;
    // Changes from here on go to a fresh journal, which is replayed over the new snapshot.
    const first = this.segment.seq + 1;
    const bytesBefore = this.journalBytes;
    this.switchSegment(first);
    const tmp = tempPath(this.file);
    let fd: number | undefined;
    let renamed = false;
    try {
      fd = openSync(tmp, "w", 0o600);
      let size = 0;
      // Requests are served between the slices: a record they change may or may not be in the file, the
      // fresh journal has the final word.
      for (const piece of snapshotPieces(this.tables, first, this.now() - PRUNE_GRACE_MS, SLICE_RECORDS)) {
        size += await writeAllAsync(fd, piece);
        if (job.aborted) return;
      }
      const synced = fd;
      await new Promise<void>((resolve, reject) => fsync(synced, (e) => (e ? reject(e) : resolve())));
      if (job.aborted) return;
      closeSync(fd);
      fd = undefined;
      renameSync(tmp, this.file);
      renamed = true;
      this.deleteJournalsBelow(first);
      this.snapshotBytes = size;
      this.journalBytes = Math.max(0, this.journalBytes - bytesBefore);
      this.changesInSnapshot = job.changesAtStart;
    } finally {
      if (fd !== undefined) closeSync(fd);
      if (!renamed) this.unlink(tmp);
      if (this.compaction === job) this.compaction = undefined;
      if (!job.aborted && this.compactRequested) this.schedule();
    }
  }

  // --- incremental pruning -----------------------------------------------------------------------------------

  private startSweeper(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), this.sweepEveryMs);
    this.sweeper.unref();
  }

  /** Visits the next SWEEP_RECORDS records of each table and deletes those long expired. */
  private sweep(): void {
    const limit = this.now() - PRUNE_GRACE_MS;
    for (const name of TABLES) {
      const map = this.tables[name] as Map<string, AnyRecord>;
      const cursor = this.sweepCursors.get(name) ?? map.entries();
      let done = false;
      for (let i = 0; i < SWEEP_RECORDS; i++) {
        const next = cursor.next();
        if (next.done) {
          done = true;
          break;
        }
        const [h, rec] = next.value;
        if (isExpired(rec, limit)) {
          map.delete(h);
          this.changed(name, h);
        }
      }
      if (done) this.sweepCursors.delete(name);
      else this.sweepCursors.set(name, cursor);
    }
  }

  private stopTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.sweeper) clearInterval(this.sweeper);
    this.timer = this.sweeper = undefined;
    this.sweepCursors.clear();
  }
}
