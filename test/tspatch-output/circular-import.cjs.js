"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.shared = shared;
exports.check = check;
var _lc$brrx = require("logcrest").__lc;
var _lcS$brrx = _lcS$brrx || _lcT$brrx();
function _lcT$brrx() { return _lcS$brrx = _lc$brrx.sites("fixtures/circular-import/input.ts", [["shared", 6, 20, 0]]); }
// A circular import calls a tagged (hoisted) declaration of this module before this
// module's body ran: the site table is built on first use instead of being undefined.
const other_1 = require("./other");
/** @logcrest */
function shared(x) {
    const _lcF$brrx = 20 < _lc$brrx.state.minLevel ? null : _lc$brrx.enter((_lcS$brrx || _lcT$brrx())[0]);
    try {
        return x + 1;
    }
    catch (_lcE$brrx) {
        if (_lcF$brrx !== null)
            _lc$brrx.fail(_lcF$brrx, _lcE$brrx);
        throw _lcE$brrx;
    }
    finally {
        if (_lcF$brrx !== null)
            _lc$brrx.exit(_lcF$brrx);
    }
}
function check() {
    return { fromOther: other_1.fromOther, now: shared(10) };
}
