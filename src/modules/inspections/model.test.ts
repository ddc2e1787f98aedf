import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../core/audit/index.js';
import type { Database } from '../../core/db/index.js';
import { ValidationError } from '../../core/errors.js';
import { createTestDatabase } from '../../core/testing/db.js';
import {
  citeProvision,
  complianceStatusOf,
  fineRangeFor,
  fineRangeMessage,
  identifierErrors,
  levelOfOrgUnitKind,
  normaliseTaxCode,
  type ProvisionRange,
} from './model.js';
import { PROVISION_SEED } from './provisions-data.js';
import { addProvisionVersion, getProvision, isProvisionValidOn, listProvisions, seedProvisions } from './provisions.js';

const SORTING: ProvisionRange = {
  decree: '45/2022/NĐ-CP',
  article: 26,
  clause: 1,
  point: null,
  fineMinVnd: 500_000,
  fineMaxVnd: 1_000_000,
  warningOnly: false,
  organisationMultiplier: 2,
};

describe('identifiers', () => {
  it('accepts 10-digit and branch tax codes and normalises them', () => {
    expect(normaliseTaxCode('2200 123 456')).toBe('2200123456');
    expect(normaliseTaxCode('2200123456-001')).toBe('2200123456-001');
    expect(normaliseTaxCode('2200123456001')).toBe('2200123456-001');
    expect(normaliseTaxCode('22001234')).toBeNull();
    expect(normaliseTaxCode('22001234AB')).toBeNull();
  });
  it('names the field and the expected format', () => {
    expect(identifierErrors('organisation', 'ABC', null)).toEqual([{ field: 'taxCode', message: expect.stringContaining('10 chữ số') }]);
    expect(identifierErrors('organisation', '', null)[0]!.field).toBe('taxCode');
    expect(identifierErrors('household', null, '0123')).toEqual([{ field: 'idNumber', message: expect.stringContaining('12 chữ số') }]);
    expect(identifierErrors('individual', null, '094123456789')).toEqual([]);
  });
});

describe('fine ranges', () => {
  it('doubles the individual range for organisations only', () => {
    expect(fineRangeFor(SORTING, 'individual')).toEqual({ min: 500_000, max: 1_000_000 });
    expect(fineRangeFor(SORTING, 'household')).toEqual({ min: 500_000, max: 1_000_000 });
    expect(fineRangeFor(SORTING, 'organisation')).toEqual({ min: 1_000_000, max: 2_000_000 });
  });
  it('cites the provision the way decisions do', () => {
    expect(citeProvision(SORTING)).toBe('khoản 1 Điều 26 Nghị định 45/2022/NĐ-CP');
    expect(citeProvision({ ...SORTING, point: 'a', clause: 2, article: 18 })).toBe('điểm a khoản 2 Điều 18 Nghị định 45/2022/NĐ-CP');
  });
  it('refuses a fine outside the range naming the article and the range, and accepts the bounds', () => {
    expect(fineRangeMessage(SORTING, 'household', 500_000)).toBeNull();
    expect(fineRangeMessage(SORTING, 'household', 1_000_000)).toBeNull();
    expect(fineRangeMessage(SORTING, 'household', 1_500_000)).toBe(
      'Số tiền phạt 1.500.000 đồng nằm ngoài khung của khoản 1 Điều 26 Nghị định 45/2022/NĐ-CP (khung phạt tiền đối với cá nhân, hộ gia đình từ 500.000 đồng đến 1.000.000 đồng). Sửa số tiền hoặc ghi rõ lý do áp dụng mức ngoài khung.',
    );
    expect(fineRangeMessage(SORTING, 'organisation', 1_500_000)).toBeNull();
    expect(fineRangeMessage(SORTING, 'organisation', 900_000)).toContain('từ 1.000.000 đồng đến 2.000.000 đồng');
    const warning = { ...SORTING, fineMinVnd: 0, fineMaxVnd: 0, warningOnly: true };
    expect(fineRangeMessage(warning, 'individual', 0)).toBeNull();
    expect(fineRangeMessage(warning, 'individual', 100_000)).toContain('chỉ phạt cảnh cáo');
  });
});

