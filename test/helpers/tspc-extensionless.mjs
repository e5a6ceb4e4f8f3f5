// `node --import` this file: registers a resolve hook that retries an extensionless
// relative import (`./other`) as `./other.js`, as bundlers resolve it. The fixtures are
// written for esbuild; tsc keeps specifiers as written, Node's ESM resolver wants the
// extension. Nothing else is changed.
import { register } from "node:module";

register("data:text/javascript," + encodeURIComponent(`
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    if (err && err.code === "ERR_MODULE_NOT_FOUND" && /^\\.\\.?\\//.test(specifier) && !/\\.[cm]?js$/.test(specifier)) {
      return next(specifier + ".js", context);
    }
    throw err;
  }
}
`));
