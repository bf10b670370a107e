/**
 * Work a write causes once it has committed, written with it (an outbox message of the job
 * kind `kind`): what a repository that writes in one statement takes along.
 */
export interface FollowUp {
  readonly kind: string;
  readonly data: object;
}
