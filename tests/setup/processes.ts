// Processes as Linux shows them in /proc, for tests that start process trees
// (npm start, the media worker with its ffmpeg) and must see them gone.
import fs from "node:fs";

/** Live members of a process group, from /proc (zombies waiting for init to reap them are gone). */
export function processesInGroup(group: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // "pid (comm) state ppid pgrp …"; comm may contain spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === group && state !== "Z") members.push(Number(entry));
  }
  return members;
}
