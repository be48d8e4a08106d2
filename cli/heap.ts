// V8's heap growth, chosen by the platform's size once the config is loaded. By default V8 lets the heap grow to
// about four times what its last full collection kept before collecting again: a generate of 5,000 services,
// whose live objects stay near 200 MB, peaked at 917-954 MiB, and 50% took it to 575-585 MiB, and its check from
// 13.1-15.6 to 10.3-11.3 s. Below 2,000 services the default is faster and the peak about the same: at 1,000, a
// check took 3.92 s against 4.19 s with 50% (medians of six alternating runs), at 330 against 345 MiB. V8 reads
// the factor at each collection; the config's load leaves the heap small, so setting it then is early enough.
import { setFlagsFromString } from "node:v8";

/** From this many services, the heap grows by half of what the last full collection kept. */
export const HALF_HEAP_GROWTH_FROM = 2_000;

/** How many services the config declares, before it is validated (anything unreadable counts as none). */
export function servicesIn(config: unknown): number {
  const services = (config as { services?: unknown } | null | undefined)?.services;
  return typeof services === "object" && services !== null ? Object.keys(services).length : 0;
}

/** V8's flag for a platform of `services`, or undefined for its default. */
export function heapGrowthFlag(services: number): string | undefined {
  return services >= HALF_HEAP_GROWTH_FROM ? "--heap-growing-percent=50" : undefined;
}

/** Sets the heap's growth for the config's platform. */
export function tuneHeapFor(config: unknown): void {
  const flag = heapGrowthFlag(servicesIn(config));
  if (flag) setFlagsFromString(flag);
}
