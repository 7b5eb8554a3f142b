// Test helper: child processes that cannot outlive their test file. Every child spawned through
// `spawnTracked` is killed (SIGKILL) in a root-level `after` hook, which node:test runs whether the file's tests
// passed or failed, and again on process exit as a last resort. A test that fails half-way through therefore
// never leaves a stand-in running that would keep the test runner waiting forever.
import { spawn, type ChildProcessByStdio, type SpawnOptions } from "node:child_process";
import type { Readable } from "node:stream";
import { after } from "node:test";

export type TrackedChild = ChildProcessByStdio<null, Readable, Readable>;

const live = new Set<TrackedChild>();

function killAll(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
  live.clear();
}

after(killAll);
process.on("exit", killAll);

/** Spawns `node --import tsx <script> …args` with piped output; the child dies with the test file. */
export function spawnTracked(script: string, args: string[], options: Omit<SpawnOptions, "stdio"> = {}): TrackedChild {
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], { ...options, stdio: ["ignore", "pipe", "pipe"] }) as TrackedChild;
  live.add(child);
  child.on("exit", () => live.delete(child));
  return child;
}

/** Collects a child's stdout and stderr and resolves with its exit status. */
/**
 * Collects a child's stdout and stderr and resolves `exited` with its exit status; `drained` also waits until both
 * streams have ended, i.e. everything the child wrote has been read ('exit' can come first).
 */
export function collect(child: TrackedChild): {
  output: () => string;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  drained: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const ended = (s: Readable) => new Promise<void>((resolve) => (s.readableEnded ? resolve() : s.on("end", resolve).on("error", () => resolve())));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  const drained = Promise.all([exited, ended(child.stdout), ended(child.stderr)]).then(([status]) => status);
  return { output: () => out + err, stdout: () => out, stderr: () => err, exited, drained };
}
