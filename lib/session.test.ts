// The cookies that are the app's only state, with an injected cookie store and clock (issue 6, item 15): pending
// requests are scoped to their page, bound to their ID, expire, and a form_post page is served once.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fakeCookies } from "./oauth/test-support";
import {
  clearPending,
  getSession,
  LOCALE_COOKIE,
  PENDING_TTL_SECONDS,
  readPending,
  requestLocale,
  saveFormPost,
  savePending,
  saveRequestLocale,
  takeFormPost,
  type PendingAuthorization,
} from "./session";

const ID = "AAAAAAAAAAAAAAAAAAAAAA";
const OTHER = "BBBBBBBBBBBBBBBBBBBBBB";
const T0 = 1_800_000_000_000;
const pending = (id = ID): PendingAuthorization => ({ id, ticket: "t", createdAt: T0, clientId: "1", client: { name: "Demo" }, scopes: [{ name: "openid" }] });

describe("pending authorization requests", () => {
  it("live in an HttpOnly, SameSite=Lax cookie scoped to their page, for 10 minutes", async () => {
    const c = fakeCookies();
    await savePending(pending(), c.store);
    const w = c.written.find((x) => x.name === "as_req");
    assert.equal(w?.options.path, `/authorize/${ID}`);
    assert.equal(w?.options.httpOnly, true);
    assert.equal(w?.options.sameSite, "lax");
    assert.equal(w?.options.maxAge, PENDING_TTL_SECONDS);
    assert.match(w?.value ?? "", /^Fe26\.2\*/, "sealed, not readable");
    assert.equal((await readPending(ID, T0 + 1000, c.store))?.ticket, "t");
    assert.equal(await readPending(ID, T0 + PENDING_TTL_SECONDS * 1000, c.store), undefined, "expired by the clock");
  });

  it("are bound to their ID: a cookie replayed under another request's page reads nothing", async () => {
    const c = fakeCookies();
    await savePending(pending(), c.store);
    assert.equal(await readPending(OTHER, T0, c.store), undefined);
  });

  it("another browser (another cookie jar) has nothing to read; a tampered cookie reads nothing", async () => {
    assert.equal(await readPending(ID, T0, fakeCookies().store), undefined);
    assert.equal(await readPending(ID, T0, fakeCookies({ as_req: "Fe26.2*garbage" }).store), undefined);
  });

  it("clearing drops the cookie; IDs not of our format never reach a Path", async () => {
    const c = fakeCookies();
    await savePending(pending(), c.store);
    await clearPending(ID, c.store);
    assert.equal(await readPending(ID, T0, c.store), undefined);
    await assert.rejects(() => savePending(pending("x; Domain=evil"), c.store));
    await assert.rejects(() => clearPending("x\r\n", c.store));
    await assert.rejects(() => saveRequestLocale("../x", "ja", c.store));
  });
});

describe("form_post hand-off", () => {
  it("is served once", async () => {
    const c = fakeCookies();
    await saveFormPost(ID, "<form>…</form>", c.store);
    assert.equal(c.written.at(-1)?.options.path, `/api/authorization/form/${ID}`);
    assert.equal(await takeFormPost(ID, c.store), "<form>…</form>");
    assert.equal(await takeFormPost(ID, c.store), undefined);
  });
});

describe("login session and page language", () => {
  it("the session cookie round-trips through the store", async () => {
    const c = fakeCookies();
    const s = await getSession(c.store);
    s.consents = [["sub-1", "1", "openid"]];
    await s.save();
    assert.deepEqual((await getSession(c.store)).consents, [["sub-1", "1", "openid"]]);
  });

  it("a request's ui_locales choice wins over Accept-Language; only supported tags are read back", async () => {
    assert.equal(await requestLocale(fakeCookies({ [LOCALE_COOKIE]: "ja" }).store, "en"), "ja");
    assert.equal(await requestLocale(fakeCookies({ [LOCALE_COOKIE]: "<script>" }).store, "ja;q=0.9"), "ja");
    assert.equal(await requestLocale(fakeCookies().store, null), "en");
  });
});
