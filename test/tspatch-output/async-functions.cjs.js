"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.load = load;
exports.check = check;
var _lc$jsbe = require("logcrest").__lc;
var _lcS$jsbe = _lcS$jsbe || _lcT$jsbe();
function _lcT$jsbe() { return _lcS$jsbe = _lc$jsbe.sites("fixtures/async-functions/input.ts", [["load", 4, 20, 8], ["fetchRow", 10, 20, 8], ["failLater", 16, 20, 8], ["quick", 22, 20, 8]]); }
// Async functions stay async; timing runs until the promise settles; nested awaited calls
// share the trace; a returned (not awaited) rejected promise is still recorded as a crash.
/** @logcrest */
async function load(id) {
    const _lcF$jsbe = 20 < _lc$jsbe.state.minLevel ? null : _lc$jsbe.enter((_lcS$jsbe || _lcT$jsbe())[0]);
    const _lcB$jsbe = { "load": async () => { try {
            await new Promise((r) => setTimeout(r, 20));
            return await fetchRow(id);
        }
        catch (_lcE$jsbe) {
            if (_lcF$jsbe !== null)
                _lc$jsbe.fail(_lcF$jsbe, _lcE$jsbe);
            throw _lcE$jsbe;
        }
        finally {
            if (_lcF$jsbe !== null)
                _lc$jsbe.exit(_lcF$jsbe);
        } } }["load"];
    return await (_lcF$jsbe === null ? _lcB$jsbe.call(this) : _lc$jsbe.run(_lcF$jsbe, _lcB$jsbe, this));
}
/** @logcrest */
async function fetchRow(id) {
    const _lcF$jsbe = 20 < _lc$jsbe.state.minLevel ? null : _lc$jsbe.enter((_lcS$jsbe || _lcT$jsbe())[1]);
    const _lcB$jsbe = { "fetchRow": async () => { try {
            await null;
            return await { id, row: `row-${id}` };
        }
        catch (_lcE$jsbe) {
            if (_lcF$jsbe !== null)
                _lc$jsbe.fail(_lcF$jsbe, _lcE$jsbe);
            throw _lcE$jsbe;
        }
        finally {
            if (_lcF$jsbe !== null)
                _lc$jsbe.exit(_lcF$jsbe);
        } } }["fetchRow"];
    return await (_lcF$jsbe === null ? _lcB$jsbe.call(this) : _lc$jsbe.run(_lcF$jsbe, _lcB$jsbe, this));
}
/** @logcrest */
const failLater = async () => {
    const _lcF$jsbe = 20 < _lc$jsbe.state.minLevel ? null : _lc$jsbe.enter((_lcS$jsbe || _lcT$jsbe())[2]);
    const _lcB$jsbe = { "failLater": async () => { try {
            await null;
            return await Promise.reject(new RangeError("gone"));
        }
        catch (_lcE$jsbe) {
            if (_lcF$jsbe !== null)
                _lc$jsbe.fail(_lcF$jsbe, _lcE$jsbe);
            throw _lcE$jsbe;
        }
        finally {
            if (_lcF$jsbe !== null)
                _lc$jsbe.exit(_lcF$jsbe);
        } } }["failLater"];
    return await (_lcF$jsbe === null ? _lcB$jsbe() : _lc$jsbe.run(_lcF$jsbe, _lcB$jsbe));
};
/** @logcrest */
const quick = async (x) => {
    const _lcF$jsbe = 20 < _lc$jsbe.state.minLevel ? null : _lc$jsbe.enter((_lcS$jsbe || _lcT$jsbe())[3]);
    const _lcB$jsbe = { "quick": async () => { try {
            return await (x + 1);
        }
        catch (_lcE$jsbe) {
            if (_lcF$jsbe !== null)
                _lc$jsbe.fail(_lcF$jsbe, _lcE$jsbe);
            throw _lcE$jsbe;
        }
        finally {
            if (_lcF$jsbe !== null)
                _lc$jsbe.exit(_lcF$jsbe);
        } } }["quick"];
    return await (_lcF$jsbe === null ? _lcB$jsbe() : _lc$jsbe.run(_lcF$jsbe, _lcB$jsbe));
};
async function check() {
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
