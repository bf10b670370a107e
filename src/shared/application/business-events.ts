/**
 * Records what happened in business terms (SPEC-LOG-3, category `business`): one call per
 * completed mutation, after it committed, with the ids of what it touched.
 *
 * @example
 * events.record('case_created', { caseId, templateId, steps: 10 });
 */
export interface BusinessEvents {
  record(event: string, context: Record<string, unknown>): void;
}

export const BUSINESS_EVENTS = Symbol('BusinessEvents');

/** One BusinessEvents that hands every event to each of `sinks` (the log, the counters). */
export function allBusinessEvents(...sinks: readonly BusinessEvents[]): BusinessEvents {
  return {
    record(event, context) {
      for (const sink of sinks) sink.record(event, context);
    },
  };
}
