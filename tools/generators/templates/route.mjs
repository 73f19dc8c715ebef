/**
 * The controller route of a generated command or query: its decorators (who may call it,
 * with `@Access`, and what the OpenAPI document says) and its method, plus the imports it
 * needs. generate.mjs places it in the module's controller (edit-source.mjs); prettier
 * formats it.
 */
import { camel, pascal } from '../names.mjs';

/**
 * @typedef {object} RouteNames
 * @property {string} name kebab-case command or query, e.g. `apply-discount`
 * @property {string} route the path as written in the route decorator (the controller's
 *   prefix left off), e.g. `orders/:id/apply-discount`
 * @property {string[]} access the `@Access` rules, e.g. `['staff']`
 */

/**
 * @typedef {object} Route
 * @property {string} method the decorated method, as it goes into the class body
 * @property {{ name: string, from: string }[]} imports what the method uses, by module
 * @property {'commandBus' | 'queryBus'} bus the bus the controller must have injected
 */

/** Where the controller (src/modules/<m>/<m>.controller.ts) finds the shared decorators. */
const SHARED = '../../shared';

/**
 * `ApplyDiscount` -> `Apply discount`: the OpenAPI summary until someone writes a better one.
 * @param {string} name kebab-case
 */
const summaryOf = (name) => {
  const words = name.replace(/-/g, ' ');
  return words[0].toUpperCase() + words.slice(1);
};

/** @param {string[]} access */
const accessDecorator = (access) => `@Access(${access.map((rule) => `'${rule}'`).join(', ')})`;

/**
 * A route for `customer` lets any customer in: the generated code does not narrow it to the
 * caller's own data, so the route says what is left to do.
 * @param {string[]} access
 */
const customerTodo = (access) =>
  access.includes('customer')
    ? `
  // TODO: 'customer' lets any customer in: narrow it to the caller's own data
  // (@Caller() caller: Principal, then ownerScope(caller) or actingCustomer(caller, ...)).`
    : '';

/** @param {string} route */
const routeLiteral = (route) => (route === '' ? '' : `'${route}'`);

/**
 * The common imports of a route.
 * @param {string[]} fromCommon
 * @param {string[]} fromSwagger
 * @param {boolean} hasId
 */
function commonImports(fromCommon, fromSwagger, hasId) {
  const imports = [
    ...fromCommon.map((name) => ({ name, from: '@nestjs/common' })),
    ...fromSwagger.map((name) => ({ name, from: '@nestjs/swagger' })),
    { name: 'Access', from: `${SHARED}/auth/access.decorator.js` },
    { name: 'ErrorResponseSchema', from: `${SHARED}/http/error-response.schema.js` },
  ];
  if (hasId) {
    imports.push(
      { name: 'Param', from: '@nestjs/common' },
      { name: 'ApiIdParam', from: `${SHARED}/http/openapi.decorators.js` },
      { name: 'ParseIdPipe', from: `${SHARED}/http/parse-id.pipe.js` },
    );
  }
  return imports;
}

/**
 * `POST <route>` answering 200 with what the command answers: the id in the path, the body
 * validated by the request class.
 * @param {RouteNames & { module: string }} n
 * @returns {Route}
 */
export function commandRoute(n) {
  const base = pascal(n.name);
  const command = `${base}Command`;
  const request = `${base}Request`;
  const folder = `./commands/${n.name}/${n.name}`;
  return {
    bus: 'commandBus',
    imports: [
      ...commonImports(
        ['Body', 'HttpCode', 'HttpStatus', 'Post'],
        ['ApiBadRequestResponse', 'ApiOkResponse', 'ApiOperation'],
        true,
      ),
      { name: 'ApiJsonBodyErrors', from: `${SHARED}/http/openapi.decorators.js` },
      { name: command, from: `${folder}.command.js` },
      { name: request, from: `${folder}.request.js` },
    ],
    method: `
  @Post(${routeLiteral(n.route)})
  ${accessDecorator(n.access)}
  @HttpCode(HttpStatus.OK)
  // TODO: say what it does, what it answers and each status it can give (404, 409, ...).
  @ApiOperation({ summary: '${summaryOf(n.name)}' })
  @ApiIdParam('The id of what it changes.')
  @ApiJsonBodyErrors()
  @ApiOkResponse({ description: 'What it changed, and the log position of its event.' })
  @ApiBadRequestResponse({
    description: 'The id is not a UUID, or the body is invalid.',
    type: ErrorResponseSchema,
  })${customerTodo(n.access)}
  ${camel(n.name)}(@Param('id', ParseIdPipe) id: string, @Body() { note }: ${request}) {
    return this.commandBus.execute(new ${command}(id, note));
  }
`,
  };
}

/**
 * `GET <route>`: with the id in the path for a get- query, without for a list- query.
 * @param {RouteNames & { module: string }} n
 * @returns {Route}
 */
export function queryRoute(n) {
  const base = pascal(n.name);
  const query = `${base}Query`;
  const isList = n.name.startsWith('list-');
  const summary = summaryOf(n.name);
  const imports = [
    ...commonImports(['Get'], ['ApiOkResponse', 'ApiOperation'], !isList),
    { name: query, from: `./queries/${n.name}/${n.name}.query.js` },
  ];
  if (!isList) imports.push({ name: 'ApiBadRequestResponse', from: '@nestjs/swagger' });
  const errors = isList
    ? ''
    : `
  @ApiIdParam('The id of what it reads.')
  @ApiBadRequestResponse({ description: 'The id is not a UUID.', type: ErrorResponseSchema })`;
  const signature = isList
    ? `${camel(n.name)}() {
    return this.queryBus.execute(new ${query}());
  }`
    : `${camel(n.name)}(@Param('id', ParseIdPipe) id: string) {
    return this.queryBus.execute(new ${query}(id));
  }`;
  // ErrorResponseSchema is used by a get- route's 400 only.
  const used = isList ? imports.filter((i) => i.name !== 'ErrorResponseSchema') : imports;
  return {
    bus: 'queryBus',
    imports: used,
    method: `
  @Get(${routeLiteral(n.route)})
  ${accessDecorator(n.access)}
  // TODO: say what it answers, and each status it can give (404 for a get- of nothing).
  @ApiOperation({ summary: '${summary}' })${errors}
  @ApiOkResponse({ description: '${isList ? 'The list.' : 'What was asked for.'}' })${customerTodo(n.access)}
  ${signature}
`,
  };
}
