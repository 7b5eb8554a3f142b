// Validates the configuration at boot, so a misconfigured deployment refuses to start with a readable list of
// problems instead of failing on the first sign-in.
import { ConfigError, getConfig } from "./lib/config";

try {
  getConfig();
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  console.error(`\n${e.message}\n\nSee README.md, "Configuration", and .env.example.\n`);
  process.exit(1);
}
