import type { NextConfig } from "next";
import { PAGE_SECURITY_HEADER_LIST } from "./lib/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Next 16 writes an AGENTS.md when it detects a coding agent; keep the tree clean.
  agentRules: false,
  // `next dev` logs each request URL. The demo client's callback URL carries an authorization code, which
  // must never reach a log line.
  logging: { incomingRequests: { ignore: [/^\/demo\/callback/] } },
  async headers() {
    // The same headers lib/pages/html.ts sets on pages that route handlers render (lib/security-headers.ts).
    return [{ source: "/:path*", headers: PAGE_SECURITY_HEADER_LIST }];
  },
};

export default nextConfig;
