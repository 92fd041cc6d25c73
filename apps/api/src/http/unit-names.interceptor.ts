import { CallHandler, Injectable, NestInterceptor } from '@nestjs/common';
import { catchError, from, Observable, switchMap, throwError } from 'rxjs';
import { MilestoneError } from '@app/milestones';
import { PlanCatalogQueries } from '@app/plans';

/**
 * The domain knows units by id; a person knows them by name. A milestone error whose message lists units (the
 * assignments to choose from: ASSIGNMENT_REQUIRED, ASSIGNMENT_UNKNOWN…) leaves with their names from the plan
 * catalogue (the ids stay in the problem's `known` / `own` / `assignment`). For every route, in one place.
 */
@Injectable()
export class UnitNamesInterceptor implements NestInterceptor {
  constructor(private readonly catalog: PlanCatalogQueries) {}

  intercept(_ctx: unknown, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((e: unknown) => {
        if (!(e instanceof MilestoneError) || !e.namesUnits) return throwError(() => e);
        return from(this.catalog.units().catch(() => [])).pipe(
          switchMap((units) => {
            const named = e.withUnitNames(new Map(units.map((u) => [u.id, u.name])));
            return throwError(() => named);
          }),
        );
      }),
    );
  }
}
