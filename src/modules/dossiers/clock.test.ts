import { describe, expect, it } from 'vitest';
import { createWorkCalendar, parseInstantVn, shippedCalendarDays, toIsoVn } from '../../core/calendar/index.js';
import {
  ClockError,
  type ClockErrorCode,
  checkExtension,
  classifyFinished,
  classifyOpen,
  computeClock,
  is766OnTime,
  receptionStepDue,
} from './clock.js';
import { type ClockEvent, type DossierEventKind, STATUS, type TimeLimit } from './model.js';

// Every expected instant is computed by hand from the shipped 2024 schedule (Tết 08–14/02 off; Giỗ Tổ 18/04 off;
// 29/04–01/05 off with Saturday 04/05 worked) and office hours 07:00–11:30, 13:30–17:00 (8 h a working day).
// March 2024 has no day off: Mon 04, Tue 05, Wed 06, Thu 07, Fri 08, Mon 11 … are all worked.
const cal = createWorkCalendar(shippedCalendarDays());
const at = (s: string) => parseInstantVn(s);
const iso = (d: Date | null) => (d ? toIsoVn(d) : null);
const ev = (kind: DossierEventKind, when: string, data?: Record<string, unknown>): ClockEvent => ({
  kind,
  at: at(when),
  data: data ?? null,
});
const days = (value: number): TimeLimit => ({ value, unit: 'working_days' });
const WD5 = days(5);
const clock = (events: ClockEvent[], limit: TimeLimit = WD5, extraWorkingDays = 0) =>
  computeClock(events, limit, cal, { extraWorkingDays });
const dueOf = (receivedAt: string, limit: TimeLimit, extraWorkingDays = 0) =>
  iso(clock([ev('received', receivedAt)], limit, extraWorkingDays).dueAt);

function expectClockError(fn: () => unknown, code: ClockErrorCode) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ClockError);
    expect((e as ClockError).code).toBe(code);
    expect((e as ClockError).message.length).toBeGreaterThan(10);
    return;
  }
  expect.fail(`expected ClockError ${code}`);
}

describe('start of the clock', () => {
  it('receipt in office hours starts at once (Tue 05/03/2024 09:00 + 1 WD)', () => {
    const s = clock([ev('received', '2024-03-05T09:00')], days(1));
    expect(iso(s.startedAt)).toBe('2024-03-05T09:00:00+07:00');
    // 09:00–11:30 (2.5 h) + 13:30–17:00 (3.5 h) = 6 h; Wed 07:00 + 2 h = 09:00
    expect(iso(s.dueAt)).toBe('2024-03-06T09:00:00+07:00');
    expect(s.status).toBe(STATUS.received);
    expect(s.stopped).toBe(false);
  });

  it('receipt at lunch starts at 13:30', () => {
    const s = clock([ev('received', '2024-03-05T12:15')], days(1));
    expect(iso(s.startedAt)).toBe('2024-03-05T13:30:00+07:00');
    // 13:30–17:00 (3.5 h) + Wed 07:00–11:30 (4.5 h) = 8 h: the count ends on the 11:30 bell
    expect(iso(s.dueAt)).toBe('2024-03-06T11:30:00+07:00');
  });

  it('receipt after 17:00 starts at 07:00 of the next working day; before 07:00 at 07:00 the same day', () => {
    const late = clock([ev('received', '2024-03-05T17:30')], days(1));
    expect(iso(late.startedAt)).toBe('2024-03-06T07:00:00+07:00');
    expect(iso(late.dueAt)).toBe('2024-03-06T17:00:00+07:00'); // Wed 07:00 + 8 h
    const early = clock([ev('received', '2024-03-05T06:30')], days(1));
    expect(iso(early.startedAt)).toBe('2024-03-05T07:00:00+07:00');
    expect(iso(early.dueAt)).toBe('2024-03-05T17:00:00+07:00');
  });

  it('receipt during Tết 2024 (Mon 12/02) starts Thu 15/02 07:00', () => {
    const s = clock([ev('received', '2024-02-12T10:00')], days(2));
    expect(iso(s.startedAt)).toBe('2024-02-15T07:00:00+07:00');
    // Thu 15/02 full day (8 h) + Fri 16/02 full day (8 h) → Fri 17:00
    expect(iso(s.dueAt)).toBe('2024-02-16T17:00:00+07:00');
  });

  it('receipt on the swapped working Saturday 04/05/2024 starts at once', () => {
    const s = clock([ev('received', '2024-05-04T09:00')], days(1));
    expect(iso(s.startedAt)).toBe('2024-05-04T09:00:00+07:00');
    // Sat 6 h; Sun 05/05 off; Mon 06/05 07:00 + 2 h = 09:00
    expect(iso(s.dueAt)).toBe('2024-05-06T09:00:00+07:00');
  });

  it('receipt on an ordinary Saturday (27/04/2024) waits out the 28/04–01/05 break', () => {
    const s = clock([ev('received', '2024-04-27T09:00')], days(1));
    // Sun 28, Mon 29 (swapped), Tue 30/04, Wed 01/05 off → Thu 02/05 07:00; + 8 h = 17:00
    expect(iso(s.startedAt)).toBe('2024-05-02T07:00:00+07:00');
    expect(iso(s.dueAt)).toBe('2024-05-02T17:00:00+07:00');
  });
});

