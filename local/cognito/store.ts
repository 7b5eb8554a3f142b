// State in the data folder: `state.json` (users with scrypt password hashes, challenge sessions and
// refresh tokens keyed by their SHA-256, lockout counters, the local outbox). Pools and app clients are
// configuration and always come from seed.ts. Every write goes to a temporary file that is flushed and
// renamed over the old one, so a crash never leaves a half-written file; concurrent saves coalesce.

import { createHash, randomBytes } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { resourceNotFound } from "./errors";
import type { ClientConfig, PoolConfig, State, UserRecord } from "./model";
import { hashPassword } from "./passwords";
import { SEED_CLIENTS, SEED_POOLS, SEED_USERS } from "./seed";

const STATE_FILE = "state.json";
const KEEP_AFTER_EXPIRY_MS = 24 * 60 * 60 * 1000;

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("base64url");
}

/** Writes `data` to `path` atomically (temporary file, fsync, rename), readable by the owner only. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  const fh = await open(tmp, "w", 0o600);
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

export class Store {
  readonly pools = new Map<string, PoolConfig>(SEED_POOLS.map((p) => [p.id, p]));
  readonly clients = new Map<string, ClientConfig>(SEED_CLIENTS.map((c) => [c.clientId, c]));
  private dirty = false;
  private running: Promise<void> | null = null;

  private constructor(
    private readonly file: string,
    readonly state: State,
  ) {}

  /** Loads the data folder's state, or seeds a new one. */
  static async open(dataDir: string, now: number): Promise<Store> {
    const file = join(dataDir, STATE_FILE);
    let text: string | undefined;
    try {
      text = await readFile(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    if (text !== undefined) {
      let state: State;
      try {
        state = JSON.parse(text) as State;
      } catch {
        throw new Error(`${file} is not valid JSON; start with --reset to rebuild it from the seed`);
      }
      if (state?.version !== 1) throw new Error(`${file} has an unknown format; start with --reset`);
      const store = new Store(file, state);
      for (const p of store.pools.keys()) state.users[p] ??= {};
      if (await addNewSeedUsers(state, now)) await store.save();
      return store;
    }
    const store = new Store(file, await seedState(now));
    await store.save();
    return store;
  }

  pool(poolId: string): PoolConfig {
    const pool = this.pools.get(poolId);
    if (!pool) throw resourceNotFound(`User pool ${poolId} does not exist.`);
    return pool;
  }

  /** The app client of `pool`; a client of another pool does not exist as far as this pool is concerned. */
  client(pool: PoolConfig, clientId: string): ClientConfig {
    const client = this.clients.get(clientId);
    if (!client || client.userPoolId !== pool.id) throw resourceNotFound(`User pool client ${clientId} does not exist.`);
    return client;
  }

  /** An app client by its id alone (the public operations name no pool), or ResourceNotFoundException. */
  clientById(clientId: string): { pool: PoolConfig; client: ClientConfig } {
    const client = this.clients.get(clientId);
    const pool = client && this.pools.get(client.userPoolId);
    if (!client || !pool) throw resourceNotFound(`User pool client ${clientId} does not exist.`);
    return { pool, client };
  }

  /** The pool's users, keyed by `sub` (a UUID: never a special property name like "__proto__"). */
  users(poolId: string): Record<string, UserRecord> {
    return (this.state.users[poolId] ??= {});
  }

  /** Exact match on the immutable username (what sessions and refresh tokens remember). */
  userByUsername(poolId: string, username: string): UserRecord | undefined {
    return Object.values(this.users(poolId)).find((u) => u.username === username);
  }

  /**
   * Finds a user the way Cognito resolves a `Username`/`USERNAME` argument: the username itself, then
   * (email/phone-as-username pools) the e-mail address or phone number, then the `sub`. Case follows
   * the pool's UsernameConfiguration.CaseSensitive; the stored value keeps the case it was created with.
   */
  findUser(pool: PoolConfig, login: string): UserRecord | undefined {
    const users = Object.values(this.users(pool.id));
    const fold = (s: string | undefined) => (s === undefined ? undefined : pool.caseSensitive ? s : s.toLowerCase());
    const key = fold(login);
    const byName = users.find((u) => fold(u.username) === key);
    if (byName) return byName;
    if (pool.usernameAttributes.includes("email")) {
      const byEmail = users.find((u) => u.attributes.email !== undefined && fold(u.attributes.email) === key);
      if (byEmail) return byEmail;
    }
    if (pool.usernameAttributes.includes("phone_number")) {
      const byPhone = users.find((u) => u.attributes.phone_number === login);
      if (byPhone) return byPhone;
    }
    const lower = login.toLowerCase();
    return users.find((u) => u.attributes.sub?.toLowerCase() === lower);
  }

  /** Drops sessions and refresh tokens that expired more than a day ago. */
  prune(now: number): void {
    for (const [k, s] of Object.entries(this.state.sessions))
      if (s.expiresAt + KEEP_AFTER_EXPIRY_MS < now) delete this.state.sessions[k];
    for (const [k, r] of Object.entries(this.state.refreshTokens))
      if (r.expiresAt + KEEP_AFTER_EXPIRY_MS < now) delete this.state.refreshTokens[k];
  }

  /** Persists the current state; resolves once a write that started after this call has finished. */
  save(): Promise<void> {
    this.dirty = true;
    this.running ??= this.writeLoop();
    return this.running;
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await writeFileAtomic(this.file, JSON.stringify(this.state));
      }
    } finally {
      this.running = null;
    }
  }

  async flush(): Promise<void> {
    while (this.running) await this.running;
  }
}

