// `npm run hash-password -- <user>` (node dist/server/hash-password.js <user>): prints one
// line for AUTH_USERS_FILE, `<user>:$scrypt$…`. The password is read from standard input
// (typed without echo on a terminal, or piped), never from the command line, where it would
// stay in the shell's history and in the process list.
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { hashPassword, USER_NAME } from './security/password-hash';

const MIN_PASSWORD_LENGTH = 12;

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    return text.replace(/\r?\n$/, '');
  }
  process.stderr.write('Password: ');
  // readline echoes what is typed to its output: give it one that writes nowhere.
  const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
  const prompt = createInterface({ input: process.stdin, output: silent, terminal: true });
  const password = await new Promise<string>((resolve) => prompt.question('', resolve));
  prompt.close();
  process.stderr.write('\n');
  return password;
}

async function main(): Promise<void> {
  const user = process.argv[2] ?? '';
  if (!USER_NAME.test(user)) {
    console.error(
      'Usage: npm run hash-password -- <user>   (1–64 letters, digits or . _ @ + -; password on stdin)',
    );
    process.exit(2);
  }
  const password = await readPassword();
  if (password.length < MIN_PASSWORD_LENGTH) {
    console.error(`The password must have at least ${MIN_PASSWORD_LENGTH} characters.`);
    process.exit(2);
  }
  console.log(`${user}:${await hashPassword(password)}`);
}

void main();