describe('limits', () => {
  it('working days across Tết 2024', () => {
    // Tue 06/02 09:00: 6 h that day (18 left), Wed 07/02 8 h (10 left), 08–14/02 off,
    // Thu 15/02 8 h (2 left), Fri 16/02 07:00 + 2 h = 09:00
    expect(dueOf('2024-02-06T09:00', days(3))).toBe('2024-02-16T09:00:00+07:00');
  });

  it('working days across the 2024 swap (Mon 29/04 off, Sat 04/05 worked)', () => {
    // Fri 26/04 14:00–17:00 3 h (21 left); 27/04–01/05 off; Thu 02/05 8 (13), Fri 03/05 8 (5);
    // Sat 04/05 07:00–11:30 4.5 h (0.5 left), 13:30 + 0.5 h = 14:00
    expect(dueOf('2024-04-26T14:00', days(3))).toBe('2024-05-04T14:00:00+07:00');
  });

  it('working hours', () => {
    const hours = (value: number): TimeLimit => ({ value, unit: 'working_hours' });
    // 10:00–11:30 1.5 h, 13:30 + 2.5 h = 16:00
    expect(dueOf('2024-03-05T10:00', hours(4))).toBe('2024-03-05T16:00:00+07:00');
    // 16:00–17:00 1 h, Wed 07:00 + 3 h = 10:00
    expect(dueOf('2024-03-05T16:00', hours(4))).toBe('2024-03-06T10:00:00+07:00');
    // ends exactly on the lunch bell: 11:30, not 13:30
    expect(dueOf('2024-03-05T10:00', hours(1.5))).toBe('2024-03-05T11:30:00+07:00');
  });

  it('calendar days: same clock time, or 17:00 of the next working day when that day is off', () => {
    const cd = (value: number): TimeLimit => ({ value, unit: 'calendar_days' });
    // Mon 04/03 10:00 + 7 days = Mon 11/03 10:00 (a working day)
    expect(dueOf('2024-03-04T10:00', cd(7))).toBe('2024-03-11T10:00:00+07:00');
    // Mon 04/03 10:00 + 5 days = Sat 09/03 → next working day Mon 11/03, end of office hours
    expect(dueOf('2024-03-04T10:00', cd(5))).toBe('2024-03-11T17:00:00+07:00');
    // Thu 01/02/2024 14:00 + 10 days = Sun 11/02 (Tết) → Thu 15/02 17:00
    expect(dueOf('2024-02-01T14:00', cd(10))).toBe('2024-02-15T17:00:00+07:00');
    // received Sat 02/03 10:00 → starts Mon 04/03 07:00; + 3 days = Thu 07/03 07:00
    expect(dueOf('2024-03-02T10:00', cd(3))).toBe('2024-03-07T07:00:00+07:00');
  });

  it('same day: by 15:00 → 17:00 the same day; after 15:00 → 17:00 of the next working day', () => {
    const sd: TimeLimit = { value: 0, unit: 'same_day' };
    expect(dueOf('2024-03-05T14:59', sd)).toBe('2024-03-05T17:00:00+07:00');
    expect(dueOf('2024-03-05T15:00', sd)).toBe('2024-03-05T17:00:00+07:00'); // 15:00 is not "after 15:00"
    expect(dueOf('2024-03-05T15:01', sd)).toBe('2024-03-06T17:00:00+07:00');
    expect(dueOf('2024-03-05T12:00', sd)).toBe('2024-03-05T17:00:00+07:00'); // lunch → starts 13:30
    expect(dueOf('2024-03-05T18:00', sd)).toBe('2024-03-06T17:00:00+07:00'); // starts Wed 07:00
    expect(dueOf('2024-03-08T16:00', sd)).toBe('2024-03-11T17:00:00+07:00'); // Fri → Mon
    expect(dueOf('2024-02-07T16:00', sd)).toBe('2024-02-15T17:00:00+07:00'); // eve of Tết → Thu 15/02
  });

  it('difficult communes: extra working days', () => {
    // Tue 05/03 09:00 + 3 WD → 09:00 on the 3rd working day after: Fri 08/03
    expect(dueOf('2024-03-05T09:00', days(3))).toBe('2024-03-08T09:00:00+07:00');
    // + 10 extra = 13 WD: Wed06 Thu07 Fri08 Mon11 Tue12 Wed13 Thu14 Fri15 Mon18 Tue19 Wed20 Thu21 Fri22 → 22/03 09:00
    expect(dueOf('2024-03-05T09:00', days(3), 10)).toBe('2024-03-22T09:00:00+07:00');
  });

  it('extra working days are added after the due of other units too', () => {
    // 7 calendar days → Mon 11/03 10:00; + 2 WD → Wed 13/03 10:00
    expect(dueOf('2024-03-04T10:00', { value: 7, unit: 'calendar_days' }, 2)).toBe('2024-03-13T10:00:00+07:00');
    // same day → Tue 17:00; + 1 WD → Wed 07:00 + 8 h = Wed 17:00
    expect(dueOf('2024-03-05T10:00', { value: 0, unit: 'same_day' }, 1)).toBe('2024-03-06T17:00:00+07:00');
    // 4 working hours → Tue 16:00; + 8 h: 16–17 1 h, Wed 07:00 + 7 h = 16:00
    expect(dueOf('2024-03-05T10:00', { value: 4, unit: 'working_hours' }, 1)).toBe('2024-03-06T16:00:00+07:00');
  });

  it('rejects a bad limit or option with a RangeError', () => {
    expect(() => dueOf('2024-03-05T10:00', { value: -1, unit: 'working_days' })).toThrow(RangeError);
    expect(() => dueOf('2024-03-05T10:00', { value: 1.5, unit: 'calendar_days' })).toThrow(RangeError);
    expect(() => dueOf('2024-03-05T10:00', days(1), -2)).toThrow(RangeError);
  });
});

