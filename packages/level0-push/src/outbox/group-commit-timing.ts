/**
 * When the appends queued by concurrent callers are written, together, in one transaction:
 * - `immediate`: at the end of the current macrotask (`setImmediate` in Node, a `MessageChannel` task in
 *   browsers). Callers that reach `append` through a few awaits still join the group.
 * - `microtask`: as soon as the synchronous code that called `append`, and the microtasks queued before the
 *   flush, have run. Lower latency for a lone caller; concurrent callers separated by awaits may split
 *   into several groups.
 */
export type GroupCommitTiming = 'immediate' | 'microtask';
