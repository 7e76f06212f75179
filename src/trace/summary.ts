import type { ModuleTrace, RequestRecord } from './replay.ts';

export const PHASES = ['dns', 'tcp', 'proxyConnect', 'tls', 'ttfb', 'transfer'] as const;
export type PhaseName = (typeof PHASES)[number];

export interface HostSummary {
  host: string;
  requests: number;
  bytes: number;
  totalMs: number;
  phases: Record<PhaseName, number>;
}

export interface TraceSummary {
  wallMs: number;
  modules: number;
  requests: number;
  bytes: number;
  failedModules: number;
  directModules: number;
  fallthroughs: number;
  /** Sum of each phase over all requests (time spent, not wall time: requests overlap). */
  phases: Record<PhaseName, number>;
  hosts: HostSummary[];
  slowest: { url: string; op: string; status: number | null; totalMs: number; phase: PhaseName }[];
}

const zero = (): Record<PhaseName, number> => ({ dns: 0, tcp: 0, proxyConnect: 0, tls: 0, ttfb: 0, transfer: 0 });
const round = (x: number) => Math.round(x * 1000) / 1000;

export function allRequests(mods: readonly ModuleTrace[]): RequestRecord[] {
  return mods.flatMap((m) => m.requests.flatMap((r) => [...r.redirects.map((h) => ({ ...r, ...h, redirects: [] })), r]));
}

/** The phase a request spent most of its time in. */
export function dominantPhase(r: Pick<RequestRecord, PhaseName>): PhaseName {
  let best: PhaseName = 'ttfb';
  for (const p of PHASES) if (r[p] > r[best]) best = p;
  return best;
}

export function summarize(mods: readonly ModuleTrace[], wallMs: number): TraceSummary {
  const reqs = allRequests(mods);
  const phases = zero();
  const hosts = new Map<string, HostSummary>();
  for (const r of reqs) {
    const h = hosts.get(r.host) ?? { host: r.host, requests: 0, bytes: 0, totalMs: 0, phases: zero() };
    h.requests++;
    h.bytes += r.bytes;
    h.totalMs += r.time_total * 1000;
    for (const p of PHASES) { phases[p] += r[p]; h.phases[p] += r[p]; }
    hosts.set(r.host, h);
  }
  for (const p of PHASES) phases[p] = round(phases[p]);
  return {
    wallMs: round(wallMs),
    modules: mods.length,
    requests: reqs.length,
    bytes: reqs.reduce((a, r) => a + r.bytes, 0),
    failedModules: mods.filter((m) => m.error).length,
    directModules: mods.filter((m) => m.direct).length,
    fallthroughs: reqs.filter((r) => r.outcome === 'fallthrough').length,
    phases,
    hosts: [...hosts.values()].map((h) => ({ ...h, totalMs: round(h.totalMs), phases: Object.fromEntries(PHASES.map((p) => [p, round(h.phases[p])])) as Record<PhaseName, number> })).sort((a, b) => b.totalMs - a.totalMs),
    slowest: [...reqs].sort((a, b) => b.time_total - a.time_total).slice(0, 5).map((r) => ({ url: r.url, op: r.op, status: r.status, totalMs: round(r.time_total * 1000), phase: dominantPhase(r) })),
  };
}
