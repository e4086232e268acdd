import { EventEmitter } from 'eventemitter3';

/** A map from event name to the one payload object its listeners receive (an interface works). */
export type EventMap<E> = { [K in keyof E]: object };

/** A listener for one event. */
export type Listener<E extends EventMap<E>, K extends keyof E> = (payload: E[K]) => void;

/** Called when a listener throws; the default ignores it so one bad listener never stops delivery. */
export type ListenerErrorHandler = (error: unknown, event: string) => void;

/**
 * A typed event emitter on eventemitter3. Every event passes one payload object, so fields can be added
 * later without breaking listeners. A listener that throws never breaks the SDK's own work: the error goes
 * to `onListenerError` and the other listeners still run.
 *
 * @example
 * ```ts
 * const off = client.events.on('delivered', ({ count }) => console.log(`${count} sales delivered`));
 * off(); // stop listening
 * ```
 */
export class TypedEmitter<E extends EventMap<E>> {
  readonly #emitter = new EventEmitter();
  readonly #onListenerError: ListenerErrorHandler;
  readonly #wrapped = new WeakMap<(...args: never[]) => void, (payload: unknown) => void>();

  constructor(onListenerError: ListenerErrorHandler = () => {}) {
    this.#onListenerError = onListenerError;
  }

  /** Calls `listener` on every `event`; returns a function that stops it. */
  on<K extends keyof E & string>(event: K, listener: Listener<E, K>): () => void {
    this.#emitter.on(event, this.#wrap(event, listener));
    return () => this.off(event, listener);
  }

  /** Calls `listener` on the next `event` only; returns a function that cancels it. */
  once<K extends keyof E & string>(event: K, listener: Listener<E, K>): () => void {
    this.#emitter.once(event, this.#wrap(event, listener));
    return () => this.off(event, listener);
  }

  /** Stops calling `listener` on `event`. */
  off<K extends keyof E & string>(event: K, listener: Listener<E, K>): void {
    const wrapped = this.#wrapped.get(listener as (...args: never[]) => void);
    if (wrapped !== undefined) this.#emitter.off(event, wrapped);
  }

  /** How many listeners `event` has. */
  listenerCount<K extends keyof E & string>(event: K): number {
    return this.#emitter.listenerCount(event);
  }

  /** Removes every listener (of one event, or of all). */
  removeAllListeners<K extends keyof E & string>(event?: K): void {
    if (event === undefined) this.#emitter.removeAllListeners();
    else this.#emitter.removeAllListeners(event);
  }

  /** Delivers `payload` to the listeners of `event`. For the SDK's own use. */
  emit<K extends keyof E & string>(event: K, payload: E[K]): void {
    this.#emitter.emit(event, payload);
  }

  #wrap<K extends keyof E & string>(event: K, listener: Listener<E, K>): (payload: unknown) => void {
    let wrapped = this.#wrapped.get(listener as (...args: never[]) => void);
    if (wrapped === undefined) {
      wrapped = (payload: unknown) => {
        try {
          listener(payload as E[K]);
        } catch (error) {
          this.#onListenerError(error, event);
        }
      };
      this.#wrapped.set(listener as (...args: never[]) => void, wrapped);
    }
    return wrapped;
  }
}
