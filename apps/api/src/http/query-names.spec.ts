import type { OpenAPIObject } from '@nestjs/swagger';
import { declaredQueryNames, undeclaredQueryParameter } from './query-names';

const document = {
  openapi: '3.0.0',
  info: { title: 't', version: '1' },
  components: { parameters: { Q: { name: 'shared', in: 'query' }, H: { name: 'X-H', in: 'header' } } },
  paths: {
    '/a/{id}': {
      get: {
        operationId: 'A_get',
        responses: {},
        parameters: [
          { name: 'id', in: 'path', required: true },
          { name: 'format', in: 'query' },
          { $ref: '#/components/parameters/Q' },
          { $ref: '#/components/parameters/H' },
        ],
      },
      post: { operationId: 'A_post', responses: {} },
    },
  },
} as OpenAPIObject;

describe('declaredQueryNames', () => {
  it('per operationId, its query parameters only (those it refers to read), none for an operation without', () => {
    const names = declaredQueryNames(document);
    expect([...(names.get('A_get') ?? [])]).toEqual(['format', 'shared']);
    expect([...(names.get('A_post') ?? ['?'])]).toEqual([]);
  });
});

describe('undeclaredQueryParameter', () => {
  it('names the parameter and what the route takes, in English and Chinese', () => {
    expect(undeclaredQueryParameter('from', new Set())).toEqual({
      field: 'from',
      code: 'whitelistValidation',
      message: 'is not a query parameter of this route (it takes none)',
      messageZh: '此接口没有查询参数「from」（它不接受查询参数）',
    });
    expect(undeclaredQueryParameter('as_of', new Set(['asOf', 'knownAt'])).messageZh).toBe(
      '此接口没有查询参数「as_of」（可用的参数：asOf、knownAt）',
    );
  });
});