describe('supplements', () => {
  // Received Mon 04/03/2024 09:00, 5 working days → first due Mon 11/03 09:00 (09:00 on the 5th working day after).
  const received = ev('received', '2024-03-04T09:00');
  const request = ev('supplement_requested', '2024-03-06T10:00');

  it('an open request stops the clock: status 5, due as it stood', () => {
    const s = clock([received, request]);
    expect(s.status).toBe(STATUS.supplementRequested);
    expect(s.stopped).toBe(true);
    expect(s.stopReason).toBe('supplement');
    expect(iso(s.stoppedAt)).toBe('2024-03-06T10:00:00+07:00');
    expect(iso(s.dueAt)).toBe('2024-03-11T09:00:00+07:00');
    expect(iso(s.due766At)).toBe('2024-03-11T09:00:00+07:00'); // no closed wait yet
    expect(s.supplementCount).toBe(1);
  });

  it('legal due restarts the full limit at the supply; 766 due = first due + working wait', () => {
    const s = clock([received, request, ev('supplement_supplied', '2024-03-11T14:00')]);
    expect(s.status).toBe(STATUS.processing);
    expect(s.stopped).toBe(false);
    // restart: Mon 11/03 14:00 + 5 WD → 14:00 on the 5th working day after: Mon 18/03
    expect(iso(s.dueAt)).toBe('2024-03-18T14:00:00+07:00');
    // wait: Wed 06/03 10:00–11:30 1.5 + 13:30–17:00 3.5 = 5; Thu 8; Fri 8; Mon 07:00–11:30 4.5 + 13:30–14:00 0.5 = 5
    expect(s.waitedHours).toBe(26);
    // 766: Mon 11/03 09:00 + 26 h: Mon 6 h (20 left), Tue 8 (12), Wed 8 (4), Thu 14/03 07:00 + 4 h = 11:00
    expect(iso(s.due766At)).toBe('2024-03-14T11:00:00+07:00');
    expect(iso(s.firstDueAt)).toBe('2024-03-11T09:00:00+07:00');
  });

  it('the same finish can be early in law and late for 766', () => {
    const s = clock([
      received,
      request,
      ev('supplement_supplied', '2024-03-11T14:00'),
      ev('result_ready', '2024-03-15T10:00'),
    ]);
    expect(classifyFinished(s.finishedAt!, s.dueAt)).toBe('early'); // Fri 15/03 before Mon 18/03
    expect(is766OnTime(s)).toBe(false); // Fri 15/03 10:00 > Thu 14/03 11:00
    const onTime = clock([received, request, ev('supplement_supplied', '2024-03-11T14:00'), ev('result_ready', '2024-03-14T10:00')]);
    expect(is766OnTime(onTime)).toBe(true); // Thu 14/03 10:00 ≤ 11:00
  });

  it('a supply outside office hours restarts from the next opening', () => {
    const s = clock([received, request, ev('supplement_supplied', '2024-03-09T10:00')]);
    // Sat 09/03 → starts Mon 11/03 07:00; + 5 WD (Mon…Fri full days) = Fri 15/03 17:00
    expect(iso(s.dueAt)).toBe('2024-03-15T17:00:00+07:00');
    // wait Wed 5 + Thu 8 + Fri 8 = 21 h; Mon 11/03 09:00 + 21 h: Mon 6 (15), Tue 8 (7), Wed 07:00 + 7 h = 16:00
    expect(s.waitedHours).toBe(21);
    expect(iso(s.due766At)).toBe('2024-03-13T16:00:00+07:00');
  });

  it('two supplement requests make the dossier late for 766 even when it finished before due766At', () => {
    const s = clock([
      received,
      ev('supplement_requested', '2024-03-05T09:00'),
      ev('supplement_supplied', '2024-03-06T09:00'), // wait Tue 09–17 6 h + Wed 07–09 2 h = 8 h
      ev('supplement_requested', '2024-03-07T09:00'),
      ev('supplement_supplied', '2024-03-07T15:00'), // wait 09:00–11:30 2.5 + 13:30–15:00 1.5 = 4 h
      ev('result_ready', '2024-03-08T10:00'),
    ]);
    expect(s.supplementCount).toBe(2);
    expect(s.waitedHours).toBe(12);
    // Mon 11/03 09:00 + 12 h: Mon 6 h (6 left), Tue 12/03 07:00–11:30 4.5 (1.5), 13:30 + 1.5 = 15:00
    expect(iso(s.due766At)).toBe('2024-03-12T15:00:00+07:00');
    expect(s.finishedAt!.getTime()).toBeLessThan(s.due766At.getTime());
    expect(is766OnTime(s)).toBe(false);
    // legal: restart Thu 07/03 15:00 + 5 WD → Thu 14/03 15:00; finished Fri 08/03 → early
    expect(iso(s.dueAt)).toBe('2024-03-14T15:00:00+07:00');
    expect(classifyFinished(s.finishedAt!, s.dueAt)).toBe('early');
  });

  it('one open supplement request: the open dossier is judged at the request instant', () => {
    const s = clock([received, request]);
    // request Wed 06/03 10:00 ≤ due766 Mon 11/03 09:00, however late asOf is
    expect(is766OnTime(s, at('2024-04-01T10:00'))).toBe(true);
    // the same dossier without the request, seen on 01/04, is late
    expect(is766OnTime(clock([received]), at('2024-04-01T10:00'))).toBe(false);
    // a request made after the first due does not rescue it: Tue 12/03 10:00 > Mon 11/03 09:00
    const late = clock([received, ev('supplement_requested', '2024-03-12T10:00')]);
    expect(is766OnTime(late, at('2024-03-12T10:00'))).toBe(false);
    // an open dossier without a stop is within its 766 time up to and including due766At
    expect(is766OnTime(clock([received]), at('2024-03-11T09:00'))).toBe(true);
    expect(is766OnTime(clock([received]), at('2024-03-11T09:01'))).toBe(false);
  });

  it('an ending while a request is open closes the wait at the ending (no restart)', () => {
    const s = clock([received, request, ev('withdrawn', '2024-03-15T10:00')]);
    expect(s.status).toBe(STATUS.withdrawn);
    expect(s.outcome).toBe('withdrawn');
    expect(s.stopped).toBe(false);
    expect(s.stoppedAt).toBeNull();
    // wait Wed 06/03 10:00 → Fri 15/03 10:00: 5 + 6 full days (48) + 3 = 56 h = 7 WD
    expect(s.waitedHours).toBe(56);
    // Mon 11/03 09:00 + 7 WD → 09:00 on the 7th working day after: Wed 20/03
    expect(iso(s.dueAt)).toBe('2024-03-20T09:00:00+07:00');
    expect(iso(s.due766At)).toBe('2024-03-20T09:00:00+07:00');
    expect(classifyFinished(s.finishedAt!, s.dueAt)).toBe('early');
    expect(is766OnTime(s)).toBe(true);
  });
});

