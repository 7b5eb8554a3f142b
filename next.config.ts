import type { NextConfig } from "next";
import { MAX_FORM_BYTES } from "./lib/http";
import { PAGE_SECURITY_HEADER_LIST } from "./lib/security-headers";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Next 16 writes an AGENTS.md when it detects a coding agent; keep the tree clean.
  agentRules: false,
  // `next dev` logs each request URL. Authorization requests carry `login_hint`, `id_token_hint`, `state` and
  // `nonce` in the query, and the demo client's callback URL an authorization code: none may reach a log line.
  // No next/image here: without this, /_next/image would still be an image-resizing endpoint anyone can call.
  images: { unoptimized: true },
  logging: { incomingRequests: { ignore: [/^\/api\/authorization(?:[/?]|$)/, /^\/demo\/callback/] } },
  experimental: {
    // The login form is a few hundred bytes; proxy.ts refuses larger page POSTs with a 413 page before Next reads
    // them, and Next's own limits are set to the same bound (instead of 1 MB for actions and 10 MB for the copy of
    // the body Next buffers for the proxy).
    serverActions: { bodySizeLimit: MAX_FORM_BYTES },
    proxyClientMaxBodySize: MAX_FORM_BYTES,
  },
  async headers() {
    // The same headers lib/pages/html.ts sets on pages that route handlers render (lib/security-headers.ts).
    return [{ source: "/:path*", headers: PAGE_SECURITY_HEADER_LIST }];
  },
};

export default nextConfig;
