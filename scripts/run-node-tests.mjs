#!/usr/bin/env node
// Runs every *.test.ts under lib/, local/ and scripts/ with Node's built-in test runner (through tsx).
// Node 20's `node --test` does not discover .ts files by itself, so the list is built here.
// Optional arguments narrow the run to paths that contain one of them: `npm run test:unit -- lib/authlete`.
//
// A run must fail loudly, never hang: every test has a timeout (`--test-timeout`), every test file stops what it
// started in `after` hooks that run on failure too (local/test-children.ts for child processes), and the whole run
// is killed with a clear message after NODE_TEST_RUN_TIMEOUT_S seconds (default 600). Not `--test-force-exit`:
// with --test-concurrency it can drop a file's last results while still reporting success (nodejs/node#64833).
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

// `--security` runs the security suite (security/, against the production build) instead of the unit tests.
const security = process.argv.includes("--security");
const roots = security ? ["security"] : ["lib", "local", "scripts"];
const skip = new Set(["node_modules", ".next", ".local"]);

function walk(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    if (skip.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".test.ts")) out.push(relative(".", p));
  }
  return out;
}

const filters = process.argv.slice(2).filter((a) => a !== "--security");
const files = roots
  .flatMap((r) => walk(r, []))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error(`no test files found${filters.length ? ` matching ${filters.join(", ")}` : ""}`);
  process.exit(1);
}

const perTestMs = Number(process.env.NODE_TEST_TIMEOUT_MS ?? 120_000);
const runSeconds = Number(process.env.NODE_TEST_RUN_TIMEOUT_S ?? 600);

const child = spawn(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", `--test-timeout=${perTestMs}`, ...files],
  { stdio: "inherit", detached: true },
);

// The runner and its per-file processes share one process group, so the watchdog can stop all of them.
const watchdog = setTimeout(() => {
  console.error(`\nnode tests: the run exceeded ${runSeconds} s and was stopped (NODE_TEST_RUN_TIMEOUT_S). Failing.`);
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
  process.exit(1);
}, runSeconds * 1000);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  });
}

child.on("exit", (code, signal) => {
  clearTimeout(watchdog);
  process.exit(signal ? 1 : (code ?? 1));
});
