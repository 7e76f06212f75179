import { defineCheck } from '../../engine/define.ts';
import { parseGoauth } from '../../gomod/goauth.ts';
import { effective, goMinor, sourcesOf, whereOf, redactingContext } from './network-settings.ts';

export default defineCheck({
  id: 'GT316',
  name: 'credentials-files',
  family: 'network',
  severity: 'warning',
  summary: 'the netrc file is readable by others or owned by someone else; GOAUTH has a value the go command rejects',
  fixable: true,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const n = facts.credentials?.netrc;
    const os = facts.platform.os;
    if (n && n.exists && n.path && os !== 'windows') {
      const src = { kind: 'filesystem' as const, file: n.path, description: `${n.path}${n.located === 'NETRC' ? ' ($NETRC)' : ''}` };
      if (n.mode !== null && (n.mode & 0o077) !== 0) {
        const mode = (n.mode & 0o777).toString(8).padStart(3, '0');
        ctx.report({
          severity: (n.mode & 0o004) !== 0 ? 'error' : 'warning',
          message: `${n.path} (mode ${mode}) is ${(n.mode & 0o004) !== 0 ? 'readable by every user on this machine' : 'accessible to your group'}; it holds ${n.entryCount} login${n.entryCount === 1 ? '' : 's'} the go command (GOAUTH=netrc) and git send to servers.`,
          found: `mode ${mode}`,
          expected: 'mode 600 (owner read/write only)',
          source: src,
          hint: `Restrict it: \`chmod 600 ${n.path}\`, and rotate the tokens in it if others could have read them.`,
          fix: { description: `chmod 600 ${n.path}`, safe: true, commands: [{ argv: ['chmod', '600', n.path], description: `make ${n.path} readable by its owner only` }] },
          data: { mode: n.mode },
        });
      }
      if (facts.user.uid !== null && n.ownerUid !== null && n.ownerUid !== facts.user.uid) {
        ctx.report({
          message: `${n.path} is owned by uid ${n.ownerUid}, not by you (uid ${facts.user.uid}); whoever owns it can change the credentials your go command sends.`,
          found: `owner uid ${n.ownerUid}`,
          expected: `owner uid ${facts.user.uid}`,
          source: src,
          hint: `Take ownership (\`sudo chown $(id -u):$(id -g) ${n.path}\`), e.g. after a copy made with sudo.`,
        });
      }
      if (n.exists && !n.isFile) {
        ctx.report({
          message: `${n.path} exists but is not a regular file; the go command cannot read credentials from it.`,
          found: `${n.path} is not a file`,
          expected: 'a regular file with mode 600',
          source: src,
          hint: n.located === 'NETRC' ? 'Point NETRC at the netrc file itself.' : 'Replace it with a regular file.',
        });
      }
    }
    if (n && n.located === 'NETRC' && !n.exists && n.path) {
      ctx.report({
        severity: 'info',
        message: `NETRC points at ${n.path}, which does not exist; the go command finds no credentials there.`,
        found: `NETRC=${n.path}`,
        expected: 'an existing netrc file, or NETRC unset (~/.netrc)',
        source: { kind: 'env', description: 'process environment (NETRC)' },
        hint: 'Fix the path or unset NETRC.',
      });
    }
    const minor = goMinor(facts);
    const goauth = effective(facts, 'GOAUTH');
    if (goauth && (minor === null || minor >= 24)) {
      const r = parseGoauth(goauth, { windows: os === 'windows' });
      for (const p of r.problems) {
        ctx.report({
          severity: 'error',
          message: `GOAUTH (set in ${whereOf(facts, 'GOAUTH')}) is rejected: authenticated downloads stop with "${p.message}".`,
          found: `GOAUTH=${goauth}`,
          expected: 'a ";"-separated list of netrc, git <absolute dir>, a command, or off alone',
          source: sourcesOf(facts, 'GOAUTH'),
          hint: 'Fix the entry or unset GOAUTH (`go env -u GOAUTH`; the default is netrc).',
        });
      }
    }
  },
});
