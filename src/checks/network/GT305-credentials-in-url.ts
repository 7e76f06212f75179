import { defineCheck } from '../../engine/define.ts';
import { parseGosumdb } from '../../gomod/gosumdb.ts';
import { effective, goproxyOf, sourcesOf, unredacted, whereOf, redactingContext } from './network-settings.ts';

export default defineCheck({
  id: 'GT305',
  name: 'credentials-in-url',
  family: 'network',
  severity: 'warning',
  summary: 'a GOPROXY (or GOSUMDB) URL carries a user name or password; the secret is always redacted',
  fixable: false,
  run(facts, rawCtx) {
    const ctx = redactingContext(rawCtx);
    const gp = goproxyOf(facts);
    for (const e of gp.entries) {
      if (!e.hasUserinfo) continue;
      ctx.report({
        message: `GOPROXY (set in ${whereOf(facts, 'GOPROXY')}) has credentials in the URL ${e.url}; they end up in shell history, \`go env\` output, CI logs and error messages.`,
        found: e.url,
        expected: `https://${e.host ?? 'proxy.example.com'} with credentials in ~/.netrc or GOAUTH`,
        source: sourcesOf(facts, 'GOPROXY'),
        hint: `Move the credentials out of the URL: put "machine ${e.host ?? '<host>'} login <user> password <token>" in ~/.netrc (chmod 600; the go command reads it by default, GOAUTH=netrc), or use a GOAUTH command (Go 1.24+). Then rotate the token: it has been exposed.`,
        data: { host: e.host, password: e.hasPassword },
      });
    }
    const sdb = parseGosumdb(unredacted(effective(facts, 'GOSUMDB')));
    if (sdb.url && /\[REDACTED\]@|redacted:redacted@/.test(sdb.url + unredacted(effective(facts, 'GOSUMDB')))) {
      ctx.report({
        message: `GOSUMDB (set in ${whereOf(facts, 'GOSUMDB')}) has credentials in its URL.`,
        found: sdb.url.replace('redacted:redacted@', '[REDACTED]@'),
        expected: 'a URL without user or password, credentials in ~/.netrc or GOAUTH',
        source: sourcesOf(facts, 'GOSUMDB'),
        hint: 'Move the credentials to ~/.netrc or a GOAUTH command, and rotate them.',
      });
    }
  },
});
