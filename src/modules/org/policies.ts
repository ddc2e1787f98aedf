import { type Policies, ROLES, registerPolicies } from '../../core/access.js';

/** Who may do what in the org module. Reference data (administrative units, org tree) is readable by every user. */
export const orgPolicies = {
  'org.read': { roles: ROLES, reach: 'global', description: 'Xem cây đơn vị hành chính và tổ chức' },
  'user.read': { roles: ['admin', 'leader', 'officer'], description: 'Xem người dùng trong phạm vi đơn vị' },
  'user.manage': { roles: ['admin'], description: 'Tạo, khóa, đặt lại mật khẩu người dùng trong phạm vi đơn vị' },
} satisfies Policies;

registerPolicies(orgPolicies);
