// The template renderer: the only module that imports nunjucks. Config files, so no HTML escaping.
import nunjucks from 'nunjucks';

/** Renders `templates/<name>` with `context`; an undefined variable is an error. */
export type RenderTemplate = (name: string, context: Record<string, unknown>) => string;

/** Creates a renderer over one templates directory (compiled templates are cached). */
export function createRenderer(templatesDir: string): RenderTemplate {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(templatesDir), {
    autoescape: false,
    throwOnUndefined: true,
    trimBlocks: true,
    lstripBlocks: true,
  });
  return (name, context) => env.render(name, context);
}
