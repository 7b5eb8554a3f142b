/** @type {import('next').NextConfig} */
const nextConfig = {
  // The stand-ins and scripts under local/ are never part of the app bundle.
  poweredByHeader: false,
  // Next 16 writes an AGENTS.md when it detects a coding agent; keep the tree clean.
  agentRules: false,
};

export default nextConfig;
