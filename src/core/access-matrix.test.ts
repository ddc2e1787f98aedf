import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from './audit/index.js';
import { ROLES, allPolicies, decide, policyOf } from './access.js';
import { receiveDossier, recordIntakeDecision } from '../modules/dossiers/commands.js';
import {
  addEvidence,
  addInspectedSubject,
  createInspection,
  issuePenaltyDecision,
  recordViolation,
} from '../modules/inspections/commands.js';
import { listProvisions } from '../modules/inspections/provisions.js';
import { createSubject } from '../modules/inspections/subjects.js';
import { findOrgUnitByCode } from '../modules/org/queries.js';
import { createUser } from '../modules/org/user-commands.js';
import { TestClient, type TestApp, createTestApp } from './testing/app.js';

/**
 * Every route × every role. Users of each role sit in the Mỹ Xuyên district office (PTNMT-947); the record
 * they reach for belongs to the Kế Sách office (PTNMT-943). Expected: anonymous users are sent to sign in;
 * a role without the action gets 403; a role with it gets 404 for the other district's record — never its data;
 * every denial is in the audit trail.
 */
const PASSWORD = 'mat-khau-kiem-thu-1';
const OTHER = { username: 'bimat.ks', fullName: 'Người Kế Sách Bí Mật' };

describe('access matrix', () => {
  let t: TestApp;
  let otherId: number;
  let otherDossierId: number;
  let otherDecisionId: number;
  /** Kế Sách's inspection (titled with the secret name), its inspected subject, penalty decision and evidence file */
  let ksInspectionId: number;
  let ksInspectedId: number;
  let ksPenaltyId: number;
  let ksEvidenceId: number;
  let ownId: number;
  const clients = new Map<string, TestClient>();

  beforeAll(async () => {
    t = await createTestApp({ demo: false });
    const other = await createUser(t.database, SYSTEM_ACTOR, { ...OTHER, password: PASSWORD, orgUnitCode: 'PTNMT-943', roles: ['officer'] });
    otherId = other.id;
    // a dossier and an intake decision of the Kế Sách office
    const ks = await findOrgUnitByCode(t.database.db, 'PTNMT-943');
    const [proc] = await t.database.query<{ id: number }>(`SELECT id FROM procedures WHERE level = 'district' ORDER BY id LIMIT 1`);
    const clerk = { id: null, name: 'test' };
    const dossier = await receiveDossier(t.database, clerk, {
      procedureId: proc!.id,
      orgUnitId: ks!.id,
      channel: 1,
      applicantKind: 'person',
      applicantName: OTHER.fullName,
      applicantPhone: '0912345678',
      documents: [{ name: 'Đơn', form: 'original', quantity: 1 }],
      receivedAt: new Date('2024-03-04T02:00:00Z'),
    });
    otherDossierId = dossier.id;
    const decision = await recordIntakeDecision(t.database, clerk, {
      procedureId: proc!.id,
      orgUnitId: ks!.id,
      channel: 1,
      outcome: 'refused',
      applicantName: OTHER.fullName,
      reason: 'Không thuộc thẩm quyền',
    });
    otherDecisionId = decision.id;
    const inspection = await createInspection(t.database.db, clerk, {
      orgUnitId: ks!.id,
      decisionNumber: '01/QĐ-PTNMT',
      decisionDate: '2024-03-01',
      mode: 'check',
      kind: 'planned',
      field: 'environment',
      title: OTHER.fullName,
      team: [{ name: 'Trưởng đoàn Kế Sách', role: 'Trưởng đoàn' }],
      startsOn: '2024-03-04',
      endsOn: '2024-03-08',
    });
    ksInspectionId = inspection.id;
    const subject = await createSubject(t.database.db, clerk, { kind: 'organisation', name: 'Công ty TNHH Kiểm Thử Kế Sách', taxCode: '2200999001' });
    const inspected = await addInspectedSubject(t.database.db, clerk, { inspectionId: inspection.id, subjectId: subject.id });
    ksInspectedId = inspected.id;
    const [provision] = (await listProvisions(t.database.db, { validOn: '2024-03-05' })).filter((p) => p.article === 26 && p.clause === 1);
    const violation = await recordViolation(t.database.db, clerk, {
      inspectedSubjectId: inspected.id,
      provisionId: provision!.id,
      description: 'Không phân loại chất thải rắn sinh hoạt',
      committedOn: '2024-03-05',
    });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    ksEvidenceId = (await addEvidence(t.database.db, t.ctx.files, clerk, { violationId: violation.id, buffer: pdf, originalName: 'bien-ban.pdf' })).id;
    const penalty = await issuePenaltyDecision(t.database.db, clerk, {
      inspectedSubjectId: inspected.id,
      number: '01/QĐ-XPVPHC',
      decidedOn: '2024-03-15',
      signerName: 'Chủ tịch UBND huyện',
      signerTitle: 'Chủ tịch',
      lines: [{ violationId: violation.id, fineVnd: 1_500_000 }],
      remedies: [],
    });
    ksPenaltyId = penalty.id;
    for (const [i, role] of ROLES.entries()) {
      const u = await createUser(t.database, SYSTEM_ACTOR, {
        username: `mx.${role}`,
        fullName: `Mỹ Xuyên ${role}`,
        password: PASSWORD,
        orgUnitCode: 'PTNMT-947',
        roles: [role],
      });
      if (role === 'viewer') ownId = u.id;
      const c = new TestClient(t.app, `10.1.0.${i + 1}`);
      await c.signIn(u.username, PASSWORD);
      clients.set(role, c);
    }
  }, 120_000);
  afterAll(async () => t?.close());

  const deniedCount = async () =>
    (await t.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE outcome = 'denied'`))[0]!.n;

  /** Route parameters point at the Kế Sách records: its user, dossier, intake decision, inspection and what hangs off it. */
  const idFor = (url: string): number => {
    if (url.startsWith('/ho-so/quyet-dinh-tiep-nhan') || url.startsWith('/ho-so/tiep-nhan/quyet-dinh')) return otherDecisionId;
    if (url.startsWith('/ho-so/') || url.startsWith('/api/v1/dossiers/')) return otherDossierId;
    if (url.startsWith('/thanh-tra/doi-tuong/')) return ksInspectedId;
    if (url.startsWith('/thanh-tra/quyet-dinh/') || url.startsWith('/api/v1/penalty-decisions/')) return ksPenaltyId;
    if (url.startsWith('/thanh-tra/bang-chung/')) return ksEvidenceId;
    if (url.startsWith('/thanh-tra/') || url.startsWith('/api/v1/inspections/')) return ksInspectionId;
    return otherId;
  };
  const fill = (url: string) => {
    const id = idFor(url);
    return url
      .replace(':id', String(id))
      .replace(':code', '31510')
      .replace(':year', '2024')
      .replace(':sha', 'a'.repeat(64))
      .replace('*', 'x');
  };

  it('every route declares its access rule and every action has a policy', () => {
    const routes = t.app.routeTable;
    expect(routes.length).toBeGreaterThan(20);
    for (const r of routes) {
      if (typeof r.access === 'object') expect(allPolicies().has(r.access.action), `${r.method} ${r.url}`).toBe(true);
    }
  });

  it('sends anonymous users to sign in (pages) or answers 401 (API) on every protected route', async () => {
    const anon = new TestClient(t.app, '10.1.1.1');
    await anon.get('/dang-nhap');
    for (const r of t.app.routeTable.filter((x) => x.access !== 'public' && ['GET', 'POST'].includes(x.method))) {
      const url = fill(r.url);
      const res = r.method === 'GET' ? await anon.get(url) : await anon.post(url, {});
      if (url.startsWith('/api/')) expect(res.statusCode, `${r.method} ${url}`).toBe(401);
      else expect([303], `${r.method} ${url}`).toContain(res.statusCode);
      expect(res.body).not.toContain(OTHER.fullName);
    }
  });

  it('lets no role of another district read or change the Kế Sách record, and audits every denial', async () => {
    const routes = t.app.routeTable.filter((x) => typeof x.access === 'object' && ['GET', 'POST'].includes(x.method));
    for (const role of ROLES) {
      const c = clients.get(role)!;
      for (const r of routes) {
        const action = (r.access as { action: string }).action;
        const url = fill(r.url);
        const before = await deniedCount();
        await c.get('/tai-khoan');
        const res = r.method === 'GET' ? await c.get(url) : await c.post(url, { active: 'false', day: '2031-01-06', kind: 'day_off', name: 'x' });
        const label = `${role} ${r.method} ${url}`;
        const roleAllowed = decide({ roles: [role], scope: new Set(), id: 0 } as never, action).allow;
        if (!roleAllowed) {
          expect(res.statusCode, label).toBe(403);
          expect(await deniedCount(), `${label} audited`).toBe(before + 1);
        } else if (r.url.includes(':id') && policyOf(action)?.reach !== 'global') {
          expect(res.statusCode, label).toBe(404);
          expect(await deniedCount(), `${label} audited`).toBe(before + 1);
        }
        expect(res.body, label).not.toContain(OTHER.fullName);
      }
    }
    const row = await t.database.query<{ active: boolean }>(`SELECT active FROM users WHERE id = $1`, [otherId]);
    expect(row[0]!.active).toBe(true);
  }, 120_000);

  it('lets a district leader read a user of their own district', async () => {
    const res = await clients.get('leader')!.get(`/quan-tri/nguoi-dung/${ownId}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Mỹ Xuyên viewer');
    const list = await clients.get('leader')!.get('/quan-tri/nguoi-dung');
    expect(list.body).toContain('mx.viewer');
    expect(list.body).not.toContain(OTHER.username);
  });

  it('lets the department admin change a district user (scope covers the subtree)', async () => {
    const admin = await createUser(t.database, SYSTEM_ACTOR, {
      username: 'so.admin',
      fullName: 'Quản trị Sở',
      password: PASSWORD,
      orgUnitCode: 'STNMT',
      roles: ['admin'],
    });
    expect(admin.id).toBeGreaterThan(0);
    const c = new TestClient(t.app, '10.1.2.1');
    await c.signIn('so.admin', PASSWORD);
    expect((await c.get(`/quan-tri/nguoi-dung/${otherId}`)).statusCode).toBe(200);
    const res = await c.post(`/quan-tri/nguoi-dung/${otherId}/trang-thai`, { active: 'false' });
    expect(res.statusCode).toBe(303);
    const rows = await t.database.query<{ active: boolean }>(`SELECT active FROM users WHERE id = $1`, [otherId]);
    expect(rows[0]!.active).toBe(false);
    const audit = await t.database.query<{ before: unknown; after: unknown }>(
      `SELECT before, after FROM audit_log WHERE action = 'user.disable' AND entity_id = $1`,
      [String(otherId)],
    );
    expect(audit).toEqual([{ before: { active: true }, after: { active: false } }]);
  });
});
