// "fawkes/schema": the zod schemas Fawkes validates with, for tools that check a config or a releases file
// themselves. Apart from "fawkes", which configs import, so that loading a config never loads zod.
export { fawkesConfigSchema } from "./config.ts";
export { releasesSchema } from "./releases.ts";
