// Renders the bundle templates with handlebars (the project's only use of handlebars).

import Handlebars from 'handlebars';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../../paths.js';

const cache = new Map<string, HandlebarsTemplateDelegate>();

export function render(template: string, view: object): string {
  let t = cache.get(template);
  if (!t) {
    t = Handlebars.compile(readFileSync(join(TEMPLATES_DIR, template), 'utf8'), { noEscape: true, strict: true });
    cache.set(template, t);
  }
  return t(view);
}
