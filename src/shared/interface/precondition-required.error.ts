/** A write that must name the version it changes (If-Match) did not; answered 428. */
export class PreconditionRequiredError extends Error {
  constructor(readonly header = 'If-Match') {
    super(`this change needs an ${header} header with the ETag you last read`);
    this.name = 'PreconditionRequiredError';
  }
}
