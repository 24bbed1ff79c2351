/**
 * The environment the engine's process should start with on Linux. glibc's
 * malloc gives threads that allocate at the same time arenas of their own
 * (up to eight per core) and hands little of them back; with the OCR
 * workers, the face thread and libvips' threads all allocating, the engine's
 * memory crept up over a batch. Two arenas, measured on 30 mixed pages (A4
 * scans, phone photos, cards): peak 615 -> 461-490 MB with --jobs 1 and
 * 704 -> 571-607 MB with --jobs 2, in the same time. glibc reads it when a
 * process starts, so it is given to the engine's process by whoever starts it
 * (the `idredact` launcher, the app's main process); a value the user set wins.
 */
export function engineEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { MALLOC_ARENA_MAX: '2', ...env };
}

/** Whether this process was started without the setting (on Linux, where glibc reads it). */
export function needsEngineEnvironment(env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  return platform === 'linux' && env.MALLOC_ARENA_MAX === undefined;
}