describe('levels and compliance', () => {
  it('maps org unit kinds to the levels of the year-end review', () => {
    expect(levelOfOrgUnitKind('department')).toBe('province');
    expect(levelOfOrgUnitKind('division')).toBe('province');
    expect(levelOfOrgUnitKind('district_office')).toBe('district');
  });
  it('derives the compliance status from outcomes, fines and remedies', () => {
    const base = { outcomesNewestFirst: [], unpenalisedViolations: 0, unpaid: [], pendingRemedies: [], today: '2024-03-01' };
    expect(complianceStatusOf(base)).toBe('not_inspected');
    expect(complianceStatusOf({ ...base, outcomesNewestFirst: ['compliant'] })).toBe('compliant');
    expect(complianceStatusOf({ ...base, outcomesNewestFirst: ['violation'], unpenalisedViolations: 1 })).toBe('violation_pending');
    expect(complianceStatusOf({ ...base, outcomesNewestFirst: ['violation'], unpaid: [{ paymentDueOn: '2024-03-05' }] })).toBe('outstanding');
    expect(complianceStatusOf({ ...base, outcomesNewestFirst: ['violation'], unpaid: [{ paymentDueOn: '2024-02-05' }] })).toBe('overdue');
    expect(complianceStatusOf({ ...base, outcomesNewestFirst: ['violation'], pendingRemedies: [{ deadline: '2024-02-29' }] })).toBe('overdue');
    expect(complianceStatusOf({ ...base, outcomesNewestFirst: ['violation', 'compliant'] })).toBe('resolved');
    expect(complianceStatusOf({ ...base, outcomesNewestFirst: ['compliant', 'violation'] })).toBe('compliant');
  });
});

describe('the violation catalogue', () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('seeds every entry once, each with a source', async () => {
    expect(await seedProvisions(database)).toBe(PROVISION_SEED.length);
    expect(await seedProvisions(database)).toBe(0);
    const all = await listProvisions(database.db);
    expect(all).toHaveLength(PROVISION_SEED.length);
    for (const p of all) expect(p.source.length).toBeGreaterThan(10);
    expect(all.filter((p) => p.verified).map((p) => p.article)).toEqual([25, 25, 25, 25, 25, 26]);
    expect(await listProvisions(database.db, { validOn: '2022-08-24', decree: '45/2022/NĐ-CP' })).toEqual([]);
  });

  it('adds a version that ends the one it replaces, and audits both', async () => {
    const [old] = (await listProvisions(database.db, { validOn: '2024-01-01' })).filter((p) => p.article === 26 && p.clause === 1);
    const input = {
      decree: old!.decree,
      article: 26,
      clause: 1,
      point: 'a',
      description: old!.description,
      field: 'environment',
      fineMinVnd: 500_000,
      fineMaxVnd: 1_000_000,
      warningOnly: false,
      organisationMultiplier: 2,
      remedialMeasures: [],
      validFrom: '2025-01-01',
      source: 'thử nghiệm',
      verified: true,
    };
    await expect(addProvisionVersion(database.db, SYSTEM_ACTOR, { ...input, validFrom: '2022-01-01' }, old!.id)).rejects.toThrow(ValidationError);
    await expect(addProvisionVersion(database.db, SYSTEM_ACTOR, { ...input, fineMaxVnd: 1 })).rejects.toMatchObject({ fields: [{ field: 'fineMaxVnd' }] });
    const added = await addProvisionVersion(database.db, SYSTEM_ACTOR, input, old!.id);
    const ended = (await getProvision(database.db, old!.id))!;
    expect(ended.validTo).toBe('2025-01-01');
    expect(isProvisionValidOn(ended, '2024-12-31')).toBe(true);
    expect(isProvisionValidOn(ended, '2025-01-01')).toBe(false);
    expect(isProvisionValidOn(added, '2025-01-01')).toBe(true);
    const audit = await database.query<{ action: string }>(`SELECT action FROM audit_log WHERE entity = 'violation_provision' AND action <> 'provision.seed' ORDER BY id`);
    expect(audit.map((a) => a.action)).toEqual(['provision.end', 'provision.add']);
  });
});
