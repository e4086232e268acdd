import { describe, expect, it } from 'vitest';
import { isConfigurationError } from '../errors/validation-error';
import { isLoopbackHost, normalizeBaseUrl } from './base-url';

describe('isLoopbackHost', () => {
  it.each(['localhost', 'LOCALHOST', '127.0.0.1', '127.255.255.254', '127.1.2.3', '[::1]'])('accepts %s', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    'loyalty.example.com',
    '128.0.0.1',
    '127.0.0.1.nip.io',
    'localhost.example.com',
    'app.localhost',
    '127.0.0.256',
    '[::2]',
    '10.0.0.1',
  ])('refuses %s', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('normalizeBaseUrl', () => {
  it('drops trailing slashes and keeps a base path', () => {
    expect(normalizeBaseUrl('https://loyalty.example.com/', false)).toBe('https://loyalty.example.com');
    expect(normalizeBaseUrl('https://loyalty.example.com/api//', false)).toBe('https://loyalty.example.com/api');
    expect(normalizeBaseUrl('http://127.0.0.1:8080', false)).toBe('http://127.0.0.1:8080');
  });

  it('refuses plain http to a remote host unless allowed', () => {
    let error: unknown;
    try {
      normalizeBaseUrl('http://127.0.0.1.nip.io', false);
    } catch (caught) {
      error = caught;
    }
    expect(isConfigurationError(error) && error.code).toBe('insecure_url');
    expect(normalizeBaseUrl('http://pos-sim.lan', true)).toBe('http://pos-sim.lan');
  });
});
