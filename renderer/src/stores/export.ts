import { create } from 'zustand';
import type { ExportPreset } from './export-model';

/** A printable schedule on screen, ready for the browser's print (and its "Save as PDF"). */
export interface PrintJob {
  /** The whole HTML document the backend rendered. */
  html: string;
  /** Shown above the sheets, e.g. "Release 2027.03 rollout plan". */
  title: string;
  /** Print as soon as the sheets are laid out. */
  printNow: boolean;
}

interface ExportState {
  /** The Export dialog, open with what it was opened for; null when closed. */
  preset: ExportPreset | null;
  print: PrintJob | null;
  /** The train whose panel was open before the print view replaced it, to reopen afterwards. */
  returnToTrain: number | null;
  open: (preset: ExportPreset) => void;
  close: () => void;
  showPrint: (job: PrintJob, returnToTrain: number | null) => void;
  closePrint: () => void;
}

export const useExportStore = create<ExportState>()((set) => ({
  preset: null,
  print: null,
  returnToTrain: null,
  open: (preset) => set({ preset }),
  close: () => set({ preset: null }),
  showPrint: (print, returnToTrain) => set({ print, preset: null, returnToTrain }),
  closePrint: () => set({ print: null }),
}));
