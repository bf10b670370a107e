import { Command, Help, Option } from 'nest-commander';
import { CliApp } from '../cli-app.js';
import { CliCommand, CommandFailedError, helpAfter } from '../cli-command.js';
import { DEMO_USERS } from '../demo/demo-data.js';
import { DemoSeeder } from '../demo/demo-seeder.js';

/**
 * `seed:demo`: demo users, a US federal working-day calendar, two templates (employee
 * onboarding, monthly financial close) and five cases at different stages, so that a
 * newcomer sees the product at once. Safe to run again: what exists is left alone.
 */
@Command({
  name: 'seed:demo',
  description: 'add demo users, a calendar, two templates and cases (again: adds nothing)',
})
export class SeedDemoCommand extends CliCommand {
  constructor(cli: CliApp) {
    super(cli);
  }

  protected async execute(_params: string[], options: { allowProduction?: boolean }): Promise<void> {
    if (this.cli.config().env === 'production' && !options.allowProduction) {
      throw new CommandFailedError('seed:demo adds demo users who can sign in: refused with NODE_ENV=production (--allow-production if that is meant)');
    }
    const report = await new DemoSeeder(this.cli, (line) => this.note(line)).seed();
    if (report.created.length === 0) {
      this.print(`already seeded: the demo data is there (${report.existing.length} items), nothing was added`);
      return;
    }
    this.print(`seeded the demo: ${report.created.length} item(s) added, ${report.existing.length} there already`);
    if (report.password) {
      const emails = Object.values(DEMO_USERS).map((user) => user.email);
      this.print(`demo users ${emails.join(', ')}`);
      this.print(`password of the demo users added now (shown only now): ${report.password}`);
    }
  }

  @Option({ flags: '--allow-production', description: 'seed even with NODE_ENV=production' })
  parseAllowProduction(): boolean {
    return true;
  }

  @Help('after')
  examples(): string {
    return helpAfter(['npm run cli -- seed:demo', 'DATABASE_URL=postgres://… npm run cli -- seed:demo'], 'The embedded database (no DATABASE_URL) opens in one process at a time: stop `npm start` first.');
  }
}
