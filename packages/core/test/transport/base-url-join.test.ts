// A base URL with an empty query or fragment (`…/api?`, `…/api#`) is refused: every path would be appended
// to the query or dropped with the fragment.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createHttpTransport } from '../../src/transport/http-transport';

const seen: string[] = [];
const server = setupServer(
  http.get('https://loyalty.test/*', ({ request }) => {
    seen.push(request.url);
    return HttpResponse.json({ id: 'prog_1' });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  seen.length = 0;
});
afterAll(() => server.close());

const Program = z.object({ id: z.string() });

describe('base URL joining', () => {
  it('joins paths onto a base URL with a path and trailing slashes', async () => {
    const transport = createHttpTransport({ baseUrl: 'https://loyalty.test/api//', apiKey: 'll_test_base_url_key_01' });
    await transport.request({ method: 'GET', path: '/v1/program', schema: Program, subject: 'program' });
    expect(seen).toEqual(['https://loyalty.test/api/v1/program']);
  });

  it.each([
    'https://loyalty.test/api?',
    'https://loyalty.test/api/?',
    'https://loyalty.test/api#',
    'https://loyalty.test/api/#',
  ])('%s is refused with invalid_url', (baseUrl) => {
    const create = () => createHttpTransport({ baseUrl, apiKey: 'll_test_base_url_key_01', maxRetries: 0 });
    expect(create).toThrow(expect.objectContaining({ code: 'invalid_url' }));
  });
});
