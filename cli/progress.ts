/** A progress bar on a terminal, nothing otherwise (the per-file lines say enough). */
export class Progress {
  constructor(
    private readonly total: number,
    /** Files already done when the bar starts (taken over from an earlier engine process). */
    private done = 0,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  private get interactive(): boolean {
    return Boolean(this.stream.isTTY);
  }

  /** Prints a line above the bar. */
  log(line: string, out: NodeJS.WriteStream = process.stdout): void {
    if (this.interactive) this.stream.write('\r\x1b[2K');
    out.write(line + '\n');
    this.draw();
  }

  tick(): void {
    this.done++;
    this.draw();
  }

  private draw(): void {
    if (!this.interactive) return;
    const width = 30;
    const filled = Math.round((this.done / Math.max(1, this.total)) * width);
    this.stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${this.done}/${this.total}`);
  }

  finish(): void {
    if (this.interactive) this.stream.write('\r\x1b[2K');
  }
}
