// The public API of gotune's Go module formats library.
export * from './module.ts';
export * from './semver.ts';
export * from './pseudo.ts';
export * from './modfile.ts';
export * from './gosum.ts';
export * from './gowork.ts';
export * from './hash-index.ts';
export * from './settings-index.ts';
