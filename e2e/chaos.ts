// A switchable proxy in front of a stand-in, for outage tests: it passes requests through, or hangs,
// answers garbage, answers 500, or drops the connection, as the test asks.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type ChaosMode = "pass" | "hang" | "garbage" | "error" | "drop";

export interface ChaosProxy {
  url: string;
  mode: ChaosMode;
  close(): Promise<void>;
}

export async function startChaosProxy(target: string): Promise<ChaosProxy> {
  const state: { mode: ChaosMode } = { mode: "pass" };
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
        case "pass": {
          // Forwarded with node:http rather than fetch so the Host header arrives unchanged: the Cognito
          // stand-in verifies SigV4 signatures, and the signature covers the Host the client signed.
          const body = Buffer.concat(chunks);
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
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get mode() {
      return state.mode;
    },
    set mode(m: ChaosMode) {
      state.mode = m;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
