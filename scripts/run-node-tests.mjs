#!/usr/bin/env node
// Runs every *.test.ts under lib/, local/ and scripts/ with Node's built-in test runner (through tsx).
// Node 20's `node --test` does not discover .ts files by itself, so the list is built here.
// Optional arguments narrow the run to paths that contain one of them: `npm run test:unit -- lib/authlete`.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";

const roots = ["lib", "local", "scripts"];
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

const filters = process.argv.slice(2);
const files = roots
  .flatMap((r) => walk(r, []))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

if (files.length === 0) {
  console.error(`no test files found${filters.length ? ` matching ${filters.join(", ")}` : ""}`);
  process.exit(1);
}

const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=2", ...files], {
  stdio: "inherit",
});
child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
