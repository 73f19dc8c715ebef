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

/** HTTP in, a command or a query out: nothing else happens here. */
@Controller('${name}')
export class ${base}Controller {
  // TODO: inject the buses (constructor(private readonly commandBus: CommandBus,
  // private readonly queryBus: QueryBus) {}) and add one route per command and query.
}
`;
}
