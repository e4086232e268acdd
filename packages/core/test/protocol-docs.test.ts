import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { protocolDocuments } from '../scripts/protocol-docs';

const root = new URL('../../../', import.meta.url);
const documents = protocolDocuments();

describe('generated protocol documents', () => {
  it.each(Object.keys(documents))('%s is up to date with the schemas (run `pnpm protocol:generate`)', (path) => {
    expect(readFileSync(new URL(path, root), 'utf8')).toBe(documents[path]);
  });

  it.each(Object.keys(documents))('%s references only schemas it defines', (path) => {
    const text = documents[path] ?? '';
    const defined = new Set(Object.keys((JSON.parse(text) as { components: { schemas: object } }).components.schemas));
    const referenced = new Set([...text.matchAll(/#\/components\/schemas\/(\w+)/g)].map((match) => match[1]));
    expect([...referenced].filter((name) => name !== undefined && !defined.has(name))).toEqual([]);
  });

  it('documents every endpoint of the protocol doc', () => {
    const openapi = JSON.parse(documents['docs/protocol/openapi.json'] ?? '{}') as { paths: object };
    const prose = readFileSync(new URL('docs/protocol.md', root), 'utf8');
    for (const path of Object.keys(openapi.paths)) {
      expect(prose).toContain(path.replace('{customerId}', '{id}').replace('{holdId}', '{id}'));
    }
    expect(Object.keys(openapi.paths)).toHaveLength(13);
  });
});
