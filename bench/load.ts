// A small keep-alive HTTP/1.1 load generator on raw sockets, for the bench.
//
// Why not autocannon or fetch: the bench runs on a 2-core machine where the load generator, the target and
// the Authlete stand-in share the CPU, so the generator must cost as little per request as possible, and
// the latency targets are sub-millisecond (autocannon's percentiles are whole milliseconds). Here each
// connection sends one pre-serialised request, waits for the whole response (Content-Length or chunked),
// records the time with sub-microsecond resolution and sends the next one: no header objects, no streams,
// no promises per request. One request in flight per connection (no pipelining), like a real client pool.
import { connect, type Socket } from "node:net";

export interface LoadTarget {
  /** http://host:port — the origin the request is sent to. */
  origin: string;
  /** The raw request: method, path, headers (without Host and Content-Length) and body. */
  method: "GET" | "POST";
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** The status a successful answer has; anything else counts as an error. */
  expectStatus?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Seconds the load ran. */
  seconds: number;
  /** Milliseconds, one per completed request (unsorted). */
  latencies: number[];
  /** Status codes other than the expected one, with counts (for diagnosing errors). */
  unexpected: Record<string, number>;
}

function serialiseRequest(t: LoadTarget): Buffer {
  const url = new URL(t.origin);
  const body = t.body === undefined ? undefined : Buffer.from(t.body, "utf8");
  let head = `${t.method} ${t.path} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: keep-alive\r\n`;
  for (const [k, v] of Object.entries(t.headers ?? {})) head += `${k}: ${v}\r\n`;
  if (body) head += `Content-Length: ${body.length}\r\n`;
  head += "\r\n";
  return body ? Buffer.concat([Buffer.from(head, "latin1"), body]) : Buffer.from(head, "latin1");
}

const CRLFCRLF = Buffer.from("\r\n\r\n");

/**
 * Length of the first complete response in `buf`, or -1 if it is not complete yet. Sets `out.status`
 * and `out.close` (the server asked to close the connection).
 */
function responseLength(buf: Buffer, out: { status: number; close: boolean }): number {
  const headEnd = buf.indexOf(CRLFCRLF);
  if (headEnd < 0) return -1;
  const head = buf.toString("latin1", 0, headEnd).toLowerCase();
  out.status = Number(head.slice(9, 12));
  out.close = head.includes("\r\nconnection: close");
  const bodyStart = headEnd + 4;
  // 1xx, 204 and 304 have no body (RFC 9112 §6.3).
  if (out.status === 204 || out.status === 304 || (out.status >= 100 && out.status < 200)) return bodyStart;
  const cl = /\r\ncontent-length:\s*(\d+)/.exec(head);
  if (cl) {
    const end = bodyStart + Number(cl[1]);
    return buf.length >= end ? end : -1;
  }
  if (/\r\ntransfer-encoding:[^\r]*chunked/.test(head)) {
    let pos = bodyStart;
    for (;;) {
      const lineEnd = buf.indexOf("\r\n", pos);
      if (lineEnd < 0) return -1;
      const size = parseInt(buf.toString("latin1", pos, lineEnd), 16);
      if (Number.isNaN(size)) throw new Error("bad chunk size");
      if (size === 0) {
        // No trailers are expected: the last chunk is followed by an empty line.
        const end = lineEnd + 4;
        return buf.length >= end ? end : -1;
      }
      pos = lineEnd + 2 + size + 2;
      if (pos > buf.length) return -1;
    }
  }
  throw new Error("response without Content-Length or chunked encoding (not supported by the bench)");
}

/**
 * Runs `connections` keep-alive connections against the target for `seconds`, or until `limit` requests
 * have been sent (the store mode counts tokens, not seconds).
 */
export function runLoad(t: LoadTarget, connections: number, seconds: number, limit = Number.POSITIVE_INFINITY): Promise<LoadResult> {
  const request = serialiseRequest(t);
  const url = new URL(t.origin);
  const port = Number(url.port || 80);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const expect = t.expectStatus ?? 200;
  const result: LoadResult = { requests: 0, errors: 0, seconds, latencies: [], unexpected: {} };
  const started = performance.now();
  const until = started + seconds * 1000;
  let sent = 0;

  const one = () =>
    new Promise<void>((resolve) => {
      let socket: Socket;
      let buf: Buffer = Buffer.alloc(0);
      let sentAt = 0;
      let inFlight = false;
      const parsed = { status: 0, close: false };
      const open = () => {
        buf = Buffer.alloc(0);
        socket = connect(port, host);
        socket.setNoDelay(true);
        socket.on("connect", send);
        socket.on("data", onData);
        socket.on("error", () => {
          result.errors++;
        });
        socket.on("close", () => {
          if (inFlight) result.errors++; // the server closed the connection on a request
          inFlight = false;
          if (performance.now() < until && sent < limit) setTimeout(open, 10);
          else resolve();
        });
      };
      const send = () => {
        if (performance.now() >= until || sent >= limit) {
          socket.end();
          return;
        }
        sent++;
        inFlight = true;
        sentAt = performance.now();
        socket.write(request);
      };
      const onData = (chunk: Buffer) => {
        buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
        let len: number;
        try {
          len = responseLength(buf, parsed);
        } catch {
          result.errors++;
          socket.destroy();
          return;
        }
        if (len < 0) return;
        inFlight = false;
        result.latencies.push(performance.now() - sentAt);
        result.requests++;
        if (parsed.status !== expect) {
          result.errors++;
          result.unexpected[parsed.status] = (result.unexpected[parsed.status] ?? 0) + 1;
        }
        buf = buf.subarray(len);
        if (parsed.close) socket.end();
        else send();
      };
      open();
    });

  return Promise.all(Array.from({ length: connections }, one)).then(() => {
    result.seconds = (performance.now() - started) / 1000;
    return result;
  });
}

/** Percentile (0–100) of ascending-sorted samples, in their unit; NaN when empty. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
