/**
 * The CLI run in this process (quicker than a child process): its exit code and what it
 * printed. The workspace file must not be open elsewhere in the test while it runs.
 */
import { main } from '../../main/cli/main';

export async function runCli(args: string[]): Promise<{ code: number; stdout: string }> {
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    const code = await main(args);
    return { code, stdout: printed.join('') };
  } finally {
    process.stdout.write = write;
  }
}
