import { Command, Help } from 'nest-commander';
import { MigrationExecutor } from 'typeorm';
import { CliApp } from '../cli-app.js';
import { CliCommand, helpAfter } from '../cli-command.js';

/**
 * `migrate`: applies the pending migrations, one transaction each, on PostgreSQL or the
 * embedded database, whatever MIGRATIONS_RUN says: the deploy step of a setup whose app
 * starts with MIGRATIONS_RUN=false. Nothing else of the app starts.
 */
@Command({ name: 'migrate', description: 'apply the pending database migrations (whatever MIGRATIONS_RUN says)' })
export class MigrateCommand extends CliCommand {
  constructor(cli: CliApp) {
    super(cli);
  }

  protected async execute(): Promise<void> {
    const dataSource = await this.cli.dataSource();
    const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
    if (pending.length === 0) {
      this.print('the database is up to date: no migration is pending');
      return;
    }
    this.note(`applying ${pending.length} migration(s): ${pending.map((migration) => migration.name).join(', ')}`);
    const applied = await dataSource.runMigrations();
    for (const migration of applied) this.print(`applied ${migration.name}`);
    this.print(`applied ${applied.length} migration(s); the database is up to date`);
  }

  @Help('after')
  examples(): string {
    return helpAfter(['npm run cli -- migrate', 'DATABASE_URL=postgres://… MIGRATIONS_RUN=false npm run cli -- migrate   # the deploy step']);
  }
}
