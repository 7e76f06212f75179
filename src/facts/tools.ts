import type { ToolBinaryFacts } from './types.ts';

/** gopls, dlv, staticcheck, golangci-lint... in GOBIN or GOPATH/bin, with the Go release they were built with. (Placeholder.) */
export async function gatherTools(_dirs: string[]): Promise<ToolBinaryFacts[]> {
  return [];
}
