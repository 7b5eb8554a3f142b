// The Node floor for the bench: a bare `node:http` token endpoint that makes the same Authlete call as the
// app's /api/token (POST /auth/token with the raw form, the Basic credentials and the V3 Bearer token) over a
// keep-alive agent, and answers with Authlete's responseContent. No framework, no logging, no validation
// beyond what the call needs: what "a pass-through in Node" costs at best on this machine. Bench only; the
// app never ships it.
//   node --import tsx bench/bare.ts --port N --authlete URL
import { Agent, createServer, request, type IncomingMessage } from "node:http";
import { parseFlags } from "../local/args";
import { DEMO_AUTHLETE } from "../local/authlete/seed";

const { flags } = parseFlags(process.argv.slice(2), { port: "port", authlete: "string" });
const upstream = new URL(`${flags.authlete ?? "http://127.0.0.1:9001"}/api/${DEMO_AUTHLETE.serviceId}/auth/token`);
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
const bearer = `Bearer ${DEMO_AUTHLETE.serviceAccessToken}`;

// RFC 6749 §5.1/§5.2 statuses for Authlete's /auth/token actions (reference/authlete-api.md).
const STATUS: Record<string, number> = { OK: 200, BAD_REQUEST: 400, INVALID_CLIENT: 401, INTERNAL_SERVER_ERROR: 500 };

function readAll(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    stream.on("error", reject);
  });
}

function basic(header: string | undefined): { clientId?: string; clientSecret?: string } {
  if (!header?.startsWith("Basic ")) return {};
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const i = decoded.indexOf(":");
  return i < 0 ? {} : { clientId: decodeURIComponent(decoded.slice(0, i)), clientSecret: decodeURIComponent(decoded.slice(i + 1)) };
}

function callAuthlete(body: string): Promise<{ action: string; responseContent?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      upstream,
      { method: "POST", agent, headers: { Authorization: bearer, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) } },
      (res) => readAll(res).then((text) => resolve(JSON.parse(text) as { action: string; responseContent?: string }), reject),
    );
    req.on("error", reject);
    req.end(body);
  });
}

const server = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/token") {
    res.writeHead(404).end();
    return;
  }
  readAll(req)
    .then((form) => callAuthlete(JSON.stringify({ parameters: form, ...basic(req.headers.authorization) })))
    .then((r) => {
      const text = r.responseContent ?? "";
      res.writeHead(STATUS[r.action] ?? 400, {
        "Content-Type": "application/json",
        "Content-Length": Buffer.byteLength(text),
        "Cache-Control": "no-store",
        Pragma: "no-cache",
      });
      res.end(text);
    })
    .catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
});
server.keepAliveTimeout = 5000;
server.listen(flags.port ?? 0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`bare listening on ${typeof address === "object" && address ? address.port : ""}`);
});
process.on("SIGTERM", () => process.exit(0));
process.on("disconnect", () => process.exit(0));
