// The time budget of one observed go command: its wall time split into network on the critical
// path (by phase and by host), checksum-database traffic, version-control commands, the recording
// proxy's own relay time, and the go command's local work.
//
// Concurrency: the go command downloads modules in parallel, so request durations overlap and
// their sum can exceed the wall time many times over. The budget therefore walks the timeline:
// every request is cut into its phases (DNS, TCP, proxy CONNECT, TLS, server wait, transfer),
// laid end to end from its start, and each instant of the run is shared equally among the phase
// segments in flight at that instant (two requests in TLS at once: each gets half of that
// instant). So each instant is counted once, the network part is the union of the request
// intervals, and the split by phase, host or category always adds up to it. Local work is the
// time when nothing at all is in flight: the go command's own work that was not hidden behind
// waiting (start-up and module graph loading, extraction, hashing, disk). It is measured as the
// gaps of the timeline, split into the start-up gap, the gaps between network activity and the
// tail after the last response.

export type BudgetPhase = 'dns' | 'tcp' | 'proxyConnect' | 'tls' | 'ttfb' | 'transfer' | 'other';
export type BudgetCategory = 'network' | 'sumdb' | 'vcs' | 'relay';

export interface BudgetRequest {
  kind: 'proxy' | 'sumdb' | 'direct';
  host: string;
  startMs: number;
  endMs: number;
  dns: number;
  tcp: number;
  proxyConnect: number;
  tls: number;
  ttfb: number;
  transfer: number;
  /** Redirect hops before the final response, each with its own phases (earliest first). */
  redirects?: { dns: number; tcp: number; proxyConnect: number; tls: number; ttfb: number; transfer: number }[];
  /** When the go command's request reached the recording proxy and when the answer was written back. */
  receivedMs?: number | null;
  relayedMs?: number | null;
  /** The phase a failed request failed in: its unmeasured rest is spent there (a timeout, say). */
  errorPhase?: BudgetPhase | null;
}

export interface BudgetVcs {
  startMs: number;
  endMs: number;
  /** The program (git, hg, …) and host when known. */
  label: string;
}

export interface BudgetInput {
  wallMs: number;
  requests: BudgetRequest[];
  vcs?: BudgetVcs[];
}

export interface TimeBudget {
  wallMs: number;
  /** Each part in ms; their sum is `explainedMs`. */
  parts: {
    network: number;
    sumdb: number;
    vcs: number;
    relay: number;
    localStartup: number;
    localBetween: number;
    localAfter: number;
  };
  /** Network and checksum-database time by phase (sums to network + sumdb). */
  byPhase: Record<BudgetPhase, number>;
  /** Network and checksum-database time by host (sums to network + sumdb). */
  byHost: Record<string, number>;
  /** Version-control time by program/host. */
  vcsByLabel: Record<string, number>;
  explainedMs: number;
  /** explainedMs / wallMs. */
  coverage: number;
  /** Time covered by recorded activity (network, sumdb, VCS, relay) over the wall time. */
  measuredShare: number;
  concurrency: {
    /** Sum of the individual request and command durations. */
    activitySumMs: number;
    /** Union of their intervals (≤ wall time). */
    activityUnionMs: number;
    maxInFlight: number;
  };
}

interface Segment {
  start: number;
  end: number;
  category: BudgetCategory;
  phase: BudgetPhase | null;
  key: string;
}

const PHASES: readonly Exclude<BudgetPhase, 'other'>[] = ['dns', 'tcp', 'proxyConnect', 'tls', 'ttfb', 'transfer'];

