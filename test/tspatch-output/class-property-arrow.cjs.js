"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Counter = void 0;
exports.check = check;
var _lc$bcxs = require("logcrest").__lc;
var _lcS$bcxs = _lcS$bcxs || _lcT$bcxs();
function _lcT$bcxs() { return _lcS$bcxs = _lc$bcxs.sites("fixtures/class-property-arrow/input.ts", [["Counter.increment", 5, 20, 0], ["Counter.make", 10, 20, 0]]); }
// Class property arrows keep `this` bound to the instance, also when detached.
class Counter {
    count = 0;
    /** @logcrest */
    increment = (by) => {
        const _lcF$bcxs = 20 < _lc$bcxs.state.minLevel ? null : _lc$bcxs.enter((_lcS$bcxs || _lcT$bcxs())[0]);
        try {
            this.count += by;
            return this.count;
        }
        catch (_lcE$bcxs) {
            if (_lcF$bcxs !== null)
                _lc$bcxs.fail(_lcF$bcxs, _lcE$bcxs);
            throw _lcE$bcxs;
        }
        finally {
            if (_lcF$bcxs !== null)
                _lc$bcxs.exit(_lcF$bcxs);
        }
    };
    /** @logcrest */
    static make = () => {
        const _lcF$bcxs = 20 < _lc$bcxs.state.minLevel ? null : _lc$bcxs.enter((_lcS$bcxs || _lcT$bcxs())[1]);
        try {
            return new Counter();
        }
        catch (_lcE$bcxs) {
            if (_lcF$bcxs !== null)
                _lc$bcxs.fail(_lcF$bcxs, _lcE$bcxs);
            throw _lcE$bcxs;
        }
        finally {
            if (_lcF$bcxs !== null)
                _lc$bcxs.exit(_lcF$bcxs);
        }
    };
}
exports.Counter = Counter;
function check() {
    const c = Counter.make();
    const detached = c.increment;
    detached(2);
    return { count: detached(3), same: c.count };
}
