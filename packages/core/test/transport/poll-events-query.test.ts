// A register that polls names its store and itself, so it gets the cashier messages addressed to them
// (protocol §9, GET /v1/events).
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProtocolPort } from '../../src/protocol/protocol-port';

const BASE = 'https://loyalty.test';
const queries: URLSearchParams[] = [];
const server = setupServer(
  http.get(`${BASE}/v1/events`, ({ request }) => {
    queries.push(new URL(request.url).searchParams);
    return HttpResponse.json({ events: [], head: { epoch: 'e1', seq: 4 }, resync: false });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it('sends the store, the register and the page size with the position and the customers', async () => {
  const port = createProtocolPort({ baseUrl: BASE, apiKey: 'll_test_poll_events_01' });
  await port.pollEvents({
    after: { epoch: 'e1', seq: 3 },
    customerIds: ['cus_1', 'cus_2'],
    storeId: 'ams-01',
    registerId: 'reg-1',
    limit: 50,
  });
  expect(Object.fromEntries(queries[0] ?? [])).toEqual({
    after: 'e1:3',
    customerIds: 'cus_1,cus_2',
    storeId: 'ams-01',
    registerId: 'reg-1',
    limit: '50',
  });
});
