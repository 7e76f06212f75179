// The go command's own lock on a module version: an exclusive flock(2) on
// cache/download/<E(path)>/@v/<E(version)>.lock (cmd/go/internal/lockedfile, modfetch
// lockVersion). Node cannot call flock, so one small helper process holds the locks for us on
// its own file descriptors. It reads its orders from a pipe, so when gotune dies, even by
// SIGKILL, the pipe closes, the helper exits and the kernel drops every lock it held.
//
// Two helpers take the same flock(2) lock:
//  - perl, whose flock builtin calls flock(2): no process per lock;
//  - bash running util-linux `flock` on a descriptor the shell opened (which locks the shell's
//    open file description): one fork and exec per lock, tens of milliseconds each on a loaded
//    machine, hence perl first.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fstatSync, openSync, closeSync, constants as fsConstants } from 'node:fs';
import { createInterface } from 'node:readline';

// Orders: `L <slot> <wait seconds | n> <path>` answered by ok / busy / err <why>;
// `U <slot>` (no answer: orders are handled in turn, and closing the descriptor unlocks).
const FLOCK_SCRIPT = [
  'set -f',
  'while IFS= read -r cmd; do',
  '  case "$cmd" in',
  '    L\\ *) set -- $cmd; fd=$2; w=$3; f="${cmd#L $2 $3 }"',
  '      if { eval "exec $fd<>\\"\\$f\\""; } 2>/dev/null; then',
  '        if [ "$w" = n ]; then flock -x -n "$fd"; else flock -x -w "$w" "$fd"; fi',
  '        rc=$?; if [ $rc -eq 0 ]; then echo ok; else eval "exec $fd>&-"; echo busy; fi',
  '      else echo "err cannot open"; fi ;;',
  '    U\\ *) set -- $cmd; eval "exec $2>&-" ;;',
  '    *) echo "err unknown" ;;',
  '  esac',
  'done',
].join('\n');

const PERL_SCRIPT = [
  'use strict; use Fcntl qw(:flock O_RDWR O_CREAT O_NOFOLLOW); use Time::HiRes qw(sleep time); $| = 1; my %held;',
  'while (my $line = <STDIN>) { chomp $line; my ($cmd, $slot, $wait, $path) = split / /, $line, 4;',
  '  if ($cmd eq "L") { my $fh;',
  '    if (!sysopen($fh, $path, O_RDWR | O_CREAT | O_NOFOLLOW, 0666)) { print "err $!\\n"; next; }',
  '    my $deadline = $wait eq "n" ? 0 : time + $wait; my $ok = 0;',
  '    while (1) { if (flock($fh, LOCK_EX | LOCK_NB)) { $ok = 1; last; } last if time >= $deadline; sleep 0.02; }',
  '    if ($ok) { $held{$slot} = $fh; print "ok\\n"; } else { close $fh; print "busy\\n"; } }',
  '  elsif ($cmd eq "U") { my $fh = delete $held{$slot}; close $fh if $fh; }',
  '  else { print "err unknown\\n"; } }',
].join('\n');

export type LockBackend = 'perl' | 'flock';

export class LockUnavailableError extends Error {}

export type LockOutcome = 'locked' | 'busy';

/** Descriptors the helper uses: one for a version lock, one for a `list` file lock. */
export type LockSlot = 8 | 9;

export class CacheLocker {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly waiting: ((line: string) => void)[] = [];
  private closed = false;
  private exitError: string | null = null;

  private constructor(proc: ChildProcessWithoutNullStreams, readonly backend: LockBackend) {
    this.proc = proc;
    const rl = createInterface({ input: proc.stdout });
    rl.on('line', (line) => this.waiting.shift()?.(line));
    proc.on('exit', () => {
      this.closed = true;
      for (const w of this.waiting.splice(0)) w('err helper exited');
    });
    proc.on('error', (e) => {
      this.exitError = e.message;
      this.closed = true;
      for (const w of this.waiting.splice(0)) w(`err ${e.message}`);
    });
  }

  /** Starts a helper: perl when installed, else bash with util-linux `flock`. */
  static async start(opts: { backend?: LockBackend } = {}): Promise<CacheLocker> {
    const backends: LockBackend[] = opts.backend ? [opts.backend] : ['perl', 'flock'];
    for (const b of backends) {
      const ok = b === 'perl' ? await runs('perl', ['-MFcntl=:flock', '-MTime::HiRes', '-e', 'exit 0']) : await runs('flock', ['--version']);
      if (!ok) continue;
      const proc = b === 'perl'
        ? spawn('perl', ['-e', PERL_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] })
        : spawn('bash', ['-c', FLOCK_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
      proc.stderr.resume();
      return new CacheLocker(proc, b);
    }
    throw new LockUnavailableError('taking the go command\'s module lock needs perl or the `flock` command (util-linux); install one of them');
  }

  private ask(cmd: string): Promise<string> {
    if (this.closed) return Promise.resolve(`err ${this.exitError ?? 'helper exited'}`);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.proc.stdin.write(cmd + '\n');
    });
  }

  /**
   * Takes the exclusive lock on `path`, creating the file (mode 0666 minus umask, as the go
   * command does) when absent. The file is opened here first with O_NOFOLLOW, so a symbolic
   * link planted in its place is refused rather than followed out of the cache.
   */
  async lock(path: string, opts: { slot?: LockSlot; waitSeconds?: number } = {}): Promise<LockOutcome> {
    if (path.includes('\n')) throw new Error(`lock path contains a newline: ${JSON.stringify(path)}`);
    ensureRegularFile(path);
    const wait = opts.waitSeconds ? String(Math.max(0, opts.waitSeconds)) : 'n';
    const reply = await this.ask(`L ${opts.slot ?? 9} ${wait} ${path}`);
    if (reply === 'ok') return 'locked';
    if (reply === 'busy') return 'busy';
    throw new Error(`cannot lock ${path}: ${reply.replace(/^err /, '')}`);
  }

  async unlock(slot: LockSlot = 9): Promise<void> {
    if (!this.closed) this.proc.stdin.write(`U ${slot}\n`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const exited = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
    this.proc.stdin.end();
    await exited;
  }
}

function runs(cmd: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    const p = spawn(cmd, args, { stdio: 'ignore' });
    p.on('error', () => resolve(false));
    p.on('exit', (code) => resolve(code === 0));
  });
}

function ensureRegularFile(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, fsConstants.O_RDWR | fsConstants.O_CREAT | fsConstants.O_NOFOLLOW | fsConstants.O_NONBLOCK, 0o666);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ELOOP') throw new Error(`${path} is a symbolic link; not locking through it`);
    throw new Error(`cannot open ${path} to lock it: ${err.code ?? err.message}${err.code === 'EROFS' ? ' (read-only file system)' : ''}`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${path} is not a regular file; not locking it`);
  } finally {
    closeSync(fd);
  }
}