// Seeding hashes eleven passwords; a process that seeds several folders (the tests) hashes each seed
// password once, with its own salt, and reuses the record. These are public demo passwords.
const seedHashes = new Map<string, Promise<string>>();
function seedHash(poolId: string, username: string, password: string): Promise<string> {
  const key = `${poolId}/${username}/${password}`;
  let hash = seedHashes.get(key);
  if (!hash) {
    hash = hashPassword(password);
    seedHashes.set(key, hash);
  }
  return hash;
}

const seedKey = (u: { userPoolId: string; sub: string }) => `${u.userPoolId}/${u.sub}`;

async function seedUser(u: (typeof SEED_USERS)[number], now: number): Promise<UserRecord> {
  return {
    username: u.username,
    attributes: { ...u.attributes },
    enabled: u.enabled,
    status: u.status,
    passwordHash: await seedHash(u.userPoolId, u.username, u.password),
    passwordSetAt: now,
    createdAt: now,
    modifiedAt: now,
    mfa: {
      enabled: [...(u.mfa?.enabled ?? [])],
      ...(u.mfa?.preferred ? { preferred: u.mfa.preferred } : {}),
      ...(u.mfa?.totpSecret ? { totpSecret: u.mfa.totpSecret } : {}),
    },
  };
}

async function seedState(now: number): Promise<State> {
  const state: State = { version: 1, users: {}, sessions: {}, refreshTokens: {}, outbox: {}, seeded: [] };
  for (const p of SEED_POOLS) state.users[p.id] = {};
  await addNewSeedUsers(state, now);
  return state;
}

/**
 * Adds the seed users this folder has never been given (a pool or user added to seed.ts after the folder was
 * created), leaving alone every user it has — changed or deleted on purpose. A folder from before this
 * bookkeeping counts its present users as given. Returns whether anything was added.
 */
async function addNewSeedUsers(state: State, now: number): Promise<boolean> {
  state.seeded ??= Object.entries(state.users).flatMap(([poolId, users]) => Object.keys(users).map((sub) => `${poolId}/${sub}`));
  const given = new Set(state.seeded);
  const missing = SEED_USERS.filter((u) => !given.has(seedKey(u)));
  if (missing.length === 0) return false;
  const records = await Promise.all(missing.map(async (u) => [u, await seedUser(u, now)] as const));
  for (const [u, user] of records) {
    (state.users[u.userPoolId] ??= {})[u.sub] = user;
    state.seeded.push(seedKey(u));
  }
  return true;
}
