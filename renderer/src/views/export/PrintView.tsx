import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useCalendarStore } from '../../stores/calendar';
import { type PrintJob, useExportStore } from '../../stores/export';
import './print-view.css';

/**
 * The printable document's parts: its stylesheet, split into the page rules (which
 * only the document itself can apply) and the rest, and its body. Parsed inert: a
 * DOMParser document runs nothing and loads nothing.
 */
function documentParts(html: string): { page: CSSStyleSheet; sheet: CSSStyleSheet; body: string } {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const all = new CSSStyleSheet();
  all.replaceSync([...doc.querySelectorAll('style')].map((s) => s.textContent).join('\n'));
  const page = new CSSStyleSheet();
  const sheet = new CSSStyleSheet();
  for (const rule of [...all.cssRules]) {
    const target = rule instanceof CSSPageRule ? page : sheet;
    target.insertRule(rule.cssText, target.cssRules.length);
  }
  return { page, sheet, body: doc.body.innerHTML };
}

/**
 * The printable schedule on screen, and what the browser prints. The app's CSP
 * allows stylesheets from the app only, so the document's own styles are applied
 * as constructed stylesheets (CSSOM, which CSP leaves alone) inside a shadow root,
 * where the app's styles cannot reach them; while it is open, printing shows it
 * alone (print-view.css).
 */
function PrintSheets({ job }: { job: PrintJob }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const { page, sheet, body } = documentParts(job.html);
    const root = element.shadowRoot ?? element.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = body;
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, page];
    document.documentElement.classList.add('rc-printing');
    let frame = 0;
    if (job.printNow) {
      // Two frames: the sheets are laid out and painted before the print dialog takes the page.
      frame = requestAnimationFrame(() => {
        frame = requestAnimationFrame(() => window.print());
      });
    }
    return () => {
      cancelAnimationFrame(frame);
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== page);
      document.documentElement.classList.remove('rc-printing');
    };
  }, [job]);
  return <div ref={host} className="print-view-sheets" data-testid="print-sheets" />;
}

export function PrintView() {
  const job = useExportStore((s) => s.print);
  const returnToTrain = useExportStore((s) => s.returnToTrain);
  const closePrint = useExportStore((s) => s.closePrint);
  const openTrain = useCalendarStore((s) => s.openTrain);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!job) return;
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      closePrint();
      if (returnToTrain !== null) openTrain(returnToTrain);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [job, returnToTrain, closePrint, openTrain]);

  if (!job) return null;
  const close = () => {
    closePrint();
    if (returnToTrain !== null) openTrain(returnToTrain);
  };
  return createPortal(
    <section className="print-view" role="region" aria-label="Printable schedule">
      <header className="print-view-bar">
        <div className="print-view-title">
          <h2>{job.title}</h2>
          <p>To keep a PDF, choose “Save as PDF” as the printer.</p>
        </div>
        <button type="button" className="button button-primary" onClick={() => window.print()}>
          Print…
        </button>
        <button ref={closeButton} type="button" className="button" onClick={close}>
          Close
        </button>
      </header>
      <PrintSheets job={job} />
    </section>,
    document.body,
  );
}
