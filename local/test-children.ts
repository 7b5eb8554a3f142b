// Test helper: child processes that cannot outlive their test file. Every child spawned through `spawnTracked` or
// `spawnTrackedNode` is stopped in a root-level `after` hook, which node:test runs whether the file's tests passed
// or failed, and killed (SIGKILL) on process exit as a last resort. A test that fails half-way through therefore
// never leaves a stand-in or a server running that would keep the test runner waiting forever.
//
// A child spawned with `group: true` leads a process group of its own, which its own children (next-server under
// `local/stack.ts serve`) share: it is signalled as a whole, the `after` hook stops it gracefully (SIGTERM to the
// group, SIGKILL after a grace period), and what is left of the group when its leader exits is killed. Any other
// child is killed (SIGKILL) by the `after` hook.
import { spawn, type ChildProcessByStdio, type SpawnOptions } from "node:child_process";
import type { Readable } from "node:stream";
import { after } from "node:test";

export type TrackedChild = ChildProcessByStdio<null, Readable, Readable>;

export type TrackedOptions = Omit<SpawnOptions, "stdio" | "detached"> & {
  /** Lead a process group of its own, signalled and stopped as a whole. */
  group?: boolean;
};

/** The live children, and whether each leads a group of its own. */
const live = new Map<TrackedChild, { group: boolean }>();

const running = (child: TrackedChild) => child.exitCode === null && child.signalCode === null;

/** Sends `sig` to the child, or to its whole process group; one already gone is no error. */
function signal(child: TrackedChild, group: boolean, sig: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (group) process.kill(-child.pid, sig);
    else child.kill(sig);
  } catch {
    // already gone
  }
}

/**
 * Stops a tracked child: SIGTERM (to its group, for `group: true`), SIGKILL if it has not exited after `graceMs`;
 * resolves once it has exited. Nothing to do for a child that already has.
 */
export async function stopTracked(child: TrackedChild, graceMs = 10_000): Promise<void> {
  if (!running(child)) return;
  const group = live.get(child)?.group ?? false;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  signal(child, group, "SIGTERM");
  const timer = setTimeout(() => signal(child, group, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

after(async () => {
  await Promise.all(
    [...live].map(([child, { group }]) => {
      if (group) return stopTracked(child);
      signal(child, false, "SIGKILL");
      return undefined;
    }),
  );
});
process.on("exit", () => {
  for (const [child, { group }] of live) if (running(child)) signal(child, group, "SIGKILL");
});

/** Spawns `node …args` with piped output; the child (its whole group, for `group: true`) dies with the test file. */
export function spawnTrackedNode(args: string[], options: TrackedOptions = {}): TrackedChild {
  const { group = false, ...spawnOptions } = options;
  const child = spawn(process.execPath, args, { ...spawnOptions, stdio: ["ignore", "pipe", "pipe"], detached: group }) as TrackedChild;
  live.set(child, { group });
  child.on("exit", () => {
    live.delete(child);
    // The rest of the group (the leader's own children) must not outlive it.
    if (group) signal(child, true, "SIGKILL");
  });
  return child;
}

/** Spawns `node --import tsx <script> …args` with piped output; the child dies with the test file. */
export function spawnTracked(script: string, args: string[], options: TrackedOptions = {}): TrackedChild {
  return spawnTrackedNode(["--import", "tsx", script, ...args], options);
}

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
