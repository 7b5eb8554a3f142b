// A switchable proxy in front of a stand-in, for outage tests: it passes requests through, or hangs, answers late
// (after `slowMs`), answers garbage, answers 500, or drops the connection, as the test asks; `down()` stops it
// listening (connection refused, as when the service is stopped) and `up()` brings it back on the same port.
import { createServer, type Server } from "node:http";
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

export async function startChaosProxy(target: string): Promise<ChaosProxy> {
  const state: { mode: ChaosMode; slowMs: number } = { mode: "pass", slowMs: 5000 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    const passThrough = async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host" && k !== "content-length") headers[k] = v;
      try {
        const upstream = await fetch(`${target}${req.url}`, {
          method: req.method,
          headers,
          body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
          redirect: "manual",
        });
        const out: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          if (k !== "content-length" && k !== "content-encoding" && k !== "transfer-encoding" && k !== "connection") out[k] = v;
        });
        res.writeHead(upstream.status, out);
        res.end(Buffer.from(await upstream.arrayBuffer()));
      } catch {
        res.writeHead(502);
        res.end();
      }
    };
    req.on("end", async () => {
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
          await new Promise((r) => setTimeout(r, state.slowMs));
          if (!req.socket.destroyed) await passThrough(); // a late but real answer
          return;
        case "pass":
          await passThrough();
          return;
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