describe('pauses', () => {
  const received = ev('received', '2024-03-04T09:00'); // first due Mon 11/03 09:00

  it('financial obligation: status 6 while paused, due moved by the paused working time on resume', () => {
    const paused = clock([received, ev('paused', '2024-03-07T14:00', { reason: 'financial_obligation' })]);
    expect(paused.status).toBe(STATUS.financialObligation);
    expect(paused.stopped).toBe(true);
    expect(paused.stopReason).toBe('financial_obligation');
    expect(iso(paused.dueAt)).toBe('2024-03-11T09:00:00+07:00'); // as it stood

    const s = clock([
      received,
      ev('paused', '2024-03-07T14:00', { reason: 'financial_obligation' }),
      ev('fee_paid', '2024-03-11T08:00', { receiptNo: 'BL-1', amountVnd: 100_000 }),
      ev('resumed', '2024-03-12T10:00'),
    ]);
    expect(s.status).toBe(STATUS.processing);
    expect(s.stopped).toBe(false);
    // paused working time: Thu 14:00–17:00 3 h + Fri 8 + Mon 8 + Tue 07:00–10:00 3 = 22 h (calendar: 4 d 20 h)
    expect(s.waitedHours).toBe(22);
    // Mon 11/03 09:00 + 22 h: Mon 6 (16 left), Tue 8 (8), Wed 13/03 a full day → 17:00
    expect(iso(s.dueAt)).toBe('2024-03-13T17:00:00+07:00');
    expect(iso(s.due766At)).toBe('2024-03-13T17:00:00+07:00');
  });

  it('suspension across Tết 2024: status 8; only the 3 working hours count', () => {
    // received Mon 05/02 09:00 + 5 WD: Tue06 Wed07 Thu15 Fri16 Mon19 → Mon 19/02 09:00
    const events = [ev('received', '2024-02-05T09:00'), ev('paused', '2024-02-07T15:00', { reason: 'suspension' })];
    const paused = clock(events);
    expect(paused.status).toBe(STATUS.stopped);
    expect(iso(paused.dueAt)).toBe('2024-02-19T09:00:00+07:00');
    const s = clock([...events, ev('resumed', '2024-02-15T08:00')]);
    // Wed 07/02 15:00–17:00 2 h + Thu 15/02 07:00–08:00 1 h = 3 h; Mon 19/02 09:00 + 3 h: 2.5 to 11:30, 13:30 + 0.5
    expect(s.waitedHours).toBe(3);
    expect(iso(s.dueAt)).toBe('2024-02-19T14:00:00+07:00');
  });

  it('an open pause judges the open dossier at the pause instant for 766', () => {
    const s = clock([received, ev('paused', '2024-03-07T14:00', { reason: 'financial_obligation' })]);
    expect(is766OnTime(s, at('2024-04-01T10:00'))).toBe(true); // Thu 07/03 14:00 ≤ Mon 11/03 09:00
  });
});

