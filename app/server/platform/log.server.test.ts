import { describe, expect, it } from "vitest";
import { describeError, errorFields } from "./log.server.ts";

describe("errors in the log", () => {
  it("keeps the words of whatever was thrown: never [object Object]", () => {
    // pg-boss emits plain objects like this one.
    const fields = errorFields({ message: "Queue cache is not initialized", queue: "media-video", stack: "at fetch (boss.js:1)" });
    expect(fields).toEqual({ error: "Queue cache is not initialized", stack: "at fetch (boss.js:1)" });
    expect(describeError({ code: 42 })).toBe('{"code":42}');
    expect(describeError("plain")).toBe("plain");
  });

  it("carries an Error's stack and its cause", () => {
    const error = new Error("upload failed", { cause: new Error("ECONNRESET") });
    const fields = errorFields(error);
    expect(fields.error).toBe("Error: upload failed");
    expect(fields.stack).toContain("log.server.test.ts");
    expect(fields.cause).toBe("Error: ECONNRESET");
  });
});
