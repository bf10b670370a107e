import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLOCK, type Clock } from '../../../shared/application/clock.js';
import { AuditPartitions } from './audit-partitions.js';

/** Before anything writes (onModuleInit comes before every bootstrap hook), the current month and the next ones have their audit log partitions. */
@Injectable()
export class AuditPartitionsBootstrap implements OnModuleInit {
  constructor(
    private readonly partitions: AuditPartitions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.partitions.ensureAhead(this.clock.now());
  }
}