describe('extension', () => {
  const received = ev('received', '2024-03-04T09:00'); // due Mon 11/03 09:00
  const newDue = '2024-03-15T17:00:00+07:00';
  const open = clock([received]);
  const check = (now: string, to: string, state = open, events: ClockEvent[] = [received]) =>
    checkExtension(state, events, at(now), at(to), cal);

  it('sets extendedDueAt and changes neither dueAt nor due766At; still late in Biểu 06', () => {
    const s = clock([received, ev('extended', '2024-03-07T10:00', { newDueAt: newDue, reason: 'khảo sát thực địa' })]);
    expect(iso(s.extendedDueAt)).toBe(newDue);
    expect(iso(s.dueAt)).toBe('2024-03-11T09:00:00+07:00');
    expect(iso(s.due766At)).toBe('2024-03-11T09:00:00+07:00');
    const done = clock([
      received,
      ev('extended', '2024-03-07T10:00', { newDueAt: newDue }),
      ev('result_ready', '2024-03-13T10:00'),
    ]);
    expect(classifyFinished(done.finishedAt!, done.dueAt)).toBe('late');
  });

  it('allowed at least one working day before the due instant', () => {
    // Thu 07/03 10:00 → Mon 11/03 09:00: Thu 1.5 + 3.5 = 5, Fri 8, Mon 2 → 15 h ≥ 8 h
    expect(check('2024-03-07T10:00', newDue)).toEqual({ ok: true });
    // Fri 08/03 09:00: Fri 2.5 + 3.5 = 6 h, Mon 07–09 2 h → exactly 8 h: allowed
    expect(check('2024-03-08T09:00', newDue)).toEqual({ ok: true });
  });

  it('refused with less than one working day left, or after the due instant', () => {
    expect(check('2024-03-08T09:01', newDue)).toEqual({ ok: false, reason: 'too_late' }); // 7 h 59 min
    expect(check('2024-03-12T09:00', newDue)).toEqual({ ok: false, reason: 'too_late' });
  });

  it('refused when the new due instant is not later than the current one', () => {
    expect(check('2024-03-07T10:00', '2024-03-11T09:00')).toEqual({ ok: false, reason: 'not_later' });
    expect(check('2024-03-07T10:00', '2024-03-08T17:00')).toEqual({ ok: false, reason: 'not_later' });
  });

  it('only once per dossier', () => {
    const events = [received, ev('extended', '2024-03-05T10:00', { newDueAt: '2024-03-13T17:00' })];
    const s = clock(events);
    expect(check('2024-03-06T10:00', '2024-03-20T17:00', s, events)).toEqual({
      ok: false,
      reason: 'already_extended',
    });
    expectClockError(
      () => clock([...events, ev('extended', '2024-03-06T10:00', { newDueAt: '2024-03-20T17:00' })]),
      'extended_twice',
    );
  });

  it('refused after the end', () => {
    const events = [received, ev('result_ready', '2024-03-06T10:00')];
    expect(check('2024-03-06T11:00', newDue, clock(events), events)).toEqual({ ok: false, reason: 'finished' });
    expectClockError(() => clock([...events, ev('extended', '2024-03-06T11:00', { newDueAt: newDue })]), 'after_end');
  });

  it('a missing or malformed new due instant is an impossible event', () => {
    expectClockError(() => clock([received, ev('extended', '2024-03-06T10:00')]), 'bad_extension');
    expectClockError(
      () => clock([received, ev('extended', '2024-03-06T10:00', { newDueAt: '15/03/2024' })]),
      'bad_extension',
    );
  });
});

