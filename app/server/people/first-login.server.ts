// Help for the first login from a printed slip. A grandparent copying
// "kx7m 4pwe" types a space, a capital from the phone's auto-capitalisation
// or full-width letters; the login page may try the password once more in
// its normalised form, but only for an account that still has its printed
// initial password (batch-created, not yet changed): for any other account
// a second guess per attempt would weaken the login limits for nothing.
import { normaliseTypedInitialPassword } from "~/domain/intake/credentials.ts";
import { getDb } from "~/server/db/db.server.ts";

/** The normalised password to try again with, or null when there is nothing to retry. */
export async function initialPasswordRetry(identifier: string, typedPassword: string): Promise<string | null> {
  const normalised = normaliseTypedInitialPassword(typedPassword);
  if (normalised === null || normalised === typedPassword) return null;
  const name = identifier.normalize("NFKC").trim();
  const account = await getDb().user.findFirst({
    where: { username: { in: [name, name.toLowerCase()] }, mustChangePassword: true, initialPasswordEnc: { not: null } },
    select: { id: true },
  });
  return account ? normalised : null;
}
