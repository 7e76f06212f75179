// Secrets are removed where facts are gathered, so nothing downstream (reports, saved snapshots,
// logs) can leak them: userinfo in URLs, tokens in well-known variables, netrc passwords.

const URL_USERINFO = /\b([a-zA-Z][a-zA-Z0-9+.-]*:\/\/)([^\s/@]*)@/g;
const SECRET_NAME = /(TOKEN|SECRET|PASSWORD|PASSWD|APIKEY|API_KEY|CREDENTIAL|AUTH_KEY)/i;

export const REDACTED = '[REDACTED]';

/** Replaces user:password@ (or token@) in every URL inside the text. */
export function redactUrls(text: string): string {
  return text.replace(URL_USERINFO, (_m, scheme: string) => `${scheme}${REDACTED}@`);
}

/**
 * Proxy settings may name a host without a scheme — the go command adds https:// to a bare
 * GOPROXY entry, and HTTPS_PROXY=user:pw@host:port is accepted too — so userinfo is removed from
 * every `,`/`|`-separated entry, with or without a scheme.
 */
export function redactProxyList(value: string): string {
  return value.split(/([,|])/).map((piece) => {
    const r = redactUrls(piece);
    if (r.includes('://')) return r;
    // As url.Parse reads "https://"+entry: the userinfo ends at the last '@' before the path.
    const slash = r.indexOf('/');
    const at = (slash < 0 ? r : r.slice(0, slash)).lastIndexOf('@');
    const lead = /^\s*/.exec(r)![0];
    if (at <= lead.length) return r; // no '@', or empty userinfo: nothing to hide
    return `${lead}${REDACTED}@${r.slice(at + 1)}`;
  }).join('');
}

/** Redacts the value of a variable by name (tokens) and any URL userinfo inside it. */
export function redactValue(name: string, value: string): string {
  if (SECRET_NAME.test(name) && name !== 'GOAUTH') return value === '' ? '' : REDACTED;
  if (/PROXY$/i.test(name)) return redactProxyList(value);
  return redactUrls(value);
}

/** Redacts `NAME=value` style and netrc `password x` text found in free-form lines. */
export function redactText(text: string): string {
  let out = redactUrls(text);
  out = out.replace(/\b(password|passwd|login-token)(\s+)(\S+)/gi, (_m, k: string, sp: string) => `${k}${sp}${REDACTED}`);
  out = out.replace(/\b([A-Z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_KEY)[A-Z0-9_]*)=("[^"]*"|'[^']*'|\S+)/g, (_m, k: string) => `${k}=${REDACTED}`);
  return out;
}
