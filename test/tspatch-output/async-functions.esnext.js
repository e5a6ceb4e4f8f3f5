import { __lc as _lc$jsbe } from "logcrest";
var _lcS$jsbe = _lcS$jsbe || _lcT$jsbe();
function _lcT$jsbe() { return _lcS$jsbe = _lc$jsbe.sites("fixtures/async-functions/input.ts", [["load", 4, 20, 8], ["fetchRow", 10, 20, 8], ["failLater", 16, 20, 8], ["quick", 22, 20, 8]]); }
// Async functions stay async; timing runs until the promise settles; nested awaited calls
// share the trace; a returned (not awaited) rejected promise is still recorded as a crash.
/** @logcrest */
export async function load(id) {
    const _lcF$jsbe = _lc$jsbe.enter((_lcS$jsbe || _lcT$jsbe())[0]);
    return await _lc$jsbe.run(_lcF$jsbe, async () => {
        try {
            await new Promise((r) => setTimeout(r, 20));
            return await fetchRow(id);
        }
        catch (_lcE$jsbe) {
            _lc$jsbe.fail(_lcF$jsbe, _lcE$jsbe);
            throw _lcE$jsbe;
        }
        finally {
            _lc$jsbe.exit(_lcF$jsbe);
        }
    });
}
/** @logcrest */
async function fetchRow(id) {
    const _lcF$jsbe = _lc$jsbe.enter((_lcS$jsbe || _lcT$jsbe())[1]);
    return await _lc$jsbe.run(_lcF$jsbe, async () => {
        try {
            await null;
            return await { id, row: `row-${id}` };
        }
        catch (_lcE$jsbe) {
            _lc$jsbe.fail(_lcF$jsbe, _lcE$jsbe);
            throw _lcE$jsbe;
        }
        finally {
            _lc$jsbe.exit(_lcF$jsbe);
        }
    });
}
/** @logcrest */
const failLater = async () => {
    const _lcF$jsbe = _lc$jsbe.enter((_lcS$jsbe || _lcT$jsbe())[2]);
    return await _lc$jsbe.run(_lcF$jsbe, async () => {
        try {
            await null;
            return await Promise.reject(new RangeError("gone"));
        }
        catch (_lcE$jsbe) {
            _lc$jsbe.fail(_lcF$jsbe, _lcE$jsbe);
            throw _lcE$jsbe;
        }
        finally {
            _lc$jsbe.exit(_lcF$jsbe);
        }
    });
};
/** @logcrest */
const quick = async (x) => {
    const _lcF$jsbe = _lc$jsbe.enter((_lcS$jsbe || _lcT$jsbe())[3]);
    return await _lc$jsbe.run(_lcF$jsbe, async () => {
        try {
            return await (x + 1);
        }
        catch (_lcE$jsbe) {
            _lc$jsbe.fail(_lcF$jsbe, _lcE$jsbe);
            throw _lcE$jsbe;
        }
        finally {
            _lc$jsbe.exit(_lcF$jsbe);
        }
    });
};
export async function check() {
    const p = load(1);
    const isPromise = p instanceof Promise;
    const row = await p;
    let failed;
    try {
        await failLater();
    }
    catch (e) {
        failed = e.name;
    }
    return { isPromise, row, failed, quick: await quick(1), asyncKept: load.constructor.name };
}
