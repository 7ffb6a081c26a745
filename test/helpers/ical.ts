import ICAL from 'ical.js';

/** A VEVENT as a calendar client reads it: ical.js unfolds, unescapes and types every value. */
export interface ParsedEvent {
  uid: string;
  sequence: number;
  start: string;
  /** DTEND as written: the day after the last day. */
  end: string;
  allDay: boolean;
  summary: string;
  description: string;
  status: string;
  dtstamp: string;
}

/** The events of a calendar parsed by ical.js, in file order. */
export function eventsOf(calendar: ICAL.Component): ParsedEvent[] {
  return calendar.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      sequence: e.sequence,
      start: e.startDate.toString(),
      end: e.endDate.toString(),
      allDay: e.startDate.isDate && e.endDate.isDate,
      summary: e.summary,
      description: e.description,
      status: String(v.getFirstPropertyValue('status')),
      dtstamp: String(v.getFirstPropertyValue('dtstamp')),
    };
  });
}
