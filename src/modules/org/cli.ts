import { createInterface } from 'node:readline';
import { Option } from 'commander';
import { SYSTEM_ACTOR } from '../../core/audit/index.js';
import { type RegisterCli, CliUsageError } from '../../core/cli-kit.js';
import { ROLES } from '../../core/access.js';
import { createUser, listUsers, setPassword } from './user-commands.js';

/** Reads the password from --password, else one line of standard input (so it stays out of shell history). */
async function readPassword(given: string | undefined, prompt: string): Promise<string> {
  if (given !== undefined) return given;
  if (process.stdin.isTTY) process.stderr.write(prompt);
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  throw new CliUsageError('--password: thiếu mật khẩu (dùng --password hoặc nhập một dòng vào stdin)');
}

export const registerOrgCli: RegisterCli = (program, ctx) => {
  const user = program.command('user').description('quản lý người dùng');
  user
    .command('add')
    .description('tạo người dùng')
    .requiredOption('--username <name>', 'tên đăng nhập (chữ thường không dấu)')
    .requiredOption('--name <full name>', 'họ và tên')
    .requiredOption('--unit <code>', 'mã đơn vị, ví dụ STNMT hoặc PTNMT-946')
    .addOption(new Option('--role <role...>', `vai trò: ${ROLES.join(', ')}`).makeOptionMandatory())
    .option('--email <email>', 'e-mail')
    .option('--password <password>', 'mật khẩu (nếu bỏ trống: đọc một dòng từ stdin)')
    .action(async (o: { username: string; name: string; unit: string; role: string[]; email?: string; password?: string }) => {
      const password = await readPassword(o.password, 'Mật khẩu: ');
      const database = await ctx.openDb();
      const u = await createUser(database, SYSTEM_ACTOR, {
        username: o.username,
        fullName: o.name,
        email: o.email,
        password,
        orgUnitCode: o.unit,
        roles: o.role,
      });
      ctx.out(`Đã tạo người dùng ${u.username} (#${u.id}).`);
    });
  user
    .command('passwd')
    .description('đặt lại mật khẩu (mở khóa tài khoản và kết thúc mọi phiên)')
    .argument('<username>', 'tên đăng nhập')
    .option('--password <password>', 'mật khẩu mới (nếu bỏ trống: đọc một dòng từ stdin)')
    .action(async (username: string, o: { password?: string }) => {
      const password = await readPassword(o.password, 'Mật khẩu mới: ');
      const database = await ctx.openDb();
      await setPassword(database, SYSTEM_ACTOR, username, password);
      ctx.out(`Đã đặt mật khẩu mới cho ${username}.`);
    });
  user
    .command('list')
    .description('liệt kê người dùng')
    .option('--json', 'in JSON')
    .action(async (o: { json?: boolean }) => {
      const database = await ctx.openDb();
      const rows = await listUsers(database.db);
      if (o.json) {
        ctx.out(JSON.stringify(rows, null, 2));
        return;
      }
      for (const r of rows)
        ctx.out(
          [r.username.padEnd(16), r.fullName.padEnd(28), r.orgUnitCode.padEnd(14), r.roles.join(','), r.active ? '' : '(khóa)']
            .join(' ')
            .trimEnd(),
        );
    });
};
