import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { LedgerService } from '@app/reports';
import { MilestoneFilterQueryDto } from '../read-models/read-models.dto';
import { reportDisposition } from './content-disposition';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The 督办台账 (supervision ledger) in Excel. */
@ApiTags('reports')
@Controller('api/v1/reports')
export class LedgerController {
  constructor(private readonly ledger: LedgerService) {}

  @Get('ledger.xlsx')
  @ApiOperation({
    summary: '督办台账 (supervision ledger) in Excel: the milestones as of a date, in the office’s layout',
    description:
      'The milestones a GET /api/v1/milestones with the same filters selects (zone — 全市 for the city-wide —, ' +
      'district, unit, role, section, year, lifecycle, schedule, health, q), all of them, in plan order, as of ' +
      '`asOf` and as known at `knownAt`. One sheet per section of the plan (一、二、三…), a title row 《plan》重点任务' +
      '督办台账（截至 date）, the section, the dates and the filters, then the columns 序号 (the task’s number in the ' +
      'plan), 重点任务, 工作目标, 牵头单位, 配合单位, 完成时限 (with the plan’s own date when it was moved), 进展情况 ' +
      '(the two latest reports with their dates), 状态（红黄绿） (the health colour as the cell’s fill and as a word), ' +
      '存在问题 (days overdue, what makes it red or amber, delay and return reasons). A 分别牵头 milestone has one row ' +
      'per lead unit’s share (序号, 重点任务, 工作目标 and 配合单位 merged over them); with a unit (role lead or none) ' +
      'or a lifecycle, schedule or health filter, only the shares that match it themselves (their lead unit, their ' +
      'own state; every share when the unit cooperates on the milestone). Print-ready: A4 landscape, ' +
      'fitted to the page width, the header row repeated on every page, borders, page numbers.',
  })
  @ApiOkResponse({
    description: 'The workbook (attachment; file name 督办台账-<asOf>.xlsx, RFC 5987)',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiBadRequestResponse({
    description: 'a bad filter, asOf or knownAt, or an unknown zone, district, unit or section (field named)',
  })
  async getLedger(@Query() query: MilestoneFilterQueryDto, @Res() res: FastifyReply): Promise<void> {
    const ledger = await this.ledger.prepare(query);
    // Streamed to the Node response as it is written (headers on it: Fastify sends nothing of its own here).
    const out = res.raw;
    out.statusCode = 200;
    out.setHeader('Content-Type', XLSX);
    out.setHeader('Cache-Control', 'no-store');
    out.setHeader('X-Event-Position', String(ledger.selection.position));
    out.setHeader(
      'Content-Disposition',
      reportDisposition(ledger.fileName, `ledger-${ledger.selection.asOf}.xlsx`),
    );
    try {
      await this.ledger.write(ledger, out);
    } catch (e) {
      // The status line is sent: a broken download must not look complete, so the connection is cut.
      if (!out.headersSent) throw e;
      out.destroy(e instanceof Error ? e : new Error(String(e)));
      throw e;
    }
  }
}
