// The fix engine's public surface: preview, apply, undo and the run history.
export { applyEdits, validateEdits, editsOverlap, sha256, EMPTY_SHA256, EditError, type ByteEdit } from './edits.ts';
export { resolveTarget, writeFileAtomic, type ResolvedTarget } from './atomic-write.ts';
export { applyFixes, commandEnv, defaultRunCommand, FixRecordError, type ApplyResult, type CommandRunner, type EngineOptions, type FixOutcome, type FixRequest } from './apply.ts';
export { undoRun, findRun, UndoError, type UndoOptions, type UndoResult } from './undo.ts';
export { stateDirFor, listRuns, readManifest, displayStatus, LockError, MANIFEST_FORMAT, type RunManifest, type RunEntry } from './manifest.ts';
export { collectFixable, selectUnattended, toRequest, parseOnly, type FixableFinding } from './plan.ts';
export { previewFix, type FixPreview } from './preview.ts';
export { unifiedDiff } from './diff.ts';
export { compareAfterFix, type RecheckResult } from './recheck.ts';
