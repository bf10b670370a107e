import { DomainError } from '../../../shared/domain/domain-error.js';

/** Another run of the archive holds it (here or on another replica): try again when it is done. */
export class ArchiveRunningError extends DomainError {
  readonly code = 'AUDIT_ARCHIVE_RUNNING';
  readonly kind = 'conflict';
  override readonly retryAfterSeconds = 60;

  constructor() {
    super('an audit archive run is in progress; see GET /admin/audit-archive/runs');
  }
}
