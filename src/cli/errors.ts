/** Wrong arguments: reported in one line with the command's usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
