import { AggregateRoot } from '../../../shared/domain/aggregate-root.js';
import { TemplateArchivedError } from './process-template.errors.js';
import {
  type NewTemplateDefinition,
  type TemplateDefinition,
  sameDefinition,
  toTemplateDefinition,
} from './template-definition.js';

/** One stored version of a template's definition. */
export interface TemplateRevision {
  readonly templateId: string;
  readonly version: number;
  readonly definition: TemplateDefinition;
  readonly createdAt: Date;
}

/** A template with its latest definition, as persistence and read models see it. */
export interface ProcessTemplateSnapshot extends TemplateDefinition {
  readonly id: string;
  /** The number of the latest definition: 1 when created, one more per revision. */
  readonly version: number;
  /** When the latest definition was made. */
  readonly versionCreatedAt: Date;
  readonly archivedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

type TemplateState = Omit<ProcessTemplateSnapshot, 'id'>;

/**
 * A team's repeatable process. Its definition is versioned: a revision adds version n+1
 * and leaves every earlier one as it was, so a case keeps planning on the version it
 * began with. An archived template keeps its versions but is neither revised nor used
 * for new cases until it is restored.
 *
 * The inherited `version` is the latest version *stored* (0 before the first insert);
 * `latestVersion` is the number of the latest definition, one more than the stored one
 * while a revision waits to be saved.
 */
export class ProcessTemplate extends AggregateRoot {
  private changed = false;

  private constructor(
    id: string,
    storedVersion: number,
    private state: TemplateState,
  ) {
    super(id, storedVersion);
  }

  static create(id: string, input: NewTemplateDefinition, now: Date): ProcessTemplate {
    return new ProcessTemplate(id, 0, {
      ...toTemplateDefinition(input),
      version: 1,
      versionCreatedAt: now,
      archivedAt: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Rebuilds a stored template; the data was checked when it was written. */
  static restore(snapshot: ProcessTemplateSnapshot): ProcessTemplate {
    const { id, ...state } = snapshot;
    return new ProcessTemplate(id, snapshot.version, state);
  }

  get latestVersion(): number {
    return this.state.version;
  }

  get isArchived(): boolean {
    return this.state.archivedAt !== null;
  }

  /** True when a method since loading changed something worth saving. */
  get hasChanges(): boolean {
    return this.changed;
  }

  /**
   * Makes `input` the next version. A definition equal to the latest one adds nothing;
   * revising twice before a save replaces the pending revision rather than skipping a number.
   */
  revise(input: NewTemplateDefinition, now: Date): void {
    if (this.isArchived) throw new TemplateArchivedError(this.id, 'be revised');
    const definition = toTemplateDefinition(input);
    if (sameDefinition(definition, this.state)) return;
    this.state = {
      ...this.state,
      ...definition,
      version: this.version + 1,
      versionCreatedAt: now,
      updatedAt: now,
    };
    this.changed = true;
  }

  archive(now: Date): void {
    if (this.isArchived) return;
    this.state = { ...this.state, archivedAt: now, updatedAt: now };
    this.changed = true;
  }

  restoreFromArchive(now: Date): void {
    if (!this.isArchived) return;
    this.state = { ...this.state, archivedAt: null, updatedAt: now };
    this.changed = true;
  }

  /** Raises TemplateArchivedError unless new cases may start from this template. */
  assertCanStartCases(): void {
    if (this.isArchived) throw new TemplateArchivedError(this.id, 'start cases');
  }

  /** The latest definition as the version row to store. */
  latestRevision(): TemplateRevision {
    const { name, description, steps, version, versionCreatedAt } = this.state;
    return {
      templateId: this.id,
      version,
      definition: { name, description, steps },
      createdAt: versionCreatedAt,
    };
  }

  snapshot(): ProcessTemplateSnapshot {
    return { id: this.id, ...this.state };
  }
}
