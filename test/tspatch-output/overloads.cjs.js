"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.parse = parse;
exports.pad = pad;
exports.check = check;
var _lc$bh07 = require("logcrest").__lc;
var _lcS$bh07 = _lcS$bh07 || _lcT$bh07();
function _lcT$bh07() { return _lcS$bh07 = _lc$bh07.sites("fixtures/overloads/input.ts", [["parse", 5, 20, 0], ["pad", 12, 20, 0], ["Conv.to", 20, 20, 0]]); }
function parse(x) {
    const _lcF$bh07 = 20 < _lc$bh07.state.minLevel ? null : _lc$bh07.enter((_lcS$bh07 || _lcT$bh07())[0]);
    try {
        return typeof x === "string" ? Number(x) : String(x);
    }
    catch (_lcE$bh07) {
        if (_lcF$bh07 !== null)
            _lc$bh07.fail(_lcF$bh07, _lcE$bh07);
        throw _lcE$bh07;
    }
    finally {
        if (_lcF$bh07 !== null)
            _lc$bh07.exit(_lcF$bh07);
    }
}
/** @logcrest */
function pad(x) {
    const _lcF$bh07 = 20 < _lc$bh07.state.minLevel ? null : _lc$bh07.enter((_lcS$bh07 || _lcT$bh07())[1]);
    try {
        return String(x).padStart(3, "0");
    }
    catch (_lcE$bh07) {
        if (_lcF$bh07 !== null)
            _lc$bh07.fail(_lcF$bh07, _lcE$bh07);
        throw _lcE$bh07;
    }
    finally {
        if (_lcF$bh07 !== null)
            _lc$bh07.exit(_lcF$bh07);
    }
}
class Conv {
    to(x) {
        const _lcF$bh07 = 20 < _lc$bh07.state.minLevel ? null : _lc$bh07.enter((_lcS$bh07 || _lcT$bh07())[2]);
        try {
            return typeof x === "string" ? x.length : `${x}`;
        }
        catch (_lcE$bh07) {
            if (_lcF$bh07 !== null)
                _lc$bh07.fail(_lcF$bh07, _lcE$bh07);
            throw _lcE$bh07;
        }
        finally {
            if (_lcF$bh07 !== null)
                _lc$bh07.exit(_lcF$bh07);
        }
    }
}
function check() {
    return { parsed: parse("42"), printed: parse(7), padded: pad(5), conv: new Conv().to("abc") };
}
