import { __lc as _lc$8l2h } from "logcrest";
var _lcS$8l2h = _lcS$8l2h || _lcT$8l2h();
function _lcT$8l2h() { return _lcS$8l2h = _lc$8l2h.sites("fixtures/arrow-expression-body/input.ts", [["double", 3, 20, 2], ["point", 6, 20, 2], ["compose", 9, 20, 0]]); }
// Arrows with expression bodies (also returning an object literal), logResult on them.
/** @logcrest logResult */
export const double = (x) => {
    const _lcF$8l2h = 20 < _lc$8l2h.state.minLevel ? null : _lc$8l2h.enter((_lcS$8l2h || _lcT$8l2h())[0]);
    try {
        return _lc$8l2h.ret(_lcF$8l2h, x * 2);
    }
    catch (_lcE$8l2h) {
        if (_lcF$8l2h !== null)
            _lc$8l2h.fail(_lcF$8l2h, _lcE$8l2h);
        throw _lcE$8l2h;
    }
    finally {
        if (_lcF$8l2h !== null)
            _lc$8l2h.exit(_lcF$8l2h);
    }
};
/** @logcrest logResult */
const point = (x, y) => {
    const _lcF$8l2h = 20 < _lc$8l2h.state.minLevel ? null : _lc$8l2h.enter((_lcS$8l2h || _lcT$8l2h())[1]);
    try {
        return _lc$8l2h.ret(_lcF$8l2h, ({ x, y }));
    }
    catch (_lcE$8l2h) {
        if (_lcF$8l2h !== null)
            _lc$8l2h.fail(_lcF$8l2h, _lcE$8l2h);
        throw _lcE$8l2h;
    }
    finally {
        if (_lcF$8l2h !== null)
            _lc$8l2h.exit(_lcF$8l2h);
    }
};
/** @logcrest */
const compose = (a) => {
    const _lcF$8l2h = 20 < _lc$8l2h.state.minLevel ? null : _lc$8l2h.enter((_lcS$8l2h || _lcT$8l2h())[2]);
    try {
        return double(a) + 1;
    }
    catch (_lcE$8l2h) {
        if (_lcF$8l2h !== null)
            _lc$8l2h.fail(_lcF$8l2h, _lcE$8l2h);
        throw _lcE$8l2h;
    }
    finally {
        if (_lcF$8l2h !== null)
            _lc$8l2h.exit(_lcF$8l2h);
    }
};
export function check() {
    return { double: double(4), point: point(1, 2), compose: compose(5), length: point.length, name: point.name };
}
