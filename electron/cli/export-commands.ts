import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublishStatus } from '../../shared/contract';
import { deploymentKeySchema } from '../../shared/deployment';
import { FILE_FORMATS, type FileFormat, PAPER_SIZES, type PaperSize } from '../../shared/export/formats';
import type { ExportSelection } from '../../shared/export/snapshot';
import { describeFsError, writeFileAtomic } from '../backend/export/atomic-write';
import {
  type Command,
  type CommandArgs,
  CommandError,
  UsageError,
  stringOptions,
  withoutFinalLineBreak,
} from './command';
import { resolveTrain } from './calendar-commands';
import { CHROMIUM_FLAGS, DEFAULT_CHROMIUM } from './chromium';

async function selectionFrom(a: CommandArgs): Promise<ExportSelection> {
  const { train, deployment, from, to } = a.values;
  const given = [train !== undefined, deployment !== undefined, from !== undefined || to !== undefined];
  if (given.filter(Boolean).length > 1)
    throw new UsageError('Choose one selection: --train, --deployment, or --from with --to (or none for everything).');
  if (typeof train === 'string') return { kind: 'train', trainId: (await resolveTrain(a, train)).id };
  if (typeof deployment === 'string') {
    const key = deploymentKeySchema.safeParse(deployment);
    if (!key.success) throw new UsageError(`--deployment: ${key.error.issues[0]!.message}`);
    return { kind: 'deployment', key: key.data };
  }
  if (from !== undefined || to !== undefined) {
    if (typeof from !== 'string' || typeof to !== 'string')
      throw new UsageError('A date range needs both --from DATE and --to DATE (YYYY-MM-DD, both included).');
    return { kind: 'range', from, to };
  }
  return { kind: 'all' };
}

function formatFrom(value: unknown): FileFormat {
  if (typeof value !== 'string') throw new UsageError(`Give the format with --format ${FILE_FORMATS.join('|')}.`);
  if (!(FILE_FORMATS as readonly string[]).includes(value))
    throw new UsageError(`--format must be one of ${FILE_FORMATS.join(', ')}, not "${value}".`);
  return value as FileFormat;
}

function paperFrom(value: unknown): PaperSize {
  if (value === undefined) return 'a4';
  if (!(PAPER_SIZES as readonly string[]).includes(String(value)))
    throw new UsageError(`--paper must be a4 or letter, not "${String(value)}".`);
  return value as PaperSize;
}

function run(file: string, args: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: 120_000, maxBuffer: 4 * 1024 * 1024 }, (err, _stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stderr: String(stderr) });
    });
  });
}

/**
 * Prints the HTML to `outFile` with headless Chromium (the engine browser mode
 * uses): written to a temporary file beside it, then renamed, so a failure leaves
 * nothing. The page's @page rules choose the paper.
 */
