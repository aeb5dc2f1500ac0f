/** Faults of the local runtime that a person can fix; the CLI prints `message` and exits non-zero. */
export class LocalRuntimeError extends Error {
  override readonly name: string = 'LocalRuntimeError';
}

export class JavaMissingError extends LocalRuntimeError {
  override readonly name = 'JavaMissingError';
}

export class PortInUseError extends LocalRuntimeError {
  override readonly name = 'PortInUseError';
  constructor(
    readonly port: number,
    what: string,
  ) {
    super(
      `Port ${port} (${what}) is already in use. Stop whatever holds it, or pick another port ` +
        '(leave the option out to use a free port).',
    );
  }
}
