"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.calc = calc;
exports.later = later;
exports.check = check;
var _lc$q5m = require("logcrest").__lc;
var _lcS$q5m = _lcS$q5m || _lcT$q5m();
function _lcT$q5m() { return _lcS$q5m = _lc$q5m.sites("fixtures/no-semicolons/input.ts", [["calc", 5, 20, 2], ["tpl", 13, 20, 0], ["later", 17, 20, 8]]); }
// A file without semicolons: inserted statements bring their own, ASI lines stay intact.
const base = 10;
/** @logcrest logResult */
function calc(x) {
    "use strict";
    const _lcF$q5m = 20 < _lc$q5m.state.minLevel ? null : _lc$q5m.enter((_lcS$q5m || _lcT$q5m())[0]);
    try {
        const y = x + base;
        return _lc$q5m.ret(_lcF$q5m, y
            * 2);
    }
    catch (_lcE$q5m) {
        if (_lcF$q5m !== null)
            _lc$q5m.fail(_lcF$q5m, _lcE$q5m);
        throw _lcE$q5m;
    }
    finally {
        if (_lcF$q5m !== null)
            _lc$q5m.exit(_lcF$q5m);
    }
}
/** @logcrest */
const tpl = (s) => {
    const _lcF$q5m = 20 < _lc$q5m.state.minLevel ? null : _lc$q5m.enter((_lcS$q5m || _lcT$q5m())[1]);
    try {
        return `<${s}>`;
    }
    catch (_lcE$q5m) {
        if (_lcF$q5m !== null)
            _lc$q5m.fail(_lcF$q5m, _lcE$q5m);
        throw _lcE$q5m;
    }
    finally {
        if (_lcF$q5m !== null)
            _lc$q5m.exit(_lcF$q5m);
    }
};
/** @logcrest */
async function later(v) {
    const _lcF$q5m = 20 < _lc$q5m.state.minLevel ? null : _lc$q5m.enter((_lcS$q5m || _lcT$q5m())[2]);
    const _lcB$q5m = { "later": async () => { try {
            const w = await Promise.resolve(v);
            [1, 2].forEach(() => { });
            return await w;
        }
        catch (_lcE$q5m) {
            if (_lcF$q5m !== null)
                _lc$q5m.fail(_lcF$q5m, _lcE$q5m);
            throw _lcE$q5m;
        }
        finally {
            if (_lcF$q5m !== null)
                _lc$q5m.exit(_lcF$q5m);
        } } }["later"];
    return await (_lcF$q5m === null ? _lcB$q5m.call(this) : _lc$q5m.run(_lcF$q5m, _lcB$q5m, this));
}
async function check() {
    return { calc: calc(1), tpl: tpl("a"), later: await later(4) };
}