describe('classification', () => {
  const due = at('2024-02-15T09:00');

  it('finished: early on an earlier day, on time on the due day up to the due instant, late after it', () => {
    expect(classifyFinished(at('2024-02-14T16:00'), due)).toBe('early');
    expect(classifyFinished(at('2024-02-14T23:59:59'), due)).toBe('early');
    expect(classifyFinished(at('2024-02-15T00:00'), due)).toBe('on_time');
    expect(classifyFinished(at('2024-02-15T08:00'), due)).toBe('on_time');
    expect(classifyFinished(at('2024-02-15T09:00'), due)).toBe('on_time');
    expect(classifyFinished(at('2024-02-15T09:01'), due)).toBe('late');
    expect(classifyFinished(at('2024-02-16T08:00'), due)).toBe('late');
  });

  it('days are Vietnamese calendar days, not UTC days', () => {
    // 2024-02-14T17:30Z is 15/02 00:30 in Hanoi (the UTC date is still the 14th): on time, not early
    expect(classifyFinished(new Date('2024-02-14T17:30:00Z'), due)).toBe('on_time');
    // 2024-02-14T16:59Z is 14/02 23:59 in Hanoi: early
    expect(classifyFinished(new Date('2024-02-14T16:59:00Z'), due)).toBe('early');
  });

  it('open: within up to and including the due instant, overdue after it', () => {
    expect(classifyOpen(due, at('2024-02-15T09:00'))).toBe('within');
    expect(classifyOpen(due, new Date(due.getTime() + 1))).toBe('overdue');
  });
});

