export interface TimedRun { ms: number; status: number | null; stderr: string }
export interface BenchCommand { name: string; argv: string[]; opts?: Record<string, unknown>; expectStatus?: number[] }
export function timeCommand(argv: string[], opts?: Record<string, unknown>): TimedRun;
export function median(xs: number[]): number;
export function quantile(xs: number[], q: number): number;
export function alternate(commands: BenchCommand[], runs: number, warmup?: number): number[][];
export function fmt(ms: number): string;
