// Last-resort cleanups for Ctrl-C while a target is still being provisioned (a kind cluster takes
// minutes to come up): each is synchronous, since a signal handler cannot await.
const emergencies = new Set<() => void>();

/** Register a synchronous cleanup; call the returned function once it is no longer needed. */
export function onInterrupt(cleanup: () => void): () => void {
  emergencies.add(cleanup);
  return () => emergencies.delete(cleanup);
}

export function runEmergencyCleanups(): void {
  for (const cleanup of [...emergencies].reverse()) {
    try {
      cleanup();
    } catch {
      // keep going: the others still need to run
    }
  }
  emergencies.clear();
}