export async function printHtmlToPdf(html: string, outFile: string, chromium: string): Promise<void> {
  if (!fs.existsSync(chromium))
    throw new CommandError(
      `PDF export needs Chromium, and there is none at ${chromium}; install it (Debian: apt-get install chromium) or point CHROMIUM_PATH at it, or export --format html and print that.`,
    );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-pdf-'));
  const tmp = path.join(path.dirname(outFile), `.${path.basename(outFile)}.${process.pid}.pdf.tmp`);
  try {
    const page = path.join(work, 'schedule.html');
    fs.writeFileSync(page, html);
    const { code, stderr } = await run(chromium, [
      '--headless',
      ...CHROMIUM_FLAGS,
      '--no-pdf-header-footer',
      `--user-data-dir=${path.join(work, 'profile')}`,
      `--print-to-pdf=${tmp}`,
      pathToFileURL(page).href,
    ]);
    const made = fs.existsSync(tmp) && fs.readFileSync(tmp).subarray(0, 5).toString('latin1') === '%PDF-';
    if (code !== 0 || !made) {
      const detail = stderr.trim().split('\n').at(-1) ?? '';
      throw new CommandError(
        `Chromium (${chromium}) did not print the PDF${code === null ? '' : ` (exit code ${code})`}${detail ? `: ${detail}` : ''}.`,
      );
    }
    fs.renameSync(tmp, outFile);
  } finally {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function writeOut(file: string, content: string): void {
  try {
    writeFileAtomic(file, content);
  } catch (err) {
    throw new CommandError(
      `Cannot write ${file}: ${describeFsError(err)}; check that its folder exists and is writable.`,
    );
  }
}

function describeStatus(s: PublishStatus): string {
  if (!s.folder) return 'Publishing is off. Turn it on with "publish --folder DIR".';
  const lines = [`Publishing ${s.files.join(', ')} to ${s.folder} after every change.`];
  lines.push(s.lastPublishedAt ? `Last published at ${s.lastPublishedAt}.` : 'Not published yet.');
  if (s.lastError) lines.push(`Last error (${s.lastErrorAt}): ${s.lastError}`);
  return lines.join('\n');
}

function printStatus(a: CommandArgs, s: PublishStatus): void {
  a.print(s, () => describeStatus(s));
}

export const EXPORT_COMMANDS: Record<string, Command> = {
  export: {
    usage:
      'export --format ics|csv|json|html|pdf|md|atom [--train TRAIN | --deployment KEY | --from DATE --to DATE] [--bom] [--paper a4|letter] [--out FILE]',
    help: `  --format F          ics   calendar feed: an all-day event per phase and per wave (with --deployment: one per release)
                      csv   rollout schedule, a row per train and deployment
                      json  the whole plan, versioned schema (docs/export-schema.md)
                      html  printable schedule: a train's rollout plan, or the trains by quarter
                      pdf   the printable schedule as PDF; needs Chromium (${DEFAULT_CHROMIUM}, or CHROMIUM_PATH)
                      md    Markdown summary of one train (needs --train)
                      atom  Atom feed of the released trains' release notes, an entry per train
  --train TRAIN       one train (version or id)
  --deployment KEY    one deployment: the trains that reach it, on its release days
  --from DATE --to DATE   the days of a range, both included (YYYY-MM-DD)
                      (no selection: everything)
  --bom               csv: start with a UTF-8 byte-order mark (for Excel)
  --paper P           html, pdf: a4 (default) or letter, landscape
  --out FILE          write FILE (atomically: a temporary file, then a rename); text formats
                      go to stdout without it. A refused export writes nothing.`,
    options: {
      ...stringOptions('format', 'train', 'deployment', 'from', 'to', 'paper', 'out'),
      bom: { type: 'boolean' },
    },
    async run(a) {
      const format = formatFrom(a.values.format);
      if (a.values.bom && format !== 'csv') throw new UsageError('--bom applies to --format csv only.');
      if (a.values.paper !== undefined && format !== 'html' && format !== 'pdf')
        throw new UsageError('--paper applies to --format html and pdf only.');
      if (format === 'md' && a.values.train === undefined)
        throw new UsageError('A Markdown summary covers one train: give it with --train VERSION.');
      const out = typeof a.values.out === 'string' ? path.resolve(a.io.cwd, a.values.out) : null;
      if (format === 'pdf' && !out) throw new UsageError('A PDF needs a file: give it with --out FILE.pdf.');
      const selection = await selectionFrom(a);
      const options = { bom: Boolean(a.values.bom), paper: paperFrom(a.values.paper) };
      const rendered = await a.call('export.render', {
        selection,
        format: format === 'pdf' ? 'html' : format,
        options,
      });
      if (!out) {
        a.document(withoutFinalLineBreak(rendered.content));
        return;
      }
      if (format === 'pdf') await printHtmlToPdf(rendered.content, out, a.io.env.CHROMIUM_PATH || DEFAULT_CHROMIUM);
      else writeOut(out, rendered.content);
      const bytes = fs.statSync(out).size;
      const suggested = format === 'pdf' ? rendered.fileName.replace(/\.html$/, '.pdf') : rendered.fileName;
      a.print(
        { file: out, format, bytes, suggestedName: suggested },
        () => `Wrote ${out} (${format}, ${bytes.toLocaleString('en-US')} bytes).`,
      );
    },
  },
  publish: {
    usage: 'publish [--folder DIR | --off]',
    help: `  --folder DIR   publish to DIR now and after every change to the plan (an existing folder,
                 e.g. one a drive syncs); giving the current folder publishes again now
  --off          stop publishing (the files stay)
  Without options: where it publishes, when it last did, and the last error.`,
    options: { folder: { type: 'string' }, off: { type: 'boolean' } },
    async run(a) {
      if (a.values.folder !== undefined && a.values.off) throw new UsageError('Give --folder DIR or --off, not both.');
      if (typeof a.values.folder === 'string') {
        const status = await a.call('publish.update', { folder: path.resolve(a.io.cwd, a.values.folder) });
        // Under --json the refusal below is the one answer: stdout holds one JSON document.
        if (!(a.json && status.lastError)) printStatus(a, status);
        if (status.lastError) throw new CommandError(`The folder is set, but publishing failed: ${status.lastError}`);
      } else if (a.values.off) printStatus(a, await a.call('publish.update', { folder: null }));
      else printStatus(a, await a.call('publish.get', {}));
    },
  },
};
