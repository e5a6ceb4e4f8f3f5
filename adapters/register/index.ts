/**
 * `logcrest/register`: tags work wherever Node loads TypeScript or JavaScript.
 *
 *   node --import logcrest/register src/main.ts               (Node >= 22.18 type stripping)
 *   node --import logcrest/register --import tsx src/main.ts  (tsx 4, Node 20+: ours first)
 *
 * Registers the load step (./load.ts) with `module.registerHooks` where Node has it (sync,
 * in-thread, also for `require`, and tsx's own require handler through ./foreign-require.ts),
 * else with `module.register`. Options: ./options.ts.
 * Loaded after tsx (`tsx --import logcrest/register`), it would only see tsx's output, with
 * the tag comments gone: that order is reported, never a silent no-op.
 */
import * as nodeModule from "node:module";
import { pathToFileURL } from "node:url";
import { coverForeignRequire } from "./foreign-require";
import { instrumentLoaded, makeStep, type Loaded } from "./load";
import { registerOptions, RegisterOptionsError } from "./options";

type SyncNextLoad = (url: string, context?: object) => Loaded;
type SyncNextResolve = (specifier: string, context?: object) => unknown;
type RegisterHooks = (hooks: {
  resolve: (specifier: string, context: object, nextResolve: SyncNextResolve) => unknown;
  load: (url: string, context: object, nextLoad: SyncNextLoad) => Loaded;
}) => unknown;
// Both are newer than the @types/node we compile against (20.9).
const hooksApi = nodeModule as { registerHooks?: RegisterHooks; register?: (specifier: string, options: { data: unknown }) => void };

/** Index in `execArgv` of the first preload that is tsx, and of the one that is us. */
function loadedAfterTsx(execArgv: readonly string[]): boolean {
  const tsx = execArgv.findIndex((a) => /(?:^|[\\/])tsx(?:[\\/]|$)|^tsx(?:\/|$)/.test(a));
  const ours = execArgv.findIndex((a) => /logcrest[\\/]register|@logcrest[\\/]build|adapters[\\/]register/.test(a));
  return tsx !== -1 && ours !== -1 && tsx < ours;
}

function start(): void {
  if (loadedAfterTsx(process.execArgv)) {
    process.emitWarning(
      "logcrest/register is loaded after tsx, which removes the tag comments first, so nothing is instrumented: run `node --import logcrest/register --import tsx app.ts`",
      { code: "LOGCREST_REGISTER_ORDER" },
    );
  }
  let options: ReturnType<typeof registerOptions>;
  try {
    options = registerOptions(process.env, process.cwd());
    const registerHooks = hooksApi.registerHooks;
    if (typeof registerHooks === "function" && process.env.LOGCREST_REGISTER_ASYNC !== "1") {
      const step = makeStep(options);
      // tsx, loaded after us, compiles `require`d TypeScript past the load hooks: catch its handlers.
      const coverRequire = coverForeignRequire(step);
      registerHooks({
        resolve: (specifier, context, nextResolve) => {
          coverRequire();
          return nextResolve(specifier, context);
        },
        load: (url, context, nextLoad) => instrumentLoaded(step, url, nextLoad(url, context)),
      });
    } else {
      makeStep(options); // validate here, in the main thread, with a clear line
      hooksApi.register!(pathToFileURL(require.resolve("./hooks")).href, { data: options });
    }
  } catch (err) {
    if (!(err instanceof RegisterOptionsError) && !(err instanceof TypeError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

start();
