import { SYSTEM_ACTOR } from '../../core/audit/index.js';
import type { DemoPart } from '../../core/demo.js';
import { createUser } from './user-commands.js';

/**
 * Demo sign-in accounts, one per role and level, printed on the console by `npm start`. The password is the
 * same for all and public: demo data only, never for a real installation.
 */
export const DEMO_PASSWORD = 'demo-tnmt-2023';

export const DEMO_USERS = [
  { username: 'admin', fullName: 'Quản trị hệ thống', orgUnitCode: 'STNMT', roles: ['admin'] },
  { username: 'lanhdao', fullName: 'Trần Văn Bình (Phó Giám đốc Sở)', orgUnitCode: 'STNMT', roles: ['leader'] },
  { username: 'thanhtra', fullName: 'Nguyễn Thị Hoa (Thanh tra Sở)', orgUnitCode: 'TTRA', roles: ['inspector'] },
  { username: 'bientap', fullName: 'Lê Minh Châu (Biên tập cổng TTĐT)', orgUnitCode: 'VP', roles: ['editor', 'publisher'] },
  { username: 'motcua.so', fullName: 'Phạm Thị Lan (Một cửa Sở)', orgUnitCode: 'VP', roles: ['clerk'] },
  { username: 'chuyenvien.mx', fullName: 'Thạch Sô Phết (Phòng TN&MT Mỹ Xuyên)', orgUnitCode: 'PTNMT-947', roles: ['officer'] },
  { username: 'motcua.mx', fullName: 'Lâm Thị Bích (Một cửa Mỹ Xuyên)', orgUnitCode: 'PTNMT-947', roles: ['clerk'] },
  { username: 'truongphong.mx', fullName: 'Huỳnh Văn Tâm (Trưởng phòng TN&MT Mỹ Xuyên)', orgUnitCode: 'PTNMT-947', roles: ['leader'] },
  { username: 'kiemtra.mx', fullName: 'Danh Thị Mỹ (Kiểm tra viên Phòng TN&MT Mỹ Xuyên)', orgUnitCode: 'PTNMT-947', roles: ['inspector'] },
  // after the 2025-07-01 reform: the Cần Thơ department's environmental protection sub-department runs the checks
  { username: 'kiemtra.ct', fullName: 'Lý Thị Kim (Chi cục BVMT, Sở NN&MT Cần Thơ)', orgUnitCode: 'SNNMT-CT-CCBVMT', roles: ['inspector'] },
  { username: 'chuyenvien.ks', fullName: 'Võ Thanh Sang (Phòng TN&MT Kế Sách)', orgUnitCode: 'PTNMT-943', roles: ['officer'] },
  { username: 'xem', fullName: 'Người xem', orgUnitCode: 'STNMT', roles: ['viewer'] },
] as const;

export const orgDemo: DemoPart = {
  name: 'users',
  weight: 5,
  async load(ctx) {
    for (const [i, u] of DEMO_USERS.entries()) {
      await createUser(ctx.database, SYSTEM_ACTOR, { ...u, roles: [...u.roles], password: DEMO_PASSWORD });
      ctx.progress((i + 1) / DEMO_USERS.length);
    }
    ctx.announce(`mật khẩu chung: ${DEMO_PASSWORD}`);
    for (const u of DEMO_USERS) ctx.announce(`${u.username.padEnd(15)} ${u.roles.join(', ').padEnd(18)} ${u.fullName}`);
  },
};
