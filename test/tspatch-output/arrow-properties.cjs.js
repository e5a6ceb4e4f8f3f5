"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.check = check;
var _lc$jxqp = require("logcrest").__lc;
var _lcS$jxqp = _lcS$jxqp || _lcT$jxqp();
function _lcT$jxqp() { return _lcS$jxqp = _lc$jxqp.sites("fixtures/arrow-properties/input.ts", [["list", 4, 20, 0], ["count", 6, 20, 0], ["inc", 13, 20, 0]]); }
// Arrows and function expressions stored in properties and assignment targets.
const api = {
    /** @logcrest */
    list: (n) => {
        const _lcF$jxqp = 20 < _lc$jxqp.state.minLevel ? null : _lc$jxqp.enter((_lcS$jxqp || _lcT$jxqp())[0]);
        try {
            return Array.from({ length: n }, (_, i) => i);
        }
        catch (_lcE$jxqp) {
            if (_lcF$jxqp !== null)
                _lc$jxqp.fail(_lcF$jxqp, _lcE$jxqp);
            throw _lcE$jxqp;
        }
        finally {
            if (_lcF$jxqp !== null)
                _lc$jxqp.exit(_lcF$jxqp);
        }
    },
    /** @logcrest */
    count: function (xs) {
        const _lcF$jxqp = 20 < _lc$jxqp.state.minLevel ? null : _lc$jxqp.enter((_lcS$jxqp || _lcT$jxqp())[1]);
        try {
            return xs.length;
        }
        catch (_lcE$jxqp) {
            if (_lcF$jxqp !== null)
                _lc$jxqp.fail(_lcF$jxqp, _lcE$jxqp);
            throw _lcE$jxqp;
        }
        finally {
            if (_lcF$jxqp !== null)
                _lc$jxqp.exit(_lcF$jxqp);
        }
    },
};
const handlers = {};
/** @logcrest */
handlers.inc = (x) => {
    const _lcF$jxqp = 20 < _lc$jxqp.state.minLevel ? null : _lc$jxqp.enter((_lcS$jxqp || _lcT$jxqp())[2]);
    try {
        return x + 1;
    }
    catch (_lcE$jxqp) {
        if (_lcF$jxqp !== null)
            _lc$jxqp.fail(_lcF$jxqp, _lcE$jxqp);
        throw _lcE$jxqp;
    }
    finally {
        if (_lcF$jxqp !== null)
            _lc$jxqp.exit(_lcF$jxqp);
    }
};
function check() {
    return { list: api.list(3), count: api.count([1, 2]), inc: handlers.inc(1) };
}
