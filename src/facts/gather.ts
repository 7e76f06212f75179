import { join } from 'node:path';
import { FACTS_SCHEMA_VERSION, type FactsSnapshot, type GatherError, type GorootGoEnvFacts, type LocationRole } from './types.ts';
import { gatherPlatform, gatherUser } from './platform.ts';
import { gatherPath, gatherGoBinaries, inspectGoroot } from './go-binaries.ts';
import { gatherGoEnv } from './go-env.ts';
import { locateEnvFile, readEnvFile } from './env-file.ts';
import { resolveSettings, isRelevantEnvVar } from './settings.ts';
import { gatherProject } from './project.ts';
import { gatherShellStartup } from './shell-startup.ts';
import { gatherMounts } from './mounts.ts';
import { gatherVersionManagers, gatherGoTrees } from './version-managers.ts';
import { gatherTools } from './tools.ts';
import { gatherModcache, gatherGocache } from './modcache.ts';
import { gatherWithTimeout } from './timeout.ts';
import { redactValue } from './redact.ts';
import { gatherCredentials } from './credentials.ts';
import { gatherNetworkProbe, endpointHosts } from './network-probe.ts';
import { VERSION } from '../version.ts';

export interface GatherOptions {
  /** The environment to diagnose (defaults to process.env). */
  env?: Record<string, string | undefined>;
  projectDir?: string;
  online?: boolean;
  /** Budget for `go env` (a hanging go must not hang doctor). */
  goEnvTimeoutMs?: number;
  /** Budget for each other gatherer. */
  gathererTimeoutMs?: number;
  /** Root for system startup files (tests use a fixture tree). */
  etcDir?: string;
  /** Test a real file lock in the module cache (GT210): always, never, or (default) only where the filesystem type does not settle it. */
  testLocking?: boolean | 'uncertain';
  /** `doctor --measure`: time small-file operations on the filesystems of the Go directories and of a local disk (GT209). */
  measure?: boolean;
}

