/**
 * The environment the engine's process should start with on Linux: two glibc
 * malloc settings, which glibc reads only when a process starts, so they are
 * given to the engine's process by whoever starts it (the `idredact`
 * launcher, the app's main process). A value the user set wins.
 *
 * MALLOC_ARENA_MAX=2: glibc's malloc gives threads that allocate at the same
 * time arenas of their own (up to eight per core) and hands little of them
 * back; with the OCR workers, the face thread and libvips' threads all
 * allocating, the engine's memory crept up over a batch. Two arenas, measured
 * on 30 mixed pages (A4 scans, phone photos, cards): peak 615 -> 461-490 MB
 * with --jobs 1 and 704 -> 571-607 MB with --jobs 2, in the same time.
 *
 * glibc.malloc.hugetlb=1: malloc asks the kernel for transparent huge pages
 * (2 MB) for its large blocks (decoded pages, grey copies, encoder buffers),
 * so a fresh page buffer is mapped in a few faults instead of one per 4 KB.
 * Measured on a 2-core virtual machine where a page fault costs ~10 us:
 * 30 mixed pages 272 000 -> 91 000 faults, 27.9 -> 26.3 s with --jobs 1,
 * 23.1-23.5 -> 22.1-22.6 s with --jobs 2 (peak 569-596 -> 594-602 MB); a cold
 * A4 redaction 2.97-3.16 -> 2.77-2.94 s (five alternating runs). Where the
 * kernel gives no huge pages (THP off), the setting does nothing.
 */
export function engineEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { MALLOC_ARENA_MAX: '2', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1', ...env };
}
