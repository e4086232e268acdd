import { closeCodes } from '@loyalty-link/core';
import type { LiveConnectionInfo, LiveConnectionRegistry } from './live-context';

interface Registered {
  info: LiveConnectionInfo;
  close: (code: number, reason: string) => void;
}

function copy(info: LiveConnectionInfo): LiveConnectionInfo {
  return { ...info, customerIds: [...info.customerIds], attached: [...info.attached] };
}

/**
 * Creates the platform's {@link LiveConnectionRegistry}: the open live sessions by id. There is one
 * connection per register, so adding a session closes any older session of the same store and register
 * with `4011` (replaced), as protocol section 9 says. Readers get copies, never the registry's own records.
 */
export function createConnectionRegistry(): LiveConnectionRegistry {
  const sessions = new Map<string, Registered>();

  const closeQuietly = (registered: Registered, code: number, reason: string): void => {
    // The session unregisters itself when it closes; deleting first keeps the registry right even if its
    // close callback throws or never calls `remove`.
    sessions.delete(registered.info.sessionId);
    try {
      registered.close(code, reason);
    } catch {
      // A socket that is already gone cannot be closed again; it is forgotten all the same.
    }
  };

  return {
    add(info, close) {
      for (const older of [...sessions.values()]) {
        if (
          older.info.sessionId !== info.sessionId &&
          older.info.storeId === info.storeId &&
          older.info.registerId === info.registerId
        ) {
          closeQuietly(older, closeCodes.replaced, 'replaced by a newer connection of this register');
        }
      }
      sessions.set(info.sessionId, { info: copy(info), close });
    },
    update(sessionId, patch) {
      const registered = sessions.get(sessionId);
      if (registered === undefined) return;
      // The id is the key: a patch may not move a record to another key.
      registered.info = copy({ ...registered.info, ...patch, sessionId });
    },
    remove(sessionId) {
      sessions.delete(sessionId);
    },
    list() {
      return [...sessions.values()].map((registered) => copy(registered.info));
    },
    drop(sessionId, code = closeCodes.goingAway) {
      const targets = sessionId === undefined ? [...sessions.values()] : [sessions.get(sessionId)];
      for (const registered of targets) {
        if (registered !== undefined) closeQuietly(registered, code, 'dropped by the platform');
      }
    },
  };
}
