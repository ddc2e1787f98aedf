import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../core/boot.js';
import type { Database } from '../../core/db/index.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { MODULES } from '../index.js';
import { findOrgUnitByCode } from '../org/queries.js';
import { receiveDossier, recordEvent, setApplicantWebhook } from './commands.js';
import { indicators766, periodOf } from './statistics.js';

/** The applicant hears at receipt, supplement request and result: by e-mail, and by SMS/Zalo via the webhook. */
describe('notices to the applicant', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await prepareDatabase(database, MODULES, { demo: false });
    setApplicantWebhook('https://sms-gateway.example.vn/hook');
  });
  afterAll(async () => {
    setApplicantWebhook(undefined);
    await database?.close();
  });

  it('queues an e-mail and a webhook for each notice, none for internal steps', async () => {
    const unit = await findOrgUnitByCode(database.db, 'PTNMT-947');
    const [proc] = await database.query<{ id: number }>(`SELECT id FROM procedures WHERE code = '1.012784'`);
    const actor = { id: null, name: 'test' };
    const d = await receiveDossier(database, actor, {
      procedureId: proc!.id,
      orgUnitId: unit!.id,
      channel: 1,
      applicantKind: 'person',
      applicantName: 'Trần Thị Hoa',
      applicantPhone: '0987654321',
      applicantEmail: 'hoa@example.vn',
      documents: [{ name: 'Đơn', form: 'original', quantity: 1 }],
      receivedAt: new Date('2024-03-04T02:00:00Z'),
    });
    const v2 = await recordEvent(database, actor, d.id, d.version, { kind: 'transferred', data: { toOrgUnitId: unit!.id }, at: new Date('2024-03-04T03:00:00Z') });
    await recordEvent(database, actor, d.id, v2.version, {
      kind: 'supplement_requested',
      data: { items: ['Sơ đồ thửa đất'] },
      note: 'Thiếu sơ đồ',
      at: new Date('2024-03-05T02:00:00Z'),
    });
    const rows = await database.query<{ channel: string; recipient: string; event: string | null }>(
      `SELECT channel, recipient, payload->>'event' AS event FROM outbox ORDER BY id`,
    );
    expect(rows).toEqual([
      { channel: 'email', recipient: 'hoa@example.vn', event: null },
      { channel: 'webhook', recipient: 'https://sms-gateway.example.vn/hook', event: 'dossier.received' },
      { channel: 'email', recipient: 'hoa@example.vn', event: null },
      { channel: 'webhook', recipient: 'https://sms-gateway.example.vn/hook', event: 'dossier.supplement_requested' },
    ]);
    const [hook] = await database.query<{ data: { phone: string; text: string } }>(`SELECT payload->'data' AS data FROM outbox WHERE channel = 'webhook' ORDER BY id DESC LIMIT 1`);
    expect(hook!.data.phone).toBe('0987654321');
    expect(hook!.data.text).toContain('Sơ đồ thửa đất');
  });

  it('computes Decision 766 indicator 5.4 from late dossiers and dislikes (hand-computed)', async () => {
    const unit = await findOrgUnitByCode(database.db, 'PTNMT-943');
    const [proc] = await database.query<{ id: number }>(`SELECT id FROM procedures WHERE code = '1.012784'`); // 12 working days
    const actor = { id: null, name: 'test' };
    const ids: number[] = [];
    // four dossiers received Mon 04/03/2024 09:00, due 12 working days later (Wed 20/03/2024 09:00)
    for (const [i, finish] of ['2024-03-15T02:00:00Z', '2024-03-18T02:00:00Z', '2024-03-19T02:00:00Z', '2024-03-22T02:00:00Z'].entries()) {
      const d = await receiveDossier(database, actor, {
        procedureId: proc!.id,
        orgUnitId: unit!.id,
        channel: 1,
        applicantKind: 'person',
        applicantName: `Người ${i}`,
        applicantPhone: '0912345678',
        documents: [{ name: 'Đơn', form: 'original', quantity: 1 }],
        receivedAt: new Date('2024-03-04T02:00:00Z'),
      });
      const done = await recordEvent(database, actor, d.id, d.version, { kind: 'result_ready', at: new Date(finish) });
      await recordEvent(database, actor, d.id, done.version, { kind: 'result_returned', at: new Date(new Date(finish).getTime() + 3600_000) });
      ids.push(d.id);
    }
    // the last one finished Fri 22/03, after its due instant: late. Ratings: one "rất không hài lòng" (1), one 5.
    await database.query(`INSERT INTO dossier_ratings (dossier_id, score, via) VALUES ($1, 1, 'link'), ($2, 5, 'kiosk')`, [ids[0], ids[1]]);
    const period = periodOf({ year: 2024, month: 3 });
    const i = await indicators766(database, { scope: [unit!.id], from: period.from, to: period.to, asOf: period.to });
    // 4 done, 1 late, 1 dislike: 100% − (1 + 1) / 4 = 50%
    expect(i).toMatchObject({ done: 4, lateDone: 1, rated: 2, disliked: 1, satisfaction: 0.5 });
  });
});
