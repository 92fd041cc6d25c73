import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** Whether a unit id exists in the imported plan's unit registry. */
@Injectable()
export class UnitDirectory {
  constructor(private readonly dataSource: DataSource) {}

  async exists(unitId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>('SELECT 1 FROM plan_units WHERE id = $1 LIMIT 1', [
      unitId,
    ]);
    return rows.length > 0;
  }
}
