// Policy rows for results, the public notice, objections, certificates and exports; spread into ROUTE_POLICY (policy.ts).
import type { RoutePolicy } from "./policy-kit.ts";

export const RESULTS_ROUTES: Record<string, RoutePolicy> = {};