/** Cuts one request into its phase segments, laid end to end from its start. */
function requestSegments(r: BudgetRequest): Segment[] {
  const out: Segment[] = [];
  const category: BudgetCategory = r.kind === 'sumdb' ? 'sumdb' : 'network';
  const span = Math.max(0, r.endMs - r.startMs);
  const hops = [...(r.redirects ?? []), r];
  let measured = 0;
  for (const h of hops) for (const p of PHASES) measured += Math.max(0, h[p]);
  // Rounding can make the phases add up to a hair more than the span; shrink them to fit.
  const scale = measured > span && measured > 0 ? span / measured : 1;
  let t = r.startMs;
  // The phases are timed inside the request itself; what is left of the recorded span is the
  // recording proxy's own work before it (the first request pays for loading the HTTP stack),
  // so it goes to the proxy's relay time rather than to the network. The go command's own gets
  // (kind 'direct', seen only through -x) have no phases: their whole span is 'other'.
  const lead = span - measured * scale;
  if (lead > 0 && r.kind !== 'direct' && measured > 0 && !r.errorPhase) { out.push({ start: t, end: t + lead, category: 'relay', phase: null, key: 'gotune' }); t += lead; }
  for (const h of hops) {
    for (const p of PHASES) {
      const d = Math.max(0, h[p]) * scale;
      if (d > 0) out.push({ start: t, end: t + d, category, phase: p, key: r.host });
      t += d;
    }
  }
  if (r.endMs > t + 1e-9) out.push({ start: t, end: r.endMs, category, phase: r.errorPhase ?? 'other', key: r.host });
  // Time the request spent inside the recording proxy: before it went upstream, and writing the
  // answer back after the upstream response was complete.
  if (r.receivedMs != null && r.receivedMs < r.startMs) out.push({ start: r.receivedMs, end: r.startMs, category: 'relay', phase: null, key: 'gotune' });
  if (r.relayedMs != null && r.relayedMs > r.endMs) out.push({ start: r.endMs, end: r.relayedMs, category: 'relay', phase: null, key: 'gotune' });
  return out;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function buildBudget(input: BudgetInput): TimeBudget {
  const wall = Math.max(0, Number.isFinite(input.wallMs) ? input.wallMs : 0);
  const raw: Segment[] = [];
  let activitySum = 0;
  for (const r of input.requests) {
    if (!(Number.isFinite(r.startMs) && Number.isFinite(r.endMs))) continue;
    activitySum += Math.max(0, r.endMs - r.startMs);
    raw.push(...requestSegments(r));
  }
  for (const v of input.vcs ?? []) {
    if (!(Number.isFinite(v.startMs) && Number.isFinite(v.endMs)) || v.endMs <= v.startMs) continue;
    activitySum += v.endMs - v.startMs;
    raw.push({ start: v.startMs, end: v.endMs, category: 'vcs', phase: null, key: v.label });
  }
  // Only the go command's lifetime counts: clip to [0, wall].
  const segs = raw
    .map((s) => ({ ...s, start: Math.max(0, s.start), end: Math.min(wall, s.end) }))
    .filter((s) => s.end > s.start);

  const parts = { network: 0, sumdb: 0, vcs: 0, relay: 0, localStartup: 0, localBetween: 0, localAfter: 0 };
  const byPhase: Record<BudgetPhase, number> = { dns: 0, tcp: 0, proxyConnect: 0, tls: 0, ttfb: 0, transfer: 0, other: 0 };
  const byHost: Record<string, number> = {};
  const vcsByLabel: Record<string, number> = {};

  const bounds = new Set<number>([0, wall]);
  for (const s of segs) { bounds.add(s.start); bounds.add(s.end); }
  const times = [...bounds].sort((a, b) => a - b);
  // Sweep: starts and ends sorted, an active list updated at each boundary.
  const byStart = [...segs].sort((a, b) => a.start - b.start);
  let next = 0;
  let active: Segment[] = [];
  let union = 0;
  let maxInFlight = 0;
  let firstActivity: number | null = null;
  let lastActivity: number | null = null;
  const gaps: [number, number][] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const a = times[i]!, b = times[i + 1]!;
    active = active.filter((s) => s.end > a);
    while (next < byStart.length && byStart[next]!.start <= a) { if (byStart[next]!.end > a) active.push(byStart[next]!); next++; }
    const dt = b - a;
    if (dt <= 0) continue;
    if (active.length === 0) { gaps.push([a, b]); continue; }
    firstActivity ??= a;
    lastActivity = b;
    union += dt;
    const inFlight = new Set(active.filter((s) => s.category !== 'relay')).size;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const share = dt / active.length;
    for (const s of active) {
      parts[s.category] += share;
      if (s.category === 'network' || s.category === 'sumdb') {
        byPhase[s.phase ?? 'other'] += share;
        byHost[s.key] = (byHost[s.key] ?? 0) + share;
      } else if (s.category === 'vcs') {
        vcsByLabel[s.key] = (vcsByLabel[s.key] ?? 0) + share;
      }
    }
  }
  for (const [a, b] of gaps) {
    const d = b - a;
    if (firstActivity === null || b <= firstActivity) parts.localStartup += d;
    else if (lastActivity !== null && a >= lastActivity) parts.localAfter += d;
    else parts.localBetween += d;
  }
  const explained = parts.network + parts.sumdb + parts.vcs + parts.relay + parts.localStartup + parts.localBetween + parts.localAfter;
  const r = <T extends Record<string, number>>(o: T): T => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, round(v)])) as T;
  return {
    wallMs: round(wall),
    parts: r(parts),
    byPhase: r(byPhase),
    byHost: r(byHost),
    vcsByLabel: r(vcsByLabel),
    explainedMs: round(explained),
    coverage: wall > 0 ? Math.round((explained / wall) * 10000) / 10000 : 1,
    measuredShare: wall > 0 ? Math.round((union / wall) * 10000) / 10000 : 0,
    concurrency: { activitySumMs: round(activitySum), activityUnionMs: round(union), maxInFlight },
  };
}
