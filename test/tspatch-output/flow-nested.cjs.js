"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.outer = outer;
exports.check = check;
var _lc$ggx2 = require("logcrest").__lc;
var _lcS$ggx2 = _lcS$ggx2 || _lcT$ggx2();
function _lcT$ggx2( /** @flow outer */) { return _lcS$ggx2 = _lc$ggx2.sites("fixtures/flow-nested/input.ts", [["outer", 3, 20, 4, "outer"], ["inner", 8, 20, 4, "inner"]]); }
// A @flow called inside an active flow does not start a new one: it becomes a step (with a warning).
/** @flow outer */
function outer() {
    const _lcF$ggx2 = 20 < _lc$ggx2.state.minLevel ? null : _lc$ggx2.enter((_lcS$ggx2 || _lcT$ggx2())[0]);
    try {
        return inner() + 1;
    }
    catch (_lcE$ggx2) {
        if (_lcF$ggx2 !== null)
            _lc$ggx2.fail(_lcF$ggx2, _lcE$ggx2);
        throw _lcE$ggx2;
    }
    finally {
        if (_lcF$ggx2 !== null)
            _lc$ggx2.exit(_lcF$ggx2);
    }
}
/** @flow inner */
function inner() {
    const _lcF$ggx2 = 20 < _lc$ggx2.state.minLevel ? null : _lc$ggx2.enter((_lcS$ggx2 || _lcT$ggx2())[1]);
    try {
        return 1;
    }
    catch (_lcE$ggx2) {
        if (_lcF$ggx2 !== null)
            _lc$ggx2.fail(_lcF$ggx2, _lcE$ggx2);
        throw _lcE$ggx2;
    }
    finally {
        if (_lcF$ggx2 !== null)
            _lc$ggx2.exit(_lcF$ggx2);
    }
}
function check() {
    const warnings = [];
    process.on("warning", (w) => { const code = w.code ?? w.name; if (code.startsWith("LOGCREST"))
        warnings.push(code); }); // only ours: Node 26 adds its own deprecations
    const value = outer();
    return new Promise((resolve) => setImmediate(() => resolve({ value, warnings })));
}
