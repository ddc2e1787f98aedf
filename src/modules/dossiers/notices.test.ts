import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareDatabase } from '../../core/boot.js';
import type { Database } from '../../core/db/index.js';
import { createTestDatabase } from '../../core/testing/db.js';
import { MODULES } from '../index.js';
import { findOrgUnitByCode } from '../org/queries.js';
import { receiveDossier, recordEvent, setApplicantWebhook } from './commands.js';

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
});
