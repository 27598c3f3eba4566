/**
 * Progress for long commands: a live cli-progress bar on stderr when stderr is a terminal and CI
 * is not set; otherwise plain lines, at most one per $STEPWISE_PROGRESS_INTERVAL_MS (default 10 s), so CI logs stay
 * short. stdout is left to the command's result (Markdown summary, tables).
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Sets the bar position (0..total) and the status text. */
  update(value: number, text: string): void;
  /** A line that should always be shown (a stage starts, a failure). */
  log(line: string): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  /**
   * Where plain lines go (default: stderr). Commands pass their `err` output, so a caller
   * that captures it (a test running the CLI in-process) captures the progress lines too.
   */
  write?: (s: string) => void;
}

export function makeProgress(o: ProgressOptions): Progress {
  const stream = process.stderr;
  if (stream.isTTY && !process.env.CI) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${o.label} {bar} {percentage}% | {text}`,
        stream,
        hideCursor: true,
        clearOnComplete: false,
        barsize: 24,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic
    );
    bar.start(Math.max(1, o.total), 0, { text: '' });
    return {
      update(value, text) {
        bar.update(Math.min(value, Math.max(1, o.total)), { text });
      },
      log(line) {
        // print above the bar
        stream.write('\r\x1b[2K' + line + '\n');
        bar.render?.();
      },
      stop() {
        bar.stop();
        // show the cursor again even if the bar never rendered (hideCursor)
        stream.write('\x1b[?25h');
      },
    };
  }
  const interval = Number(process.env.STEPWISE_PROGRESS_INTERVAL_MS ?? 10_000);
  const write = o.write ?? ((s: string) => void stream.write(s));
  let last = 0;
  let lastText = '';
  return {
    update(_value, text) {
      lastText = text;
      const now = Date.now();
      if (now - last >= interval) {
        last = now;
        write(`[${o.label}] ${text}\n`);
      }
    },
    log(line) {
      write(`[${o.label}] ${line}\n`);
    },
    stop() {
      if (lastText && Date.now() - last > 0) write(`[${o.label}] ${lastText}\n`);
    },
  };
}
