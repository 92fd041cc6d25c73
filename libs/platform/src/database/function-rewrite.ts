import type { QueryRunner } from 'typeorm';

/** A text of a function's definition and what replaces it. */
export type FunctionEdit = readonly [from: string, to: string];

/**
 * Recreates a database function from its own definition with each text replaced (each must occur exactly once), so a
 * migration states only the lines it changes. `signature`: as `regprocedure` reads it, e.g. `pm_append(text,text)`.
 */
export async function rewriteFunction(
  q: QueryRunner,
  signature: string,
  edits: readonly FunctionEdit[],
): Promise<void> {
  const [row] = (await q.query(`SELECT pg_get_functiondef($1::regprocedure) AS def`, [signature])) as {
    def: string;
  }[];
  let def = row!.def;
  for (const [from, to] of edits) {
    if (def.split(from).length !== 2) throw new Error(`${signature}: expected "${from}" exactly once`);
    def = def.split(from).join(to); // (not `replace`: it would read `$$` or `$1` in `to` as patterns)
  }
  await q.query(def);
}

/** The edits that undo `edits`. */
export const reversed = (edits: readonly FunctionEdit[]): FunctionEdit[] =>
  [...edits].reverse().map(([from, to]) => [to, from] as const);
