/** An expected failure of the bench: printed without a stack, with `details` under it. */
export class BenchError extends Error {
  /**
   * @param {string} message
   * @param {string} [details]  e.g. the child's last output
   */
  constructor(message, details) {
    super(message);
    this.details = details;
  }
}
