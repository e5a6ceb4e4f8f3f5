"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.typed = void 0;
exports.untyped = untyped;
exports.check = check;
var _lc$m1xs = require("logcrest").__lc;
var _lcS$m1xs = _lcS$m1xs || _lcT$m1xs();
function _lcT$m1xs() { return _lcS$m1xs = _lc$m1xs.sites("fixtures/ts-expect-error/input.ts", [["untyped", 5, 20, 2], ["typed", 14, 30, 0]]); }
// A `// @ts-expect-error` between the JSDoc tag and the function: the tag still attaches,
// the directive still suppresses the error on its line, and the function is instrumented.
/** @logcrest logResult */
// @ts-expect-error -- the parameter has no type on purpose
function untyped(value) {
    const _lcF$m1xs = 20 < _lc$m1xs.state.minLevel ? null : _lc$m1xs.enter((_lcS$m1xs || _lcT$m1xs())[0]);
    try {
        return _lc$m1xs.ret(_lcF$m1xs, String(value).length);
    }
    catch (_lcE$m1xs) {
        if (_lcF$m1xs !== null)
            _lc$m1xs.fail(_lcF$m1xs, _lcE$m1xs);
        throw _lcE$m1xs;
    }
    finally {
        if (_lcF$m1xs !== null)
            _lc$m1xs.exit(_lcF$m1xs);
    }
}
/**
 * Prose first, then the tag.
 * @logcrest warn
 */
// @ts-expect-error -- a deliberate excess parameter type error on the next line
const typed = (n = "x") => {
    const _lcF$m1xs = 30 < _lc$m1xs.state.minLevel ? null : _lc$m1xs.enter((_lcS$m1xs || _lcT$m1xs())[1]);
    try {
        return n;
    }
    catch (_lcE$m1xs) {
        if (_lcF$m1xs !== null)
            _lc$m1xs.fail(_lcF$m1xs, _lcE$m1xs);
        throw _lcE$m1xs;
    }
    finally {
        if (_lcF$m1xs !== null)
            _lc$m1xs.exit(_lcF$m1xs);
    }
};
exports.typed = typed;
function check() {
    return { untyped: untyped(1234), typed: (0, exports.typed)(5), length: untyped.length };
}
