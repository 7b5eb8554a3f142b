// Summarises the newest V8 CPU profile (.cpuprofile, from `node --cpu-prof`) in a folder: where the app's
// time goes, by self time per frame and per layer (Next's pipeline, React, our code, Node's HTTP, GC), and the
// inclusive time under our own entry points. Used by `npm run bench -- --profile DIR`; can also be run alone:
//   node --import tsx bench/profile.ts DIR
import { readdirSync, readFileSync, statSync } from "node:fs";
import { SourceMap } from "node:module";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
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
}

interface Frame {
  /** Where the code comes from: the original source for the build output (via its source map), else the URL. */
  source: string;
  line: number;
  name: string;
  layer: string;
}

const OURS = "our code (app/, lib/, proxy.ts)";
const NEXT = "Next.js (server pipeline, its compiled deps)";
const REACT = "React";
const UNDICI = "fetch / web streams (undici in Node core)";
const NODE = "Node core (sockets, HTTP, streams, timers, async hooks)";
const OWNERS = new Set([OURS, NEXT, REACT]);

const maps = new Map<string, SourceMap | undefined>();
function sourceMapFor(url: string): SourceMap | undefined {
  if (!maps.has(url)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${fileURLToPath(url)}.map`, "utf8")) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      map = undefined;
    }
    maps.set(url, map);
  }
  return maps.get(url);
}

function classify(path: string, name: string): string {
  if (name === "(garbage collector)") return "GC";
  if (name === "(idle)") return "idle";
  if (name === "(program)") return "V8/native (program)";
  if (/(^|\/)(app|lib)\//.test(path) && !path.includes("node_modules") && !path.includes("/.next/")) return OURS;
  if (/(^|\/)proxy\.ts$/.test(path)) return OURS;
  if (path.includes("node_modules/next/")) return NEXT;
  if (/node_modules\/(react|react-dom|scheduler)\//.test(path)) return REACT;
  if (path.includes("node:internal/deps/undici") || /readablestream|writablestream|webstreams/.test(path)) return UNDICI;
  if (path.startsWith("node:") || path === "") return NODE;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  return pkg ? `library: ${decodeURIComponent(pkg)}` : "other";
}

/** The frame, with build-output locations mapped back to their source (Turbopack writes .map files). */
function resolveFrame(f: CallFrame): Frame {
  let source = f.url;
  let line = f.lineNumber + 1;
  if (f.url.startsWith("file://") && f.url.includes("/.next/")) {
    const entry = sourceMapFor(f.url)?.findEntry(f.lineNumber, f.columnNumber) as { originalSource?: string; originalLine?: number } | undefined;
    if (entry?.originalSource) {
      // Relative to the chunk (../../../lib/x.ts, ../../../node_modules/next/…), or absolute.
      source = entry.originalSource.replace(/^(\.\.\/)+/, "").replace(/^(file:\/\/)?\/.*?\/(node_modules|app|lib)\//, "$2/");
      line = (entry.originalLine ?? 0) + 1;
    }
  } else {
    source = source.replace(/^file:\/\/.*?\/node_modules\//, "node_modules/");
  }
  return { source, line, name: f.functionName || "(anonymous)", layer: classify(source, f.functionName) };
}

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
  const frames = new Map<number, Frame>(prof.nodes.map((n) => [n.id, resolveFrame(n.callFrame)]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  let busy = 0;
  const selfByFrame = new Map<string, number>();
  const selfByLayer = new Map<string, number>();
  const owned = new Map<string, number>();
  const underOurFiles = new Map<string, number>();
  prof.samples.forEach((id, i) => {
    const dt = prof.timeDeltas[i] ?? 0;
    const f = frames.get(id) as Frame;
    if (f.layer === "idle") return;
    busy += dt;
    const key = `${f.name}  ${f.source}${f.source ? `:${f.line}` : ""}`;
    selfByFrame.set(key, (selfByFrame.get(key) ?? 0) + dt);
    selfByLayer.set(f.layer, (selfByLayer.get(f.layer) ?? 0) + dt);
    // Owner: the nearest frame on the stack that is ours, Next's or React's (Node's work on their behalf
    // counts for them). Work with no such frame on its stack is fetch's async machinery or the event loop.
    let owner: string | undefined;
    let sawUndici = false;
    const ourFiles = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
      const g = frames.get(n) as Frame;
      if (!owner && OWNERS.has(g.layer)) owner = g.layer;
      if (g.layer === UNDICI) sawUndici = true;
      if (g.layer === OURS) ourFiles.add(g.source);
    }
    if (["GC", "V8/native (program)"].includes(f.layer)) owner = f.layer;
    owner ??= sawUndici ? UNDICI : NODE;
    owned.set(owner, (owned.get(owner) ?? 0) + dt);
    for (const s of ourFiles) underOurFiles.set(s, (underOurFiles.get(s) ?? 0) + dt);
  });

  const pct = (t: number) => `${((100 * t) / busy).toFixed(1).padStart(5)} %`;
  const ms = (t: number) => `${(t / 1000).toFixed(0).padStart(7)} ms`;
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  console.log(`\nprofile ${file}: ${(busy / 1e6).toFixed(1)} s busy (percentages are of busy time)`);
  console.log("time by owner (a frame's time counts for the nearest of our code / Next / React on its stack):");
  for (const [l, t] of sorted(owned)) console.log(`  ${l.padEnd(58)} ${ms(t)} ${pct(t)}`);
  console.log("self time by layer:");
  for (const [l, t] of sorted(selfByLayer)) console.log(`  ${l.padEnd(58)} ${ms(t)} ${pct(t)}`);
  console.log("inclusive time under our files (everything they call included):");
  for (const [l, t] of sorted(underOurFiles)) console.log(`  ${l.padEnd(58)} ${ms(t)} ${pct(t)}`);
  console.log("top frames by self time:");
  for (const [k, t] of sorted(selfByFrame).slice(0, 25)) console.log(`  ${ms(t)} ${pct(t)}  ${k}`);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(resolve(entry)).href) summariseProfile(process.argv[2] ?? ".");
