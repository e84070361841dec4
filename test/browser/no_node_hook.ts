/**
 * A module resolve hook (node:module register) that refuses, for any module under dist/src/, an
 * import of a Node builtin or of an npm package: what a browser bundle of the core could not satisfy.
 */
interface ResolveContext { parentURL?: string }
type NextResolve = (specifier: string, context: ResolveContext) => Promise<unknown>;

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<unknown> {
  const parent = context.parentURL ?? '';
  if (parent.includes('/dist/src/') && (specifier.startsWith('node:') || !/^[./]/.test(specifier))) {
    throw new Error(`not browser-safe: ${parent.slice(parent.indexOf('/dist/src/') + 1)} imports '${specifier}'`);
  }
  return next(specifier, context);
}
