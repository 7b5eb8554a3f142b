// Summarises the newest V8 CPU profile (.cpuprofile, from `node --cpu-prof`) in a folder: where the app's
// time goes, by self time per frame and per layer (Next's pipeline, React, our code, Node's HTTP, GC), and the
// inclusive time under our own entry points. Used by `npm run bench -- --profile DIR`; can also be run alone:
//   node --import tsx bench/profile.ts DIR
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Which layer a frame belongs to, from its script URL. */
export function layer(f: CallFrame): string {
  const u = f.url;
  if (f.functionName === "(garbage collector)") return "GC";
  if (f.functionName === "(idle)") return "idle";
  if (f.functionName === "(program)") return "V8/native (program)";
  if (u.includes("/node_modules/next/dist/compiled/")) return "Next: bundled deps (react-dom server, etc.)";
  if (u.includes("/node_modules/next/")) return "Next: server pipeline";
  if (u.includes("/node_modules/react")) return "React";
  if (u.includes("/.next/server/")) {
    if (/node_modules_(?:next|%5Bnext%5D)|\[externals\]|turbopack/i.test(u)) return "Next: runtime in the build output";
    if (/node_modules_/i.test(u)) return "libraries bundled in the build (zod, iron-session, …)";
    return "our code (app/, lib/ as built)";
  }
  if (u.startsWith("node:") || (u === "" && f.functionName !== "")) return "Node core (HTTP, streams, fetch, timers)";
  if (u.includes("/node_modules/")) return `other package (${/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u)?.[1] ?? "?"})`;
  return "other";
}

const ENTRY_POINTS = ["handleTokenRequest", "guarded", "clientForm", "readFormBody", "basicCredentials", "tokenActions", "call", "send", "readJson", "write"];

export function summariseProfile(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".cpuprofile"))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  const file = files[0];
  if (!file) {
    console.log(`no .cpuprofile in ${dir}`);
    return;
  }
  const prof = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map<number, ProfileNode>(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const self = new Map<number, number>(); // node → µs
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const idle = [...self].filter(([id]) => byId.get(id)?.callFrame.functionName === "(idle)").reduce((a, [, t]) => a + t, 0);
  const busy = total - idle;

  const frames = new Map<string, number>();
  const layers = new Map<string, number>();
  for (const [id, t] of self) {
    const f = (byId.get(id) as ProfileNode).callFrame;
    if (f.functionName === "(idle)") continue;
    const short = f.url.replace(/^.*\/(node_modules|\.next)\//, "$1/").replace(/^file:\/\//, "");
    const key = `${f.functionName || "(anonymous)"}  ${short}${f.url ? `:${f.lineNumber + 1}` : ""}`;
    frames.set(key, (frames.get(key) ?? 0) + t);
    const l = layer(f);
    layers.set(l, (layers.get(l) ?? 0) + t);
  }

  // Inclusive time under each of our entry points (a sample counts once per named function on its stack).
  const inclusive = new Map<string, number>();
  prof.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const f = (byId.get(n) as ProfileNode).callFrame;
      if (layer(f) === "our code (app/, lib/ as built)" && ENTRY_POINTS.includes(f.functionName) && !seen.has(f.functionName)) {
        seen.add(f.functionName);
        inclusive.set(f.functionName, (inclusive.get(f.functionName) ?? 0) + (prof.timeDeltas[i] ?? 0));
      }
    }
  });

  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;
  const ms = (t: number) => `${(t / 1000).toFixed(0).padStart(7)} ms`;
  console.log(`\nprofile ${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages are of busy time)`);
  console.log("self time by layer:");
  for (const [l, t] of [...layers].sort((a, b) => b[1] - a[1])) console.log(`  ${l.padEnd(52)} ${ms(t)} ${pct(t)}`);
  console.log("top frames by self time:");
  for (const [k, t] of [...frames].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${ms(t)} ${pct(t)}  ${k}`);
  if (inclusive.size) {
    console.log("inclusive time under our functions (everything they call, Node and libraries included):");
    for (const [k, t] of [...inclusive].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(24)} ${ms(t)} ${pct(t)}`);
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) summariseProfile(process.argv[2] ?? ".");
