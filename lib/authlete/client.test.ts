// The Authlete client against a scripted HTTP server: paths, credentials per API generation, and every way
// the upstream can fail (status, garbage, unknown action, silence, refusal).
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { AuthleteApiError, createAuthleteClient } from "./client";

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let handler: Handler = (_req, _body, res) => res.end();
const seen: { method?: string; url?: string; auth?: string; type?: string; body: string }[] = [];
const server = createServer((req, res) => {
  let body = "";
  req.on("data", (c: Buffer) => (body += c));
  req.on("end", () => {
    seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, type: req.headers["content-type"], body });
    handler(req, body, res);
  });
});
let base = "";

before(async () => {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const reply = (status: number, body: string, headers: Record<string, string> = { "content-type": "application/json" }): Handler =>
  (_req, _body, res) => {
    res.writeHead(status, headers);
    res.end(body);
  };

// A generous timeout for calls that should succeed (a loaded CI machine can take >500 ms on a cold call); the
// timeout test passes its own short one.
const v3 = (timeoutMs = 10_000) => createAuthleteClient({ baseUrl: base, apiVersion: "V3", serviceId: "1000", accessToken: "tok", timeoutMs });

async function rejectsWith(p: Promise<unknown>, check: (e: AuthleteApiError) => void) {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof AuthleteApiError, String(e));
    check(e);
    return true;
  });
}

