// `.fawkes/allocations.json`: identifiers Fawkes allocated once and must never move (environment networks),
// written by `generate` and read back by every run.
import * as z from "zod";

export const allocationsSchema = z
  .object({
    networks: z
      .record(z.string(), z.string())
      .default({})
      .describe("Network (CIDR) allocated to each environment without an explicit `cidr`."),
  })
  .strict();

export type Allocations = z.output<typeof allocationsSchema>;
