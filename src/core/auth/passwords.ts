import { hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane). */
// algorithm 2 = Algorithm.Argon2id (a const enum, which isolated modules cannot import)
const OPTIONS = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified when the user does not exist, so a missing account costs the same time as a wrong password. */
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('không có tài khoản này');
  await verifyPassword(await dummyHash, password);
}

/** Vietnamese messages, one per broken rule; empty when the password is acceptable. */
export function passwordProblems(password: string, username?: string): string[] {
  const problems: string[] = [];
  if (password.length < 10) problems.push('Mật khẩu phải có ít nhất 10 ký tự');
  if (password.length > 200) problems.push('Mật khẩu không được dài quá 200 ký tự');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('Mật khẩu không được chứa tên đăng nhập');
  if (/^(.)\1+$/.test(password)) problems.push('Mật khẩu không được chỉ lặp lại một ký tự');
  return problems;
}