describe("createAuthleteClient", () => {
  it("V3: /api/{serviceId}/… with the Bearer service access token and a JSON body", async () => {
    handler = reply(200, '{"action":"OK","responseContent":"{}","resultCode":"A050001"}');
    seen.length = 0;
    const r = await v3().token({ parameters: "grant_type=x", clientId: "c", clientSecret: "s" });
    assert.equal(r.action, "OK");
    assert.equal(seen[0]?.method, "POST");
    assert.equal(seen[0]?.url, "/api/1000/auth/token");
    assert.equal(seen[0]?.auth, "Bearer tok");
    assert.equal(seen[0]?.type, "application/json");
    assert.deepEqual(JSON.parse(seen[0]?.body ?? ""), { parameters: "grant_type=x", clientId: "c", clientSecret: "s" });
  });

  it("V2: /api/… with HTTP Basic API key and secret", async () => {
    handler = reply(200, '{"action":"INTERACTION","ticket":"t"}');
    seen.length = 0;
    const client = createAuthleteClient({ baseUrl: base, apiVersion: "V2", serviceId: "1000", apiSecret: "sec", timeoutMs: 10_000 });
    await client.authorization({ parameters: "a=b" });
    assert.equal(seen[0]?.url, "/api/auth/authorization");
    assert.equal(seen[0]?.auth, `Basic ${Buffer.from("1000:sec").toString("base64")}`);
  });

  it("non-2xx → AuthleteApiError with the status and resultCode", async () => {
    handler = reply(401, '{"resultCode":"A001202","resultMessage":"[A001202] Authorization header is missing."}');
    await rejectsWith(v3().token({ parameters: "" }), (e) => {
      assert.equal(e.kind, "status");
      assert.equal(e.status, 401);
      assert.equal(e.resultCode, "A001202");
      assert.equal(e.unavailable, false);
    });
    handler = reply(503, "<html>maintenance</html>", { "content-type": "text/html" });
    await rejectsWith(v3().token({ parameters: "" }), (e) => {
      assert.equal(e.status, 503);
      assert.equal(e.unavailable, true);
    });
    handler = reply(429, "{}");
    await rejectsWith(v3().token({ parameters: "" }), (e) => assert.equal(e.unavailable, true));
  });

  it("garbage, a missing or unknown action → invalid_response", async () => {
    for (const body of ["not json", "[]", '{"resultCode":"A1"}', '{"action":"TELEPORT"}', '{"action":"OK","responseContent":{"x":1}}']) {
      handler = reply(200, body);
      await rejectsWith(v3().token({ parameters: "" }), (e) => assert.equal(e.kind, "invalid_response", body));
    }
  });

  it("gives up after the timeout", async () => {
    handler = () => {}; // never answers
    const started = Date.now();
    await rejectsWith(v3(500).userinfo({ token: "t" }), (e) => {
      assert.equal(e.kind, "timeout");
      assert.equal(e.unavailable, true);
    });
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 450 && elapsed < 8000, `elapsed ${elapsed} ms`);
  });

  it("reports a refused connection as a network failure", async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const client = createAuthleteClient({ baseUrl: `http://127.0.0.1:${port}`, apiVersion: "V3", serviceId: "1", accessToken: "t", timeoutMs: 500 });
    await rejectsWith(client.token({ parameters: "" }), (e) => assert.equal(e.kind, "network"));
  });

  it("keeps connections alive and bounds the pool", async () => {
    const sockets = new Set<unknown>();
    let inFlight = 0;
    let most = 0;
    handler = (req, _body, res) => {
      sockets.add(req.socket);
      most = Math.max(most, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"action":"OK","responseContent":"{}"}');
      }, 5);
    };
    const client = createAuthleteClient({ baseUrl: base, apiVersion: "V3", serviceId: "1000", accessToken: "tok", timeoutMs: 2000, maxSockets: 2 });
    for (let i = 0; i < 3; i++) await client.token({ parameters: "" });
    assert.equal(sockets.size, 1, "sequential calls share one connection");
    sockets.clear();
    await Promise.all(Array.from({ length: 10 }, () => client.token({ parameters: "" })));
    assert.ok(sockets.size <= 2 && most <= 2, `${sockets.size} connections, ${most} calls at once`);
  });

  it("a connection that closes mid-answer is a network failure", async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "100" });
      res.write('{"action":');
      setTimeout(() => res.socket?.destroy(), 5);
    };
    await rejectsWith(v3().token({ parameters: "" }), (e) => {
      assert.equal(e.kind, "network");
      assert.equal(e.unavailable, true);
    });
  });

  it("an injected fetch is used instead of node:http", async () => {
    const calls: string[] = [];
    const fake = (async (url: string | URL | Request) => {
      calls.push(String(url));
      return new Response('{"action":"OK","responseContent":"{}"}', { status: 200 });
    }) as typeof fetch;
    const client = createAuthleteClient({ baseUrl: "http://authlete.invalid", apiVersion: "V3", serviceId: "1000", accessToken: "tok", timeoutMs: 500, fetch: fake });
    assert.equal((await client.token({ parameters: "" })).action, "OK");
    assert.deepEqual(calls, ["http://authlete.invalid/api/1000/auth/token"]);
  });

  it("discovery is a raw document; the JWK Set may be 200, 204 or 302", async () => {
    handler = reply(200, '{"issuer":"https://as.example"}');
    seen.length = 0;
    assert.deepEqual(await v3().serviceConfiguration(), { issuer: "https://as.example" });
    assert.equal(seen[0]?.method, "GET");
    assert.equal(seen[0]?.url, "/api/1000/service/configuration");

    handler = reply(200, '{"keys":[]}');
    assert.deepEqual(await v3().serviceJwks(), { status: 200, body: '{"keys":[]}' });
    handler = reply(204, "");
    assert.deepEqual(await v3().serviceJwks(), { status: 204 });
    handler = reply(302, "", { location: "https://keys.example/jwks" });
    assert.deepEqual(await v3().serviceJwks(), { status: 302, location: "https://keys.example/jwks" });
    handler = reply(200, '{"nokeys":1}');
    await rejectsWith(v3().serviceJwks(), (e) => assert.equal(e.kind, "invalid_response"));
  });

  it("/client/get/{clientId}: a GET with the ID or alias in the path; 404 for an unknown client", async () => {
    handler = reply(200, '{"clientId":2000000001,"clientIdAlias":"demo-client","attributes":[{"key":"k","value":"v"}]}');
    seen.length = 0;
    const c = await v3().clientGet("demo client");
    assert.equal(seen[0]?.method, "GET");
    assert.equal(seen[0]?.url, "/api/1000/client/get/demo%20client");
    assert.deepEqual(c.attributes, [{ key: "k", value: "v" }]);
    handler = reply(404, '{"resultCode":"A001101","resultMessage":"not found"}');
    await rejectsWith(v3().clientGet("nobody"), (e) => assert.equal(e.status, 404));
  });
});
