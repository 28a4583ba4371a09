// Runs the cells of tests/authz/policy.ts: one loader/action call (or one HTTP
// request, for the express endpoints) per sample × actor, compared with the
// outcome the table gives, and a readable line for each difference.
import { getRequest, postForm, type Browser } from "../factories/requests.ts";
import { run } from "../factories/results.ts";
import type { World } from "./fixtures.ts";
import { ACTOR_DESCRIPTIONS, ACTORS, type Actor, type EndpointSample, type Expectation, type Outcome, type Sample } from "./policy.ts";
import { matchPattern, routeFunction, type RouteModule } from "./routes.ts";
import { tusRequest } from "./tus.ts";

export type CellAnswer = {
  status: number;
  location: string | null;
  hasData: boolean;
  threw?: string;
  /** POST: whether the action read the request body at all. */
  bodyRead?: boolean;
};

export type CellReport = { label: string; actor: Actor; expected: string; got: string; pass: boolean };

const STATUS_NAMES: Record<number, string> = {
  200: "ok",
  201: "created",
  302: "redirect",
  400: "invalid",
  403: "forbidden",
  404: "notFound",
  405: "methodNotAllowed",
  409: "conflict",
  500: "server error",
};

export function outcomeFor(expect: Expectation, actor: Actor): Outcome | undefined {
  return expect[actor] ?? expect.others;
}

/** Where "login" sends: back to the sample afterwards, except from the front door and /home (auth.server.ts loginPath). */
function loginLocation(url: string): string {
  return url === "/" || url === "/home" ? "/login" : `/login?redirectTo=${encodeURIComponent(url)}`;
}

function expectedAnswer(outcome: Outcome, url: string, world: World): { status: number; location?: string; needsData?: boolean; text: string } {
  if (typeof outcome === "object") {
    const to = outcome.redirect(world.fixtures);
    return { status: 302, location: to, text: `redirect (302 → ${to})` };
  }
  switch (outcome) {
    case "ok":
      return { status: 200, text: "ok (200)" };
    case "created":
      return { status: 201, text: "created (201)" };
    case "login":
      return { status: 302, location: loginLocation(url), text: `login (302 → ${loginLocation(url)})` };
    case "notFound":
      return { status: 404, text: "notFound (404)" };
    case "invalid":
      return { status: 400, needsData: true, text: "invalid (400 with the form's errors)" };
    case "conflict":
      return { status: 409, text: "conflict (409)" };
    case "forbidden":
    case "csrf":
      return { status: 403, text: `${outcome} (403)` };
  }
}

function describeAnswer(answer: CellAnswer): string {
  if (answer.threw) return `threw ${answer.threw}`;
  const name = STATUS_NAMES[answer.status] ?? "?";
  const location = answer.location ? ` → ${answer.location}` : "";
  const bare = answer.status === 400 && !answer.hasData ? ", a bare Response without the form's errors" : "";
  return `${name} (${answer.status}${location}${bare})`;
}

/** Refusals that must come before an action reads its form (when the sample's form names no object). */
const REFUSALS: readonly Outcome[] = ["login", "notFound", "forbidden", "csrf"];

export function judge(input: {
  label: string;
  actor: Actor;
  outcome: Outcome;
  url: string;
  answer: CellAnswer;
  world: World;
  /** A POST whose form names no object: a refusal must not read the body. */
  refuseUnread?: boolean;
}): CellReport {
  const want = expectedAnswer(input.outcome, input.url, input.world);
  const { answer } = input;
  const unread = !!input.refuseUnread && REFUSALS.includes(input.outcome);
  const pass =
    !answer.threw &&
    answer.status === want.status &&
    (want.location === undefined || answer.location === want.location) &&
    (!want.needsData || answer.hasData) &&
    !(unread && answer.bodyRead);
  const got = describeAnswer(answer) + (unread && answer.bodyRead ? ", after reading the form" : "");
  return { label: input.label, actor: input.actor, expected: want.text + (unread ? " before reading the form" : ""), got, pass };
}

