/**
 * Base of every aggregate: an identity and a version that the persistence layer uses
 * for optimistic concurrency. A loaded aggregate remembers the version it was read at,
 * so that a save can refuse to overwrite a newer one.
 */
export abstract class AggregateRoot<Id extends string = string> {
  protected constructor(
    readonly id: Id,
    private _version: number,
  ) {}

  /** The version this aggregate was loaded at (0 for one not stored yet). */
  get version(): number {
    return this._version;
  }

  /** Called by a repository after a successful write. */
  markPersisted(version: number): void {
    this._version = version;
  }
}