export async function gatherFacts(opts: GatherOptions = {}): Promise<FactsSnapshot> {
  const env = opts.env ?? process.env;
  const projectDir = opts.projectDir ?? process.cwd();
  const gathererTimeout = opts.gathererTimeoutMs ?? 3000;
  const errors: GatherError[] = [];
  const timings: Record<string, number> = {};
  const t = <T>(name: string, fn: () => Promise<T> | T, fallback: () => T, ms = gathererTimeout) => gatherWithTimeout(name, ms, fn, fallback, errors, timings);

  const platform = gatherPlatform(env);
  const user = gatherUser(platform.os, env);
  const path = await t('path', () => gatherPath(env['PATH'] ?? env['Path'] ?? '', platform.listSeparator, projectDir), () => ({ raw: env['PATH'] ?? '', entries: [], examined: 0, truncated: false }));
  const goBinaries = await t('go-binaries', () => gatherGoBinaries(path, platform.os, { env, cwd: projectDir }), () => []);
  const winner = goBinaries.find((b) => b.executable) ?? null;

  const envFileLoc = locateEnvFile(user.configDir, env);
  const [goEnv, envFile, shellStartup, versionManagers, project] = await Promise.all([
    t('go-env', () => gatherGoEnv(winner?.path ?? null, env, projectDir, opts.goEnvTimeoutMs ?? 5000), () => null, (opts.goEnvTimeoutMs ?? 5000) + 1000),
    t('env-file', () => readEnvFile(envFileLoc.path, envFileLoc.located), () => ({ ...envFileLoc, exists: false, readable: false, size: null, entries: [], ignored: [], binary: false, truncated: false, error: 'not read' })),
    t('shell-startup', () => gatherShellStartup({ home: user.home, os: platform.os, etcDir: opts.etcDir ?? '/etc', env }), () => ({ files: [], assignments: [], goEnvWrites: [], pathAdditions: [] })),
    t('version-managers', () => gatherVersionManagers({ home: user.home, os: platform.os, env, pathEntries: path.entries.map((e) => e.raw), projectDir }), () => []),
    t('project', () => gatherProject(projectDir, env), () => ({ dir: projectDir, goMod: null, goWork: null, error: 'not read' })),
  ]);

  const values = goEnv?.values ?? {};
  const goroot = values['GOROOT'] || env['GOROOT'] || winner?.root || null;
  const gorootGoEnv: GorootGoEnvFacts = goroot
    ? await t('goroot-go.env', () => {
        const f = readEnvFile(join(goroot, 'go.env'), 'none');
        return { path: f.path, exists: f.exists, entries: f.entries, error: f.error };
      }, () => ({ path: join(goroot, 'go.env'), exists: false, entries: [], error: 'not read' }))
    : { path: null, exists: false, entries: [], error: null };

  const keptEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && isRelevantEnvVar(k)) keptEnv[k] = redactValue(k, v);
  if (goEnv?.toolchainForcedLocal && values['GOTOOLCHAIN'] === 'local') {
    // doctor ran `go env` with GOTOOLCHAIN=local so that it never downloads a toolchain; report
    // the value the go command would really use, from the same sources it reads.
    const fromEnv = env['GOTOOLCHAIN'];
    values['GOTOOLCHAIN'] = fromEnv ? fromEnv : envFile.entries.find((e) => e.key === 'GOTOOLCHAIN')?.value ?? gorootGoEnv.entries.find((e) => e.key === 'GOTOOLCHAIN')?.value ?? '';
  }
  const settings = resolveSettings(values, keptEnv, envFile, gorootGoEnv, shellStartup.assignments);
  const credentials = await t('credentials', () => gatherCredentials({ env, home: user.home, os: platform.os, hosts: endpointHosts(values, platform.os) }), () => null);
  const networkProbe = opts.online
    ? await t('network-probe', () => gatherNetworkProbe({ values, env, os: platform.os }), () => ({ results: [], skipped: 'timed out' }), 20_000)
    : null;
  const gorootFacts = await t('goroot', () => inspectGoroot(settings['GOROOT']?.value || goroot), () => null);

  const locs: { role: LocationRole; path: string }[] = [];
  const addLoc = (role: LocationRole, p: string | null | undefined) => { if (p && p !== 'off') locs.push({ role, path: p }); };
  addLoc('GOROOT', goroot);
  for (const gp of (values['GOPATH'] ?? '').split(platform.listSeparator)) addLoc('GOPATH', gp);
  addLoc('GOMODCACHE', values['GOMODCACHE']);
  addLoc('GOCACHE', values['GOCACHE']);
  addLoc('GOBIN', values['GOBIN']);
  addLoc('GOTMPDIR', values['GOTMPDIR']);
  addLoc('project', projectDir);
  const toolDirs = [values['GOBIN'], ...(values['GOPATH'] ?? '').split(platform.listSeparator).filter(Boolean).map((p) => join(p, 'bin'))].filter((x): x is string => !!x);

  const [mounts, tools] = await Promise.all([
    t('mounts', () => gatherMounts({
      os: platform.os, locations: locs, testLocking: opts.testLocking ?? 'uncertain',
      ...(opts.measure ? { measure: { referenceDirs: [env['TMPDIR'] || '/tmp', '/var/tmp', ...(user.home ? [user.home] : [])] } } : {}),
    }), () => ({ available: false, source: null, locations: [] }), opts.measure ? 20_000 : undefined),
    t('tools', () => gatherTools([...new Set(toolDirs)], path.entries.map((e) => e.raw), platform.os), () => []),
  ]);
  const [modcache, gocache] = await Promise.all([
    t('modcache', () => gatherModcache(values['GOMODCACHE'] || null), () => null, 2500),
    t('gocache', () => gatherGocache(values['GOCACHE'] || null), () => null, 1500),
  ]);
  const goTrees = await t('go-trees', () => gatherGoTrees({ home: user.home, os: platform.os, env, pathEntries: path.entries.map((e) => e.raw), projectDir }, versionManagers), () => []);

  return {
    schemaVersion: FACTS_SCHEMA_VERSION,
    tool: { name: 'gotune', version: VERSION },
    gatheredAt: new Date().toISOString(),
    platform,
    user,
    env: keptEnv,
    path,
    goBinaries,
    goEnv,
    settings,
    envFile,
    gorootGoEnv,
    shellStartup,
    mounts,
    versionManagers,
    goTrees,
    project,
    tools,
    modcache,
    gocache,
    goroot: gorootFacts,
    gatherErrors: errors,
    timings,
    online: opts.online ?? false,
    credentials,
    networkProbe,
  };
}
