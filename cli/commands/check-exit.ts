// Kept apart from check.ts so that main.ts can name it without loading the command.

/** Exit code of a check that could not compare: an invalid config or releases file, an unsafe repository. */
export const CHECK_INVALID_INPUT = 3;
