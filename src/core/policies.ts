import { type Policies, ROLES, registerPolicies } from './access.js';

/** Core actions: the audit trail and the working calendar. */
export const corePolicies = {
  'audit.read': { roles: ['admin'], description: 'Xem nhật ký hệ thống trong phạm vi đơn vị' },
  'calendar.read': { roles: ROLES, reach: 'global', description: 'Xem lịch làm việc' },
  'calendar.manage': { roles: ['admin'], reach: 'global', description: 'Sửa ngày nghỉ và ngày làm bù' },
  'notification.read': { roles: ROLES, description: 'Xem thông báo của mình' },
} satisfies Policies;

registerPolicies(corePolicies);
