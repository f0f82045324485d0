// Control actions change one shared gateway config: run them one at a time, in the order asked,
// and let a failed action not block the ones after it.
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(action: () => Promise<T>): Promise<T> {
    const next = this.tail.then(action, action);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
