import { ConfigurationError } from '../errors/validation-error';

const ipv4Loopback = /^127(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/**
 * Whether `hostname` (as `URL.hostname` gives it) names this machine: `localhost`, `127.0.0.0/8` and `::1`.
 * Plain HTTP to these never leaves the machine. `*.localhost` is left out on purpose: not every resolver
 * maps it to loopback (RFC 6761 only asks them to).
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost') return true;
  if (host === '[::1]' || host === '::1') return true;
  return ipv4Loopback.test(host);
}

/**
 * Checks a platform base URL and returns it without a trailing slash, ready to have paths such as
 * `/v1/program` appended. Throws a {@link ConfigurationError}:
 * - `invalid_url` when it is not an absolute `http:` or `https:` URL, or carries a query, a fragment or
 *   credentials;
 * - `insecure_url` when it is plain `http:` to a host other than loopback and `allowInsecureHttp` is not set,
 *   because the API key and customers' personal data would cross the network in clear text.
 */
export function normalizeBaseUrl(baseUrl: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError('invalid_url', 'baseUrl must be an absolute URL such as https://api.example.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError('invalid_url', `baseUrl must use https: (got ${url.protocol})`);
  }
  // An empty `?` or `#` leaves `search` and `hash` empty but stays in the URL: look at the text as well.
  const afterScheme = baseUrl.slice(baseUrl.indexOf('//') + 2);
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(afterScheme) || url.username !== '' || url.password !== '') {
    throw new ConfigurationError('invalid_url', 'baseUrl must not carry a query, a fragment or credentials');
  }
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError(
      'insecure_url',
      `baseUrl uses plain http: to ${url.hostname}; use https:, or set allowInsecureHttp for a trusted network`,
    );
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
