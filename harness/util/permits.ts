// A counting semaphore: what may run at once (the runner's lanes, the fault matrix's slots).

/** Up to `n` holders at a time, served in the order they asked. */
export function permits(n: number): { take(): Promise<() => void> } {
  let free = n;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    take: async () => {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      let released = false;
      return () => {
        if (!released) release();
        released = true;
      };
    },
  };
}
