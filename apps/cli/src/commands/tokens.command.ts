import type { Command } from 'commander';
import { TokenService } from '@app/access';
import { PlanCatalogQueries } from '@app/plans';
import { CliInputError, withContext } from '../cli-context';

export function registerTokensCommands(program: Command): void {
  const tokens = program.command('tokens').description('API tokens: create, list, revoke');

  tokens
    .command('create')
    .description('create a token; its value is printed once')
    .requiredOption('--role <role>', 'admin | supervisor | reporter | viewer')
    .option('--unit <unitId>', 'the unit a reporter is bound to')
    .requiredOption('--name <name>', 'who or what the token is for')
    .action(async (opts: { role: string; unit?: string; name: string }) => {
      const created = await withContext(async (ctx) => {
        const catalog = ctx.get(PlanCatalogQueries);
        return ctx
          .get(TokenService)
          .create(opts, 'cli', (u) => catalog.unitExists(u))
          .catch((e: unknown) => {
            throw new CliInputError(e instanceof Error ? e.message : String(e));
          });
      });
      process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
      process.stderr.write('The token is shown only this once. 令牌只显示这一次，请妥善保存。\n');
    });

  tokens
    .command('list')
    .description('list tokens (never their values)')
    .action(async () => {
      const list = await withContext(async (ctx) => ctx.get(TokenService).list());
      for (const t of list) {
        process.stdout.write(
          `${t.id}  ${t.role.padEnd(10)} ${(t.unit ?? '-').padEnd(14)} ${t.revokedAt ? 'REVOKED' : 'active '}  ${t.name}\n`,
        );
      }
    });

  tokens
    .command('revoke <id>')
    .description('revoke a token')
    .action(async (id: string) => {
      const t = await withContext(async (ctx) =>
        ctx
          .get(TokenService)
          .revoke(id)
          .catch((e: unknown) => {
            throw new CliInputError(e instanceof Error ? e.message : String(e));
          }),
      );
      process.stdout.write(`revoked ${t.id} (${t.name}) at ${t.revokedAt}\n`);
    });
}
