// Policy rows for the school round, county assignment and judges' pages; spread into ROUTE_POLICY (policy.ts).
import type { RoutePolicy } from "./policy-kit.ts";

export const JUDGING_ROUTES: Record<string, RoutePolicy> = {};
