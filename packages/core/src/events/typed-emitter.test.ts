import { describe, expect, it } from 'vitest';
import { TypedEmitter } from './typed-emitter';

interface Events {
  delivered: { count: number };
  stalled: { reason: string };
}

describe('TypedEmitter', () => {
  it('delivers payloads and unsubscribes', () => {
    const emitter = new TypedEmitter<Events>();
    const seen: number[] = [];
    const off = emitter.on('delivered', ({ count }) => seen.push(count));
    emitter.emit('delivered', { count: 3 });
    off();
    emitter.emit('delivered', { count: 4 });
    expect(seen).toEqual([3]);
    expect(emitter.listenerCount('delivered')).toBe(0);
  });

  it('a throwing listener neither breaks the emitter nor the other listeners', () => {
    const errors: [unknown, string][] = [];
    const emitter = new TypedEmitter<Events>((error, event) => errors.push([error, event]));
    const seen: string[] = [];
    emitter.on('stalled', () => {
      throw new Error('listener bug');
    });
    emitter.on('stalled', ({ reason }) => seen.push(reason));
    expect(() => emitter.emit('stalled', { reason: 'offline' })).not.toThrow();
    expect(seen).toEqual(['offline']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.[1]).toBe('stalled');
  });

  it('once fires a single time', () => {
    const emitter = new TypedEmitter<Events>();
    let calls = 0;
    emitter.once('delivered', () => {
      calls += 1;
    });
    emitter.emit('delivered', { count: 1 });
    emitter.emit('delivered', { count: 1 });
    expect(calls).toBe(1);
  });
});