describe('status', () => {
  const received = ev('received', '2024-03-04T09:00');

  it('maps events to the national codes; fee_paid changes nothing', () => {
    const seq = [
      received,
      ev('transferred', '2024-03-04T10:00', { step: 'appraisal', toOrgUnitId: 2 }),
      ev('assigned', '2024-03-04T11:00', { userId: 7 }),
      ev('fee_paid', '2024-03-05T09:00'),
      ev('result_ready', '2024-03-07T10:00'),
      ev('fee_paid', '2024-03-07T11:00'),
      ev('result_returned', '2024-03-08T09:00'),
    ];
    const statuses = seq.map((_, i) => clock(seq.slice(0, i + 1)).status);
    expect(statuses).toEqual([2, 4, 4, 4, 9, 9, 10]);
    const s = clock(seq);
    expect(s.outcome).toBe('approved');
    expect(iso(s.finishedAt)).toBe('2024-03-07T10:00:00+07:00');
    expect(iso(s.returnedAt)).toBe('2024-03-08T09:00:00+07:00');
  });

  it('refusal → 9 refused; withdrawal → 7; a refused result can still be handed over (10)', () => {
    const refused = clock([received, ev('refused', '2024-03-06T10:00')]);
    expect([refused.status, refused.outcome]).toEqual([STATUS.done, 'refused']);
    const withdrawn = clock([received, ev('withdrawn', '2024-03-06T10:00')]);
    expect([withdrawn.status, withdrawn.outcome]).toEqual([STATUS.withdrawn, 'withdrawn']);
    const returned = clock([received, ev('refused', '2024-03-06T10:00'), ev('result_returned', '2024-03-06T14:00')]);
    expect(returned.status).toBe(STATUS.returned);
  });

  it('a transfer while the clock is stopped keeps the stop status', () => {
    const s = clock([
      received,
      ev('supplement_requested', '2024-03-05T10:00'),
      ev('transferred', '2024-03-05T11:00', { step: 'one_stop' }),
    ]);
    expect(s.status).toBe(STATUS.supplementRequested);
  });

  it('sorts events by time (stable for equal instants)', () => {
    const inOrder = [received, ev('paused', '2024-03-05T10:00', { reason: 'suspension' }), ev('resumed', '2024-03-06T10:00')];
    expect(clock([inOrder[2]!, inOrder[0]!, inOrder[1]!])).toEqual(clock(inOrder));
    // at the same instant, a request then its supply works; the reverse order is a supply without a request
    const req = ev('supplement_requested', '2024-03-05T10:00');
    const sup = ev('supplement_supplied', '2024-03-05T10:00');
    expect(clock([received, req, sup]).waitedHours).toBe(0);
    expectClockError(() => clock([received, sup, req]), 'supply_without_request');
  });
});

