import type { EventProgram } from '../../agenda/index.js';
import { c3vocJsonExporter } from './c3voc-json.js';
import { csvExporter } from './csv.js';
import type { ExportContext, Exporter } from './exporter.js';
import { frabXmlExporter } from './frab-xml.js';
import { icalExporter } from './ical.js';
import { requireSchedule } from './schedule-parts.js';

/** Every export Lectern offers, in the order the exports page and the CLI's help list them. */
export const exporters: readonly Exporter[] = [frabXmlExporter, c3vocJsonExporter, icalExporter, csvExporter];

export function findExporter(identifier: string): Exporter | undefined {
  return exporters.find((exporter) => exporter.identifier === identifier);
}

/**
 * Renders an export, refusing a schedule export before the first release with a NotFoundError
 * ("… has no released schedule yet."): a 404 on the web, exit 1 from the CLI.
 */
export function renderExport(exporter: Exporter, program: EventProgram, context: ExportContext): string {
  if (exporter.requiresReleasedSchedule) requireSchedule(program);
  return [...exporter.chunks(program, context)].join('');
}
