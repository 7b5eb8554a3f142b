// Runs once in the server process at start (Node.js runtime only):
// - every line Next.js or a library prints goes through the log guard (lib/log.ts), so request data quoted in an
//   error message can never forge one of our `level=` lines or smuggle control characters into the log;
// - the configuration is validated, so a misconfigured deployment refuses to start with a readable list of
//   problems instead of failing on the first sign-in.
import { ConfigError, getConfig } from "./lib/config";
import { guardProcessOutput } from "./lib/log";

guardProcessOutput();

try {
  getConfig();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(`\n${e.message}\n\nSee README.md, "Configuration", and .env.example.\n`);
  process.exit(1);
}
