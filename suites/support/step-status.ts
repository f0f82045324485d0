// A report step shows the verdict it carries: a judge step whose answer was not as expected is
// failed (red), one that got no verdict is broken, an act step whose change never showed is broken.
// Allure takes a step's status from what its body throws, so the body throws a mark and the case
// goes on with what was judged; the case's own verdict comes later, from the case.

export type StepStatus = 'passed' | 'failed' | 'broken';

/** Thrown inside a step to colour it; caught right outside it. Named so Allure reads it right. */
export class StepMark<T> extends Error {
  constructor(
    readonly status: Exclude<StepStatus, 'passed'>,
    message: string,
    readonly value: T,
  ) {
    super(message);
    // Allure: an "AssertionError" is a failure, any other error a broken step.
    this.name = status === 'failed' ? 'AssertionError' : 'StepBroken';
    // No stack: the step shows its message, not frames of the test runner.
    this.stack = `${this.name}: ${message}`;
  }
}

/** Run `body` as a step (through `step`, which hands it the step's context), coloured by `status` of what it returns. */
export async function markedStep<T, C>(
  step: (body: (ctx: C) => Promise<T>) => PromiseLike<T>,
  body: (ctx: C) => Promise<T>,
  status: (value: T) => { status: StepStatus; message: string },
): Promise<T> {
  try {
    return await step(async (ctx) => {
      const value = await body(ctx);
      const s = status(value);
      if (s.status !== 'passed') throw new StepMark(s.status, s.message, value);
      return value;
    });
  } catch (err) {
    if (err instanceof StepMark) return err.value as T;
    throw err;
  }
}

/** How a judgement colours its step: by its state where it has one, else by the verdict. */
export function judgementStatus(j: { verdict: { ok: boolean }; state?: string }): StepStatus {
  switch (j.state) {
    case 'refused':
    case 'as-expected':
      return 'passed';
    case 'let-in':
    case 'wrong-answer':
    case 'not-as-expected':
      return 'failed';
    case 'no-verdict':
    case 'quota':
      return 'broken';
    default:
      return j.verdict.ok ? 'passed' : 'failed';
  }
}
