/** A problem with what the user gave us: the run stops before writing, with exit status 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function isUsageError(error: unknown): error is UsageError {
  return error instanceof Error && (error as { exitCode?: unknown }).exitCode === 2;
}
