/** Wrong arguments: reported in one line with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A command that cannot do its job for a reason the user can act on: one line on stderr, exit code 1. */
export class CommandError extends Error {
  override name = 'CommandError';
}
