// Module resolution hook: @anycable/serverless-js 0.1.0 ships ES modules whose relative imports
// omit the file ("from '../rpc'"), which bundlers accept and plain Node rejects
// (ERR_UNSUPPORTED_DIR_IMPORT / ERR_MODULE_NOT_FOUND). Retry such imports as "<dir>/index.js",
// then "<file>.js". Registered by chat-rpc.mjs with module.register() before the package loads.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (!relative || (error.code !== 'ERR_UNSUPPORTED_DIR_IMPORT' && error.code !== 'ERR_MODULE_NOT_FOUND')) {
      throw error;
    }
    for (const candidate of [`${specifier}/index.js`, `${specifier}.js`]) {
      try {
        return await nextResolve(candidate, context);
      } catch {
        // try the next spelling
      }
    }
    throw error;
  }
}
