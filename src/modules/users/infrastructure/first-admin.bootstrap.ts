import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../../../config/app-config.js';
import { runInTraceContext } from '../../../platform/logging/trace-context.js';
import { EnsureFirstAdminUseCase } from '../application/ensure-first-admin.use-case.js';

/** The e-mail address of the admin made for a trial on a bare machine. */
export const DEVELOPMENT_ADMIN_EMAIL = 'admin@localhost';
export const INITIAL_PASSWORD_FILE = 'initial-admin-password';

/**
 * At start, when no user exists: ADMIN_EMAIL + ADMIN_PASSWORD make the first admin. In
 * production without them the start fails (nobody could sign in), but for the operator CLI,
 * which can make one (`user:create --role admin`); elsewhere an
 * `admin@localhost` gets a random password, written once to DATA_DIR/initial-admin-password
 * (mode 0600) and never logged: only the file's path is.
 */
@Injectable()
export class FirstAdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ensureFirstAdmin: EnsureFirstAdminUseCase,
  ) {}

  /** In a trace context of its own, as the system: the admin's creation is audited like any other. */
  onApplicationBootstrap(): Promise<void> {
    return runInTraceContext(() => this.bootstrap());
  }

  private async bootstrap(): Promise<void> {
    const given = this.config.auth.firstAdmin;
    if (given) {
      await this.ensureFirstAdmin.execute(given);
      return;
    }
    if (this.config.env === 'production') {
      if (await this.ensureFirstAdmin.hasUsers()) return;
      // The operator CLI is how the first admin of such a database is made (`user:create --role admin`).
      if (this.config.role === 'cli') return;
      throw new Error('no user exists and ADMIN_EMAIL / ADMIN_PASSWORD are not set: nobody could sign in');
    }
    const password = randomBytes(18).toString('base64url');
    if (!(await this.ensureFirstAdmin.execute({ email: DEVELOPMENT_ADMIN_EMAIL, password }))) return;
    const dir = resolve(this.config.database.dataDir);
    await mkdir(dir, { recursive: true });
    const file = join(dir, INITIAL_PASSWORD_FILE);
    await writeFile(file, `${password}\n`, { mode: 0o600 });
    this.logger.warn(
      `no user existed: signed-in trials can use ${DEVELOPMENT_ADMIN_EMAIL} with the password in ${file}`,
    );
  }
}
