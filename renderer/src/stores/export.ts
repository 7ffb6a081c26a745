import { create } from 'zustand';
import type { Deployment } from '../../../shared/deployment';
import { formatRange } from '../../../shared/days';
import type { ExportSelection } from '../../../shared/export/snapshot';
import type { TrainView } from '../../../shared/train';
import { call, transportKind } from '../api/client';
import { useCalendarStore } from './calendar';
import { newestRequest } from './requests';
import { toast } from './toasts';
import type { ExportPreset, ExportRequest } from '../views/export/export-model';

/** A printable schedule on screen, ready for the browser's print (and its "Save as PDF"). */
export interface PrintJob {
  /** The whole HTML document the backend rendered. */
  html: string;
  /** Shown above the sheets, e.g. "Release 2027.03 rollout plan". */
  title: string;
  /** Print as soon as the sheets are laid out. */
  printNow: boolean;
}

/** What the dialog can export: every train and deployment, retired ones too. */
export interface ExportChoices {
  trains: TrainView[];
  deployments: Deployment[];
}

interface ExportState {
  /** The Export dialog, open with what it was opened for; null when closed. */
  preset: ExportPreset | null;
  choices: ExportChoices;
  choicesError: string | null;
  print: PrintJob | null;
  /** The train whose panel was open before the print view replaced it, to reopen afterwards. */
  returnToTrain: number | null;
  open: (preset: ExportPreset) => void;
  close: () => void;
  /** Reads the choices fresh: the calendar and fleet views may show filtered or stale lists. */
  loadChoices: () => Promise<void>;
  /**
   * Renders the export and hands it over: the desktop app's save dialog, the print view (PDF in a
   * browser) or a download; rejects with the failure.
   */
  exportSchedule: (request: ExportRequest) => Promise<void>;
  showPrint: (job: PrintJob, returnToTrain: number | null) => void;
  closePrint: () => void;
}

/** Hands a rendered file to the browser as a download (a Blob behind a link), as the fleet export does. */
function download(fileName: string, mimeType: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked on the next task: the download has taken its own reference by then.
  setTimeout(() => URL.revokeObjectURL(url));
}

function describe(selection: ExportSelection, trains: readonly TrainView[]): string {
  switch (selection.kind) {
    case 'all':
      return 'Every train';
    case 'train':
      return `Release ${trains.find((t) => t.id === selection.trainId)?.version ?? selection.trainId} rollout plan`;
    case 'deployment':
      return `Releases to ${selection.key}`;
    case 'range':
      return formatRange(selection.from, selection.to);
  }
}

const choiceLoads = newestRequest();

/** The Export dialog (what it was opened for, its choices, the export itself) and the print view. */
export const useExportStore = create<ExportState>()((set, get) => ({
  preset: null,
  choices: { trains: [], deployments: [] },
  choicesError: null,
  print: null,
  returnToTrain: null,
  open: (preset) => set({ preset }),
  close: () => set({ preset: null }),
  loadChoices: async () => {
    set({ choices: { trains: [], deployments: [] }, choicesError: null });
    await choiceLoads.run(
      async () => {
        const [trains, { deployments }] = await Promise.all([
          call('trains.list', {}),
          call('deployments.list', { status: 'all' }),
        ]);
        return { trains, deployments };
      },
      { ok: (choices) => set({ choices }), failed: (choicesError) => set({ choicesError }) },
    );
  },
  exportSchedule: async (request) => {
    const { selection, format, options } = request;
    if (transportKind === 'electron') {
      // The main process renders, asks where to save (its own dialog) and writes the file; PDF too.
      const saved = await call('export.save', { selection, format, options });
      if (saved.saved) {
        toast(`Saved ${saved.fileName}`);
        get().close();
      }
    } else if (format === 'pdf') {
      // A browser prints the printable page itself; "Save as PDF" in its print dialog keeps the file.
      const page = await call('export.render', { selection, format: 'html', options });
      const calendar = useCalendarStore.getState();
      const returnTo = calendar.selectedId;
      // The train panel is modal: it would keep the print view out of reach.
      calendar.closeTrain();
      get().showPrint(
        { html: page.content, title: describe(selection, get().choices.trains), printNow: true },
        returnTo,
      );
    } else {
      const file = await call('export.render', { selection, format, options });
      download(file.fileName, file.mimeType, file.content);
      toast(`Downloaded ${file.fileName}`);
      get().close();
    }
  },
  showPrint: (print, returnToTrain) => set({ print, preset: null, returnToTrain }),
  closePrint: () => set({ print: null }),
}));
