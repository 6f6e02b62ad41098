// Files hop3 and the app keep at the root of a release that are never web content.

/**
 * hop3's own files and the app's config at a release's root (Dokku's CHECKS, the `hop3/` config folder): never
 * served, nor anything below them, even by `static: .` (404).
 */
export const RELEASE_ROOT_FILES: readonly string[] = [
  'BUILD_ARTIFACT.json',
  'build.log',
  'Procfile',
  'ENV',
  'hop3.toml',
  'app.json',
  'CHECKS',
  'hop3',
];