function thrownText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message.split("\n")[0]}` : String(error);
}

/**
 * postForm's request with a body that notes whether it was read: streamed with
 * a high-water mark of 0, so nothing is pulled until the action asks for it.
 */
async function tripwirePost(url: string, fields: Record<string, string>, browser: Browser): Promise<{ request: Request; read: () => boolean }> {
  const plain = postForm(url, fields, { browser });
  const bytes = new Uint8Array(await plain.arrayBuffer());
  let read = false;
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        read = true;
        controller.enqueue(bytes);
        controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  // `duplex` is required by Node for a streamed request body; the DOM typings lack it.
  const init = { method: "POST", headers: plain.headers, body, duplex: "half" } as RequestInit;
  return { request: new Request(plain.url, init), read: () => read };
}

/** Calls the route's loader (GET) or action (POST) as Remix would, with this actor's browser. */
export async function runRouteCell(input: {
  mod: RouteModule;
  method: "GET" | "POST";
  pattern: string;
  sample: Sample;
  url: string;
  actor: Actor;
  world: World;
}): Promise<CellAnswer> {
  const { sample, url, world } = input;
  const fn = routeFunction(input.mod, input.method);
  if (!fn) return { status: 405, location: null, hasData: false };
  const browser = sample.freshSession ? await world.freshBrowser(input.actor) : world.browser(input.actor);
  const params = matchPattern(input.pattern, new URL(url, "http://x").pathname) ?? {};
  const fields = { ...(sample.intent ? { intent: sample.intent } : {}), ...(sample.form?.(world.fixtures) ?? {}) };
  const post = input.method === "POST" ? await tripwirePost(url, fields, browser) : null;
  const request = post?.request ?? getRequest(url, browser);
  try {
    const result = await run(() => fn({ request, params, context: {} }));
    // Streamed bodies (/files) are not read: close them.
    await result.response?.body?.cancel();
    const hasData = result.data !== null && typeof result.data === "object";
    return { status: result.status, location: result.headers.get("Location"), hasData, bodyRead: post?.read() };
  } catch (error) {
    return { status: 0, location: null, hasData: false, threw: thrownText(error), bodyRead: post?.read() };
  }
}

export async function runEndpointCell(input: { sample: EndpointSample; actor: Actor; world: World }): Promise<CellAnswer> {
  const { sample, world } = input;
  try {
    const response = await tusRequest({
      origin: world.uploadsOrigin,
      path: sample.url(world.fixtures),
      method: sample.method,
      browser: world.browser(input.actor),
      create: sample.create?.(world.fixtures),
    });
    // tus answers a creation with its own Location (the upload's URL): not a redirect to compare.
    return { status: response.status, location: response.status === 201 ? null : response.headers.get("Location"), hasData: false };
  } catch (error) {
    return { status: 0, location: null, hasData: false, threw: thrownText(error) };
  }
}

/** Runs one sample for every actor (in parallel: the cells of a sample do not depend on each other). */
export async function runSample(input: {
  label: string;
  url: string;
  expect: Expectation;
  world: World;
  refuseUnread?: boolean;
  cell: (actor: Actor) => Promise<CellAnswer>;
}): Promise<CellReport[]> {
  return Promise.all(
    ACTORS.map(async (actor) => {
      const outcome = outcomeFor(input.expect, actor);
      if (!outcome) return { label: input.label, actor, expected: "(no outcome in the table: name the actor or add `others`)", got: "-", pass: false };
      const answer = await input.cell(actor);
      return judge({ label: input.label, actor, outcome, url: input.url, answer, world: input.world, refuseUnread: input.refuseUnread });
    }),
  );
}

/** The readable diff: one line per cell that differs. */
export function formatDiff(title: string, reports: readonly CellReport[]): string {
  const failed = reports.filter((r) => !r.pass);
  const width = Math.max(...ACTORS.map((a) => a.length));
  const lines: string[] = [];
  let label = "";
  for (const r of failed) {
    if (r.label !== label) lines.push(`  ${(label = r.label)}`);
    lines.push(`    ${r.actor.padEnd(width)}  expected ${r.expected}, got ${r.got}`);
  }
  const who = [...new Set(failed.map((r) => r.actor))].map((a) => `    ${a.padEnd(width)}  ${ACTOR_DESCRIPTIONS[a]}`);
  return `${title}: ${failed.length} of ${reports.length} cells differ from tests/authz/policy.ts\n${lines.join("\n")}\n  who:\n${who.join("\n")}`;
}
