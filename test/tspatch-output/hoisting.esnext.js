import { __lc as _lc$f9jp } from "logcrest";
var _lcS$f9jp = _lcS$f9jp || _lcT$f9jp();
function _lcT$f9jp() { return _lcS$f9jp = _lc$f9jp.sites("fixtures/hoisting/input.ts", [["helper", 5, 20, 0]]); }
// Hoisting unchanged: a tagged declaration called at module top level before its position.
export const early = helper(2);
/** @logcrest */
function helper(x) {
    const _lcF$f9jp = 20 < _lc$f9jp.state.minLevel ? null : _lc$f9jp.enter((_lcS$f9jp || _lcT$f9jp())[0]);
    try {
        return x * 3;
    }
    catch (_lcE$f9jp) {
        if (_lcF$f9jp !== null)
            _lc$f9jp.fail(_lcF$f9jp, _lcE$f9jp);
        throw _lcE$f9jp;
    }
    finally {
        if (_lcF$f9jp !== null)
            _lc$f9jp.exit(_lcF$f9jp);
    }
}
export function check() {
    return { early, later: helper(3) };
}
