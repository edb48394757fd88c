/** An input problem that names the file (and page, when there is one) and says what is wrong. */
export class IngestError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly page: number | null = null,
  ) {
    super(`${file}${page ? `, page ${page}` : ''}: ${problem}`);
    this.name = 'IngestError';
  }
}
