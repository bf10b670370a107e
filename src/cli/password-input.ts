import { randomBytes } from 'node:crypto';
import { CommandFailedError } from './cli-command.js';

/** A password made for a person: 24 characters from 18 random bytes, inside the 12-128 the users module asks for. */
export function generatedPassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * A password given on stdin (`--password-stdin`, `printf %s "$PW" | …`), never on the command
 * line, where `ps` and the shell's history would show it: all of stdin, less one final newline.
 */
export async function passwordFromStdin(stdin: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const password = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (password.length === 0) throw new CommandFailedError('--password-stdin: stdin held no password');
  return password;
}
