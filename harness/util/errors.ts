// Errors a user can fix. Each carries the exit code of README "Exit codes" and one line: what, where, how to fix.
// They print without a stack trace; anything else is a bug and keeps its stack.

export const EXIT = { success: 0, failure: 1, usage: 2, environment: 3 } as const;

export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = new.target.name;
    // A user mistake is not a crash: keep the stack out of vitest's and Node's printouts.
    this.stack = `${this.name}: ${message}`;
  }
}

/** Bad usage or bad config: exit 2. */
export class ConfigError extends UserError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

/** The environment could not be provisioned (no nginx, port in use, ...): exit 3. */
export class EnvironmentError extends UserError {
  constructor(message: string) {
    super(message, EXIT.environment);
  }
}
