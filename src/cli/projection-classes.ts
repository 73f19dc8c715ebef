import type { Type } from '@nestjs/common';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Projection } from '../shared/projections/projection.js';

/**
 * Every projection of the modules, found by the house naming (`*.projection.ts`, compiled
 * to `.js` next to this file's build) and by its @Projection() mark, without loading the
 * modules themselves: their controllers would bring the whole HTTP side. The app registers
 * the same classes in its modules' providers; test/rebuild-cli checks that both agree.
 */
export async function projectionClasses(): Promise<Type[]> {
  const here = fileURLToPath(import.meta.url);
  const suffix = `.projection${path.extname(here)}`;
  const modules = path.resolve(path.dirname(here), '../modules');
  const files = readdirSync(modules, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith(suffix))
    .sort();
  const classes: Type[] = [];
  for (const file of files) {
    const exported = (await import(pathToFileURL(path.join(modules, file)).href)) as Record<
      string,
      unknown
    >;
    for (const value of Object.values(exported)) {
      if (typeof value === 'function' && Reflect.getMetadata(Projection.KEY, value)) {
        classes.push(value as Type);
      }
    }
  }
  return classes;
}
