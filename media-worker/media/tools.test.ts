import { describe, expect, it } from "vitest";
import { MediaError } from "../../app/domain/media-failures.ts";
import { runTool, tail, ToolMissingError } from "./tools.ts";

describe("runTool", () => {
  it("SIGKILLs a tool that runs past its time limit", async () => {
    const started = Date.now();
    const error = await runTool("sleep", ["30"], { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaError);
    expect((error as MediaError).code).toBe("processing_timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports a missing binary as such", async () => {
    await expect(runTool("/nonexistent/heif-convert", [], { timeoutMs: 1_000 })).rejects.toBeInstanceOf(ToolMissingError);
  });

  it("passes arguments as argv, never through a shell", async () => {
    const result = await runTool("echo", ["$(id)", ";", "`uname`"], { timeoutMs: 5_000 });
    expect(result.stdout.trim()).toBe("$(id) ; `uname`");
    expect(result.code).toBe(0);
  });

  it("keeps the end of long tool output for logs", () => {
    expect(tail("a\nb\nc\nd", 2)).toBe("c\nd");
  });
});
