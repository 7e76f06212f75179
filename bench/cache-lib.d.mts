export declare const SOURCE: string;
export declare const CLI: string;
export declare const REPO: string;
export interface Timed { status: number | null; stdout: string; stderr: string; wall: number; cpu: number; rssMB: number }
export declare function timed(argv: string[], opts?: Record<string, unknown>): Timed;
export declare function median(xs: number[]): number;
export declare function load(): string;
export declare function arg(name: string, fallback: string): string;
