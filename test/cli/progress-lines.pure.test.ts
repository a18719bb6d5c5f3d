import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../src/cli/import-schedule-command.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, output: { write: (text: string) => written.push(text), isTTY } };
}

/** The phases and rows an import reports, as writeSchedule calls onProgress. */
function importProgress(progress: ProgressLine): void {
  progress.show(0, 100, 'days');
  progress.show(2, 100, 'rooms');
  progress.show(16, 100, 'talks');
  progress.show(19, 100, 'talks');
  progress.show(21, 100, 'talks');
  progress.show(29, 100, 'talks');
  progress.show(44, 100, 'speakers of talks');
  progress.show(100, 100, 'release');
}

describe('the import progress on stderr', () => {
  it('writes a line per phase and per tenth of the whole, with the time so far, to a log or pipe for a big file', () => {
    const { written, output } = stream(false);
    const progress = new ProgressLine(output, true, performance.now());
    progress.say('Read schedule.json: 20,000 talks, 1,400 warnings, in 1.2 s; opening the database');
    importProgress(progress);
    expect(written.map((line) => line.replace(/after \d+\.\d s/, 'after T'))).toEqual([
      'Read schedule.json: 20,000 talks, 1,400 warnings, in 1.2 s; opening the database\n',
      'Importing: days, 0% after T\n',
      'Importing: rooms, 2% after T\n',
      'Importing: talks, 16% after T\n',
      'Importing: talks, 21% after T\n',
      'Importing: speakers of talks, 44% after T\n',
      'Importing: release, 100% after T\n',
    ]);
  });

  it('writes nothing to a log or pipe for a small file', () => {
    const { written, output } = stream(false);
    const progress = new ProgressLine(output, false, performance.now());
    progress.say('Read schedule.json');
    importProgress(progress);
    expect(written).toEqual([]);
  });

  it('redraws one line on a terminal, whatever the size, and clears it', () => {
    const { written, output } = stream(true);
    const progress = new ProgressLine(output, true, performance.now());
    progress.say('Read schedule.json');
    progress.show(16, 100, 'talks');
    progress.show(16, 100, 'talks');
    progress.show(21, 100, 'talks');
    progress.clear();
    expect(written).toEqual(['\r\x1b[2KImporting: talks, 16%', '\r\x1b[2KImporting: talks, 21%', '\r\x1b[2K']);
  });
});
