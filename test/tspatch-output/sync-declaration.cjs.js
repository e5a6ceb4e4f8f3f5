"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.total = total;
exports.check = check;
var _lc$at00 = require("logcrest").__lc;
var _lcS$at00 = _lcS$at00 || _lcT$at00();
function _lcT$at00() { return _lcS$at00 = _lc$at00.sites("fixtures/sync-declaration/input.ts", [["total", 3, 20, 0], ["withTax", 10, 10, 0]]); }
// Function declarations, `export`, nested sync calls sharing one trace.
/** @logcrest */
function total(prices, secret) {
    const _lcF$at00 = 20 < _lc$at00.state.minLevel ? null : _lc$at00.enter((_lcS$at00 || _lcT$at00())[0]);
    try {
        let sum = 0;
        for (const p of prices)
            sum += withTax(p);
        return sum + (secret.length > 0 ? 0 : 0);
    }
    catch (_lcE$at00) {
        if (_lcF$at00 !== null)
            _lc$at00.fail(_lcF$at00, _lcE$at00);
        throw _lcE$at00;
    }
    finally {
        if (_lcF$at00 !== null)
            _lc$at00.exit(_lcF$at00);
    }
}
/** @logcrest debug */
function withTax(price) {
    const _lcF$at00 = 10 < _lc$at00.state.minLevel ? null : _lc$at00.enter((_lcS$at00 || _lcT$at00())[1]);
    try {
        return Math.round(price * 1.2);
    }
    catch (_lcE$at00) {
        if (_lcF$at00 !== null)
            _lc$at00.fail(_lcF$at00, _lcE$at00);
        throw _lcE$at00;
    }
    finally {
        if (_lcF$at00 !== null)
            _lc$at00.exit(_lcF$at00);
    }
}
function check() {
    return { total: total([10, 20], "hunter2"), name: total.name, length: total.length, again: total([5], "x") };
}
