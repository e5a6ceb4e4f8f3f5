"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.withDefault = withDefault;
exports.loopVar = loopVar;
exports.check = check;
var _lc$j986 = require("logcrest").__lc;
var _lcS$j986 = _lcS$j986 || _lcT$j986();
function _lcT$j986() { return _lcS$j986 = _lc$j986.sites("fixtures/async-var-param/input.ts", [["withDefault", 4, 20, 8], ["loopVar", 12, 20, 8]]); }
// An async body that redeclares a parameter with `var` still starts from the parameter's value
// (the body moves into an arrow, where a fresh `var` would start undefined).
/** @logcrest */
async function withDefault(limit) {
    const _lcF$j986 = 20 < _lc$j986.state.minLevel ? null : _lc$j986.enter((_lcS$j986 || _lcT$j986())[0]);
    const _lcV0$j986 = limit;
    const _lcB$j986 = { "withDefault": async () => { var limit = _lcV0$j986; try {
            // eslint-disable-next-line no-var
            var limit = limit ?? 5;
            await null;
            return await limit;
        }
        catch (_lcE$j986) {
            if (_lcF$j986 !== null)
                _lc$j986.fail(_lcF$j986, _lcE$j986);
            throw _lcE$j986;
        }
        finally {
            if (_lcF$j986 !== null)
                _lc$j986.exit(_lcF$j986);
        } } }["withDefault"];
    return await (_lcF$j986 === null ? _lcB$j986.call(this) : _lc$j986.run(_lcF$j986, _lcB$j986, this));
}
/** @logcrest */
async function loopVar(i) {
    const _lcF$j986 = 20 < _lc$j986.state.minLevel ? null : _lc$j986.enter((_lcS$j986 || _lcT$j986())[1]);
    const _lcV0$j986 = i;
    const _lcB$j986 = { "loopVar": async () => { var i = _lcV0$j986; try {
            for (var i = i; i < 3; i++)
                await null;
            return await i;
        }
        catch (_lcE$j986) {
            if (_lcF$j986 !== null)
                _lc$j986.fail(_lcF$j986, _lcE$j986);
            throw _lcE$j986;
        }
        finally {
            if (_lcF$j986 !== null)
                _lc$j986.exit(_lcF$j986);
        } } }["loopVar"];
    return await (_lcF$j986 === null ? _lcB$j986.call(this) : _lc$j986.run(_lcF$j986, _lcB$j986, this));
}
async function check() {
    return { given: await withDefault(2), defaulted: await withDefault(), loop: await loopVar(1) };
}
