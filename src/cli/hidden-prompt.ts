import { stderr, stdin } from 'node:process';

/** The user pressed Ctrl-C or Ctrl-D at the prompt. */
export class PromptCancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

/**
 * Asks for a secret on the terminal without echoing it (raw mode: nothing is printed as it is
 * typed). The question goes to stderr, so stdout keeps only the command's own output.
 * Only for a terminal: the caller checks `stdin.isTTY` first.
 */
export function askHidden(question: string): Promise<string> {
  // Raw mode before the question: whatever is typed once it shows is never echoed.
  stdin.setRawMode(true);
  stderr.write(question);
  stdin.setEncoding('utf8');
  stdin.resume();
  let value = '';
  return new Promise((resolve, reject) => {
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          done();
          return resolve(value);
        }
        if (character === '\u0003' || character === '\u0004') {
          done();
          return reject(new PromptCancelledError());
        }
        if (character === '\u007f' || character === '\b') value = value.slice(0, -1);
        else value += character;
      }
    };
    stdin.on('data', onData);
  });
}
