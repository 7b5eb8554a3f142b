/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // Next 16 writes an AGENTS.md when it detects a coding agent; keep the tree clean.
  agentRules: false,
  // `next dev` logs each request URL. The demo client's callback URL carries an authorization code, which
  // must never reach a log line.
  logging: { incomingRequests: { ignore: [/^\/demo\/callback/] } },
  async headers() {
    return [
      {
        // An authorization server's pages must not be framed (clickjacking on the Authorize button) and must
        // not leak request URLs (codes, state) through Referer.
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "no-referrer" },
          { key: "X-Content-Type-Options", value: "nosniff" },
        ],
      },
    ];
  },
};

export default nextConfig;
