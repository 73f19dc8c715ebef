/**
 * The files of a new module: its @Module with an empty providers list (the `// commands` and
 * `// queries` comments are where g:command and g:query register handlers) and its controller.
 * Prettier formats them.
 */
import { pascal } from '../names.mjs';

/** @param {string} name kebab-case module name, e.g. `invoices` */
export function moduleFile(name) {
  const base = pascal(name);
  return `import { Module } from '@nestjs/common';
import { ${base}Controller } from './${name}.controller.js';

@Module({
  // TODO: TypeOrmModule.forFeature([...]) once domain/ has entities.
  controllers: [${base}Controller],
  providers: [
    // commands
    // queries
  ],
})
export class ${base}Module {}
`;
}

/** @param {string} name kebab-case module name */
export function controllerFile(name) {
  const base = pascal(name);
  return `import { Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiRateLimited, ApiUnavailable } from '../../shared/http/openapi.decorators.js';

/**
 * HTTP in, a command or a query out: nothing else happens here. g:command and g:query add
 * their routes here, each with its full path and who may call it (@Access).
 */
@ApiTags('${name}')
@ApiRateLimited()
@ApiUnavailable()
@Controller()
export class ${base}Controller {}
`;
}
