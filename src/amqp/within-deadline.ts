export type Timed<T> = { readonly kind: 'done'; readonly value: T } | { readonly kind: 'failed'; readonly error: unknown } | { readonly kind: 'timeout' };

/** Settles by the deadline whatever the promise does; a late result is left to `onLate` (to close what it opened). */
export function withinDeadline<T>(promise: Promise<T>, ms: number, onLate: (value: T) => void = () => undefined): Promise<Timed<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      resolve({ kind: 'timeout' });
    }, ms);
    // A deadline alone must not keep a finishing process alive.
    timer.unref();
    promise.then(
      (value) => {
        if (settled) return onLate(value);
        settled = true;
        clearTimeout(timer);
        resolve({ kind: 'done', value });
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ kind: 'failed', error });
      },
    );
  });
}
