// A switchable proxy in front of a stand-in, for outage tests: it passes requests through, or hangs, answers late
// (after `slowMs`), answers garbage, answers 500, or drops the connection, as the test asks; `down()` stops it
// listening (connection refused, as when the service is stopped) and `up()` brings it back on the same port.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type ChaosMode = "pass" | "hang" | "slow" | "garbage" | "error" | "drop";

export interface ChaosProxy {
  url: string;
  mode: ChaosMode;
  /** How late "slow" answers (milliseconds). */
  slowMs: number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Forwarded with node:http rather than fetch so the Host header arrives unchanged: the Cognito stand-in verifies
 * SigV4 signatures, and the signature covers the Host the client signed.
 */
function passThrough(target: string, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
  const headers = { ...req.headers, "content-length": String(body.length) };
  delete headers["transfer-encoding"];
  const upstream = request(`${target}${req.url}`, { method: req.method, headers }, (up) => {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && k !== "connection" && k !== "transfer-encoding") out[k] = v;
    res.writeHead(up.statusCode ?? 502, out);
    up.pipe(res);
  });
  upstream.on("error", () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  upstream.end(req.method === "GET" || req.method === "HEAD" ? undefined : body);
}

export async function startChaosProxy(target: string): Promise<ChaosProxy> {
  const state: { mode: ChaosMode; slowMs: number } = { mode: "pass", slowMs: 5000 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      switch (state.mode) {
        case "hang":
          return; // never answer; the client's timeout must fire
        case "garbage":
          res.writeHead(200, { "content-type": "application/json" });
          res.end("<html>this is not JSON</html>");
          return;
        case "error":
          res.writeHead(500, { "content-type": "text/plain" });
          res.end("upstream exploded");
          return;
        case "drop":
          req.socket.destroy();
          return;
        case "slow":
          // A late but real answer, if the client is still there to take it.
          setTimeout(() => {
            if (!req.socket.destroyed) passThrough(target, req, res, Buffer.concat(chunks));
          }, state.slowMs);
          return;
        case "pass":
          passThrough(target, req, res, Buffer.concat(chunks));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((r) => {
      if (!server.listening) return r();
      server.closeAllConnections();
      server.close(() => r());
    });
  return {
    url,
    get mode() {
      return state.mode;
    },
    set mode(m: ChaosMode) {
      state.mode = m;
    },
    get slowMs() {
      return state.slowMs;
    },
    set slowMs(ms: number) {
      state.slowMs = ms;
    },
    down: stop,
    up: () => new Promise<void>((r) => (server.listening ? r() : server.listen(port, "127.0.0.1", () => r()))),
    close: stop,
  };
}
