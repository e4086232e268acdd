/** The result of an IndexedDB request, as a promise. */
export function requestResult<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new DOMException('Transaction aborted', 'AbortError'));
    transaction.onerror = (event) => {
      // Let the error abort the transaction (the default) and report it once, from onabort.
      event.stopPropagation();
    };
  });
}

/**
 * Runs `work` in one transaction and resolves with its result once the transaction completed: for a
 * `readwrite` one, once the browser reports the data flushed (`durability: 'strict'`, where supported; other
 * browsers ignore the option and flush by default). `work` must await nothing but this transaction's
 * requests, or the transaction commits under it. If `work` throws, the transaction is aborted.
 */
export async function runTransaction<T>(
  db: IDBDatabase,
  stores: readonly string[],
  mode: IDBTransactionMode,
  work: (transaction: IDBTransaction) => Promise<T>,
): Promise<T> {
  const transaction =
    mode === 'readwrite'
      ? db.transaction([...stores], mode, { durability: 'strict' })
      : db.transaction([...stores], mode);
  const done = transactionDone(transaction);
  // Marked handled here: when work fails, the abort rejects `done` before anyone awaits it.
  done.catch(() => undefined);
  let result: T;
  try {
    result = await work(transaction);
  } catch (error) {
    try {
      transaction.abort();
    } catch {
      // Already finished or aborted: the error below is the one worth reporting.
    }
    throw error;
  }
  await done;
  return result;
}
