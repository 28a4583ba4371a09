// Policy rows for public galleries, boards, portfolios, sharing and view counts; spread into ROUTE_POLICY (policy.ts).
import type { RoutePolicy } from "./policy-kit.ts";

export const GALLERY_ROUTES: Record<string, RoutePolicy> = {};