describe('reception step (15:00 rule, counter dossiers)', () => {
  const step = (s: string) => iso(receptionStepDue(at(s), cal));

  it('by 15:00 → 17:00 the same working day; after 15:00 → 08:00 of the next working day', () => {
    expect(step('2024-03-05T14:00')).toBe('2024-03-05T17:00:00+07:00');
    expect(step('2024-03-05T15:00')).toBe('2024-03-05T17:00:00+07:00');
    expect(step('2024-03-05T15:01')).toBe('2024-03-06T08:00:00+07:00');
    expect(step('2024-03-05T17:30')).toBe('2024-03-06T08:00:00+07:00');
    expect(step('2024-03-05T06:30')).toBe('2024-03-05T17:00:00+07:00');
    expect(step('2024-03-05T12:00')).toBe('2024-03-05T17:00:00+07:00');
  });

  it('across weekends, Tết and the swapped Saturday', () => {
    expect(step('2024-03-08T16:00')).toBe('2024-03-11T08:00:00+07:00'); // Fri → Mon
    expect(step('2024-02-07T15:30')).toBe('2024-02-15T08:00:00+07:00'); // eve of Tết → Thu 15/02
    expect(step('2024-05-03T16:00')).toBe('2024-05-04T08:00:00+07:00'); // Fri → swapped Sat 04/05
    // an ordinary Saturday counts as received at the next opening (Thu 02/05 07:00): 17:00 that day
    expect(step('2024-04-27T10:00')).toBe('2024-05-02T17:00:00+07:00');
  });
});

describe('impossible sequences', () => {
  const received = ev('received', '2024-03-04T09:00');
  const pause = ev('paused', '2024-03-05T09:00', { reason: 'financial_obligation' });

  it('no events, or an event before the receipt', () => {
    expectClockError(() => clock([]), 'no_events');
    expectClockError(() => clock([received, ev('transferred', '2024-03-04T08:00')]), 'event_before_receipt');
    expectClockError(() => clock([received, ev('received', '2024-03-05T09:00')]), 'received_twice');
  });

  it('supply without a request; a second request while one is open', () => {
    expectClockError(() => clock([received, ev('supplement_supplied', '2024-03-05T09:00')]), 'supply_without_request');
    expectClockError(
      () => clock([received, ev('supplement_requested', '2024-03-05T09:00'), ev('supplement_requested', '2024-03-05T10:00')]),
      'supplement_already_requested',
    );
  });

  it('resume without a pause (also while waiting for a supplement)', () => {
    expectClockError(() => clock([received, ev('resumed', '2024-03-05T09:00')]), 'resume_without_pause');
    expectClockError(
      () => clock([received, ev('supplement_requested', '2024-03-05T09:00'), ev('resumed', '2024-03-05T10:00')]),
      'resume_without_pause',
    );
  });

  it('two pauses open at once; a pause and a supplement request at once; a pause without a valid reason', () => {
    expectClockError(
      () => clock([received, pause, ev('paused', '2024-03-05T10:00', { reason: 'suspension' })]),
      'pause_already_open',
    );
    expectClockError(() => clock([received, pause, ev('supplement_requested', '2024-03-05T10:00')]), 'clock_already_stopped');
    expectClockError(
      () =>
        clock([
          received,
          ev('supplement_requested', '2024-03-05T08:00'),
          ev('paused', '2024-03-05T10:00', { reason: 'suspension' }),
        ]),
      'clock_already_stopped',
    );
    expectClockError(() => clock([received, ev('paused', '2024-03-05T09:00')]), 'bad_pause_reason');
  });

  it('anything after an ending event except result_returned and fee_paid', () => {
    const done = [received, ev('result_ready', '2024-03-06T10:00')];
    expectClockError(() => clock([...done, ev('assigned', '2024-03-06T11:00')]), 'after_end');
    expectClockError(() => clock([...done, ev('supplement_requested', '2024-03-06T11:00')]), 'after_end');
    expectClockError(() => clock([...done, ev('refused', '2024-03-06T11:00')]), 'after_end');
    const returned = [...done, ev('result_returned', '2024-03-07T10:00')];
    expect(clock([...returned, ev('fee_paid', '2024-03-07T10:05')]).status).toBe(STATUS.returned);
    expectClockError(() => clock([...returned, ev('result_returned', '2024-03-07T11:00')]), 'returned_twice');
  });

  it('result returned before any ending event; an unknown kind or a bad instant', () => {
    expectClockError(() => clock([received, ev('result_returned', '2024-03-06T10:00')]), 'returned_before_end');
    expectClockError(
      () => clock([received, { kind: 'archived' as DossierEventKind, at: at('2024-03-06T10:00') }]),
      'invalid_event',
    );
    expectClockError(() => clock([received, { kind: 'assigned', at: new Date(Number.NaN) }]), 'invalid_event');
  });
});
